#include "engine/net/dns/dns_message.hpp"

#include <random>

#include <gtest/gtest.h>

#include "tests/unit/engine/net/dns/dns_test_messages.hpp"

namespace engine::net::dns {
namespace {

using testing::BuildQuery;
using testing::Bytes;
using testing::Decode;

Query ParseOk(const Bytes& message) {
    ParseResult result = ParseQuery(message);
    EXPECT_EQ(result.status, ParseStatus::kOk);
    return result.query;
}

ParseStatus StatusOf(const Bytes& message) {
    return ParseQuery(message).status;
}

// A query header with `qdcount` questions followed by `rest`.
Bytes Header(unsigned qdcount, const Bytes& rest, std::uint8_t flags = 0x01) {
    Bytes out = {0xab, 0xcd, flags, 0x00, 0, static_cast<std::uint8_t>(qdcount), 0, 0, 0, 0, 0, 0};
    out.insert(out.end(), rest.begin(), rest.end());
    return out;
}

TEST(DnsMessageTest, ParsesTheQuestionLowercasedWithoutTheDot) {
    const Query query = ParseOk(BuildQuery(0x1234, "WeB.MyNet", kTypeA));
    EXPECT_EQ(query.id, 0x1234);
    EXPECT_EQ(query.opcode, 0);
    EXPECT_TRUE(query.recursion_desired);
    EXPECT_EQ(query.name, "web.mynet");
    EXPECT_EQ(query.type, kTypeA);
    EXPECT_EQ(query.klass, kClassIn);
    EXPECT_FALSE(query.edns_udp_size.has_value());
    EXPECT_EQ(ParseOk(BuildQuery(1, "", kTypeA)).name, "");
}

TEST(DnsMessageTest, EscapesOddBytesInNames) {
    // One label "a.b", one label " X\".
    const Bytes question = {3, 'a', '.', 'b', 3, ' ', 'X', '\\', 0, 0, 1, 0, 1};
    EXPECT_EQ(ParseOk(Header(1, question)).name, "a\\.b.\\032x\\\\");
}

TEST(DnsMessageTest, AddressResponseBytes) {
    const Query query = ParseOk(BuildQuery(0x1234, "web.mynet", kTypeA));
    const IpAddress address = IpAddress::Parse("172.20.0.5");
    const Bytes expected = {
        0x12, 0x34, 0x85, 0x80, 0, 1,   0,   1,   0,    0,    0, 0,                 // header: QR AA RD, RA
        3,    'w',  'e',  'b',  5, 'm', 'y', 'n', 'e',  't',  0, 0, 1,   0,  1,     // question
        0xc0, 0x0c, 0,    1,    0, 1,   0,   0,   0x02, 0x58, 0, 4, 172, 20, 0, 5,  // A, TTL 600
    };
    EXPECT_EQ(BuildAddressResponse(query, std::span(&address, 1), 512), expected);
}

TEST(DnsMessageTest, EchoesTheQuestionInTheClientsCase) {
    const Query query = ParseOk(BuildQuery(7, "wEb.MYnet", kTypeAaaa, std::nullopt, false));
    const IpAddress address = IpAddress::Parse("fd00::5");
    const auto decoded = Decode(BuildAddressResponse(query, std::span(&address, 1), 512));
    EXPECT_EQ(decoded.question_name, "wEb.MYnet");
    EXPECT_EQ(decoded.question_type, kTypeAaaa);
    EXPECT_FALSE(decoded.rd);
    EXPECT_TRUE(decoded.ra);
    ASSERT_EQ(decoded.answers.size(), 1u);
    EXPECT_EQ(decoded.answers[0].type, kTypeAaaa);
    EXPECT_EQ(decoded.answers[0].name, "wEb.MYnet");
    EXPECT_EQ(testing::AddressText(decoded.answers[0].data), "fd00::5");
}

TEST(DnsMessageTest, EmptyResponses) {
    const Query query = ParseOk(BuildQuery(9, "web", kTypeAaaa));
    const auto nodata = Decode(BuildAddressResponse(query, {}, 512));
    EXPECT_EQ(nodata.rcode, 0u);
    EXPECT_TRUE(nodata.aa);
    EXPECT_EQ(nodata.ancount, 0u);
    EXPECT_EQ(nodata.qdcount, 1u);

    const auto nxdomain = Decode(BuildEmptyResponse(query, ResponseCode::kNameError));
    EXPECT_EQ(nxdomain.rcode, 3u);
    EXPECT_TRUE(nxdomain.aa);
    EXPECT_EQ(nxdomain.id, 9u);

    const auto servfail = Decode(BuildEmptyResponse(query, ResponseCode::kServerFailure));
    EXPECT_EQ(servfail.rcode, 2u);
    EXPECT_FALSE(servfail.aa);
    EXPECT_TRUE(servfail.qr);
    EXPECT_TRUE(servfail.rd);
    EXPECT_TRUE(servfail.ra);
    EXPECT_EQ(servfail.question_name, "web");
}

TEST(DnsMessageTest, PtrResponse) {
    const Query query = ParseOk(BuildQuery(3, "5.0.20.172.in-addr.arpa", kTypePtr));
    const auto decoded = Decode(BuildPtrResponse(query, "web-1.mynet", 512));
    ASSERT_EQ(decoded.answers.size(), 1u);
    EXPECT_EQ(decoded.answers[0].type, kTypePtr);
    EXPECT_EQ(decoded.answers[0].ttl, 600u);
    EXPECT_EQ(decoded.answers[0].data, testing::WireName("web-1.mynet"));
    EXPECT_EQ(Decode(BuildPtrResponse(query, "bad..name", 512)).rcode, 2u);
}

TEST(DnsMessageTest, TruncatesToTheClientsSizeAndSetsTc) {
    std::vector<IpAddress> many;
    for (int i = 1; i <= 60; ++i) {
        many.push_back(IpAddress::Parse("10.0.0." + std::to_string(i)));
    }
    const Query plain = ParseOk(BuildQuery(1, "many", kTypeA));
    EXPECT_EQ(MaxUdpResponseSize(plain), 512u);
    const Bytes small = BuildAddressResponse(plain, many, MaxUdpResponseSize(plain));
    EXPECT_LE(small.size(), 512u);
    const auto decoded = Decode(small);
    EXPECT_TRUE(decoded.tc);
    EXPECT_EQ(decoded.ancount, (512u - 12 - 10) / 16);

    const Query edns = ParseOk(BuildQuery(1, "many", kTypeA, 4096));
    EXPECT_EQ(edns.edns_udp_size, 4096);
    EXPECT_EQ(MaxUdpResponseSize(edns), 4096u);
    const auto large = Decode(BuildAddressResponse(edns, many, MaxUdpResponseSize(edns)));
    EXPECT_FALSE(large.tc);
    EXPECT_EQ(large.ancount, 60u);
    ASSERT_EQ(large.additional.size(), 1u);  // our OPT record
    EXPECT_EQ(large.additional[0].type, kTypeOpt);
    EXPECT_EQ(large.additional[0].klass, 1232u);

    EXPECT_EQ(MaxUdpResponseSize(ParseOk(BuildQuery(1, "x", kTypeA, 100))), 512u);
    EXPECT_EQ(MaxUdpResponseSize(ParseOk(BuildQuery(1, "x", kTypeA, 65000))), 4096u);
}

TEST(DnsMessageTest, IgnoresRuntsAndResponses) {
    EXPECT_EQ(StatusOf({}), ParseStatus::kIgnore);
    EXPECT_EQ(StatusOf({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}), ParseStatus::kIgnore);
    Bytes response = BuildQuery(1, "web", kTypeA);
    response[2] |= 0x80;
    EXPECT_EQ(StatusOf(response), ParseStatus::kIgnore);
}

TEST(DnsMessageTest, OtherOpcodesAreNotImplemented) {
    Bytes status = BuildQuery(5, "web", kTypeA);
    status[2] = 2 << 3;
    const ParseResult result = ParseQuery(status);
    EXPECT_EQ(result.status, ParseStatus::kNotImplemented);
    const auto decoded = Decode(BuildEmptyResponse(result.query, ResponseCode::kNotImplemented));
    EXPECT_EQ(decoded.rcode, 4u);
    EXPECT_EQ(decoded.opcode, 2u);
    EXPECT_EQ(decoded.id, 5u);
}

TEST(DnsMessageTest, MalformedQueriesAreFormatErrors) {
    const Bytes question = {3, 'w', 'e', 'b', 0, 0, 1, 0, 1};
    EXPECT_EQ(StatusOf(Header(0, {})), ParseStatus::kFormatError);
    Bytes two = question;
    two.insert(two.end(), question.begin(), question.end());
    EXPECT_EQ(StatusOf(Header(2, two)), ParseStatus::kFormatError);
    EXPECT_EQ(StatusOf(Header(1, {3, 'w', 'e'})), ParseStatus::kFormatError);                    // label cut
    EXPECT_EQ(StatusOf(Header(1, {3, 'w', 'e', 'b'})), ParseStatus::kFormatError);               // no root
    EXPECT_EQ(StatusOf(Header(1, {3, 'w', 'e', 'b', 0, 0, 1})), ParseStatus::kFormatError);      // type, class cut
    EXPECT_EQ(StatusOf(Header(1, {0xc0, 12, 0, 1, 0, 1})), ParseStatus::kFormatError);           // points at itself
    EXPECT_EQ(StatusOf(Header(1, {1, 'a', 0xc0, 12, 0, 1, 0, 1})), ParseStatus::kFormatError);   // loop
    EXPECT_EQ(StatusOf(Header(1, {0xc0, 20, 0, 1, 0, 1, 0, 0, 0})), ParseStatus::kFormatError);  // forward
    EXPECT_EQ(StatusOf(Header(1, {0x41, 'a', 0, 0, 1, 0, 1})), ParseStatus::kFormatError);       // reserved type
    Bytes long_name;
    for (int i = 0; i < 5; ++i) {
        long_name.push_back(63);
        long_name.insert(long_name.end(), 63, 'a');
    }
    long_name.insert(long_name.end(), {0, 0, 1, 0, 1});
    EXPECT_EQ(StatusOf(Header(1, long_name)), ParseStatus::kFormatError);  // 321 bytes > 255

    // A malformed additional section: FORMERR that still echoes the question, without OPT.
    Bytes bad_opt = BuildQuery(0x4242, "web", kTypeA, 1232);
    bad_opt.pop_back();
    const ParseResult result = ParseQuery(bad_opt);
    ASSERT_EQ(result.status, ParseStatus::kFormatError);
    const auto decoded = Decode(BuildEmptyResponse(result.query, ResponseCode::kFormatError));
    EXPECT_EQ(decoded.rcode, 1u);
    EXPECT_EQ(decoded.id, 0x4242u);
    EXPECT_EQ(decoded.question_name, "web");
    EXPECT_EQ(decoded.arcount, 0u);

    Bytes two_opts = BuildQuery(1, "web", kTypeA, 1232);
    two_opts[11] = 2;
    two_opts.insert(two_opts.end(), {0, 0, 41, 4, 0, 0, 0, 0, 0, 0, 0});
    EXPECT_EQ(StatusOf(two_opts), ParseStatus::kFormatError);
}

TEST(DnsMessageTest, AcceptsBackwardCompressionIntoTheHeader) {
    // Legal if odd: the name points at header bytes that happen to form labels.
    const Bytes message = {0, 1, 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 10, 0, 1, 0, 1};
    EXPECT_EQ(StatusOf(message), ParseStatus::kOk);
}

TEST(DnsMessageTest, SurvivesRandomBytes) {
    std::mt19937 random(20240611);
    const Bytes seed = BuildQuery(0x1111, "web.mynet", kTypeA, 1232);
    const IpAddress address = IpAddress::Parse("10.0.0.1");
    for (int round = 0; round < 20000; ++round) {
        Bytes message = seed;
        if (round % 2 == 0) {
            message.resize(random() % 64);
            for (auto& byte : message) {
                byte = static_cast<std::uint8_t>(random());
            }
        } else {
            for (int flips = 0; flips < 4; ++flips) {
                message[random() % message.size()] = static_cast<std::uint8_t>(random());
            }
            message.resize(random() % (message.size() + 1));
        }
        const ParseResult result = ParseQuery(message);
        if (result.status == ParseStatus::kIgnore) {
            continue;
        }
        const Bytes response = result.status == ParseStatus::kOk
                                   ? BuildAddressResponse(result.query, std::span(&address, 1), 512)
                                   : BuildEmptyResponse(result.query, ResponseCode::kFormatError);
        ASSERT_GE(response.size(), 12u);
        EXPECT_EQ(MessageId(response), result.query.id);
    }
}

TEST(DnsMessageTest, IsResponseToMatchesIdAndQuestion) {
    const Bytes query = BuildQuery(77, "Web.MyNet", kTypeA);
    Bytes response = query;
    response[2] |= 0x80;
    EXPECT_TRUE(IsResponseTo(response, query));
    Bytes other_case = BuildQuery(77, "wEB.mYnET", kTypeA);
    other_case[2] |= 0x80;
    EXPECT_TRUE(IsResponseTo(other_case, query));
    EXPECT_FALSE(IsResponseTo(query, query));  // QR not set
    Bytes wrong_id = response;
    SetMessageId(wrong_id, 78);
    EXPECT_FALSE(IsResponseTo(wrong_id, query));
    Bytes wrong_type = BuildQuery(77, "web.mynet", kTypeAaaa);
    wrong_type[2] |= 0x80;
    EXPECT_FALSE(IsResponseTo(wrong_type, query));
    Bytes wrong_name = BuildQuery(77, "web.other", kTypeA);
    wrong_name[2] |= 0x80;
    EXPECT_FALSE(IsResponseTo(wrong_name, query));
    EXPECT_FALSE(IsResponseTo(Bytes(response.begin(), response.begin() + 14), query));
    EXPECT_EQ(ResponseCodeOf(response), ResponseCode::kNoError);
    response[3] = 0x82;
    EXPECT_EQ(ResponseCodeOf(response), ResponseCode::kServerFailure);
}

}  // namespace
}  // namespace engine::net::dns
