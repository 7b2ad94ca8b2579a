#include "engine/net/dns/dns_server.hpp"

#include <set>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/net/dns/dns_message.hpp"
#include "engine/net/dns/reverse_name.hpp"
#include "tests/unit/engine/net/dns/dns_test_network.hpp"
#include "tests/unit/engine/net/dns/fake_resolver.hpp"

namespace engine::net::dns {
namespace {

using namespace std::chrono_literals;
using testing::BuildQuery;
using testing::Bytes;
using testing::Decode;
using testing::Decoded;
using testing::FakeResolver;
using testing::FakeUpstream;
using testing::TcpClient;
using testing::UdpExchange;

const IpAddress kLoopback = IpAddress::Parse("127.0.0.1");

IpAddress Ip(std::string_view text) {
    return IpAddress::Parse(text);
}

// A server with one listener "mynet" on 127.0.0.1 and a resolver that knows a few names.
class DnsServerTest : public ::testing::Test {
  protected:
    DnsServerTest() {
        resolver_.Add("mynet", "web", {Ip("172.20.0.5"), Ip("fd00::5")});
        resolver_.Add("mynet", "db", {Ip("172.20.0.6")});
        resolver_.Add("mynet", "api", {Ip("172.20.0.7"), Ip("172.20.0.8"), Ip("172.20.0.9")});
        resolver_.AddReverse("mynet", Ip("172.20.0.5"), "web.mynet");
        server_.AddListener("mynet", kLoopback, 0);
        port_ = server_.BoundPort("mynet");
    }

    Decoded AskUdp(const std::string& name, unsigned type, unsigned id = 0x5151) {
        const auto response = UdpExchange(port_, BuildQuery(id, name, type));
        if (!response) {
            ADD_FAILURE() << "no UDP response for " << name;
            return {};
        }
        return Decode(*response);
    }

    std::vector<std::string> AddressesOf(const Decoded& decoded) {
        std::vector<std::string> texts;
        for (const auto& answer : decoded.answers) {
            texts.push_back(testing::AddressText(answer.data));
        }
        return texts;
    }

    FakeResolver resolver_;
    DnsServer server_{resolver_};
    std::uint16_t port_ = 0;
};

TEST_F(DnsServerTest, AnswersAOverUdp) {
    const Decoded decoded = AskUdp("WEB", kTypeA, 0x1234);
    EXPECT_EQ(decoded.id, 0x1234u);
    EXPECT_EQ(decoded.rcode, 0u);
    EXPECT_TRUE(decoded.qr);
    EXPECT_TRUE(decoded.ra);
    EXPECT_EQ(decoded.question_name, "WEB");
    EXPECT_EQ(AddressesOf(decoded), std::vector<std::string>{"172.20.0.5"});
    EXPECT_EQ(decoded.answers.at(0).ttl, 600u);
}

TEST_F(DnsServerTest, AnswersAaaaAndNoData) {
    EXPECT_EQ(AddressesOf(AskUdp("web", kTypeAaaa)), std::vector<std::string>{"fd00::5"});
    const Decoded nodata = AskUdp("db", kTypeAaaa);
    EXPECT_EQ(nodata.rcode, 0u);
    EXPECT_EQ(nodata.ancount, 0u);
    const Decoded mx = AskUdp("db", 15);
    EXPECT_EQ(mx.rcode, 0u);
    EXPECT_EQ(mx.ancount, 0u);
}

TEST_F(DnsServerTest, AnswersOverTcpSeveralQueriesPerConnection) {
    TcpClient client(port_);
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.Send(BuildQuery(1, "web", kTypeA)));
    auto first = client.Receive();
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(AddressesOf(Decode(*first)), std::vector<std::string>{"172.20.0.5"});
    ASSERT_TRUE(client.Send(BuildQuery(2, "db", kTypeA)));
    auto second = client.Receive();
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(Decode(*second).id, 2u);
    EXPECT_EQ(AddressesOf(Decode(*second)), std::vector<std::string>{"172.20.0.6"});
}

TEST_F(DnsServerTest, TheResolverLearnsWhoAskedOverUdpAndTcp) {
    AskUdp("web", kTypeA);
    TcpClient client(port_);
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.Send(BuildQuery(1, "db", kTypeA)));
    ASSERT_TRUE(client.Receive().has_value());
    EXPECT_EQ(resolver_.Clients(), (std::vector<IpAddress>{kLoopback, kLoopback}));
}

TEST_F(DnsServerTest, RotatesSeveralAddresses) {
    std::set<std::string> firsts;
    for (int i = 0; i < 3; ++i) {
        const auto addresses = AddressesOf(AskUdp("api", kTypeA));
        ASSERT_EQ(addresses.size(), 3u);
        EXPECT_EQ(std::set<std::string>(addresses.begin(), addresses.end()),
                  (std::set<std::string>{"172.20.0.7", "172.20.0.8", "172.20.0.9"}));
        firsts.insert(addresses[0]);
    }
    EXPECT_EQ(firsts.size(), 3u);
}

TEST_F(DnsServerTest, AnswersPtrForKnownAddresses) {
    const Decoded decoded = AskUdp(ReverseName(Ip("172.20.0.5")), kTypePtr);
    ASSERT_EQ(decoded.answers.size(), 1u);
    EXPECT_EQ(decoded.answers[0].data, testing::WireName("web.mynet"));
    // Unknown addresses are forwarded; with no upstreams that is SERVFAIL.
    EXPECT_EQ(AskUdp(ReverseName(Ip("172.20.0.99")), kTypePtr).rcode, 2u);
}

TEST_F(DnsServerTest, ScopesSeeTheirOwnNames) {
    resolver_.Add("other", "web", {Ip("10.9.0.2")});
    server_.AddListener("other", kLoopback, 0);
    const std::uint16_t other_port = server_.BoundPort("other");
    ASSERT_NE(other_port, port_);
    const auto response = UdpExchange(other_port, BuildQuery(1, "web", kTypeA));
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(AddressesOf(Decode(*response)), std::vector<std::string>{"10.9.0.2"});
    EXPECT_EQ(AddressesOf(AskUdp("web", kTypeA)), std::vector<std::string>{"172.20.0.5"});
}

TEST_F(DnsServerTest, UnknownNamesWithoutUpstreamsAreServfail) {
    const Decoded decoded = AskUdp("example.com", kTypeA, 0x7777);
    EXPECT_EQ(decoded.rcode, 2u);
    EXPECT_EQ(decoded.id, 0x7777u);
    EXPECT_EQ(decoded.question_name, "example.com");
}

TEST_F(DnsServerTest, ForwardsUnknownNamesOverUdpWithTheClientsId) {
    FakeUpstream upstream;
    server_.SetUpstreams({Upstream{kLoopback, upstream.port()}});
    const Decoded decoded = AskUdp("example.com", kTypeA, 0x4321);
    EXPECT_EQ(decoded.id, 0x4321u);
    EXPECT_EQ(decoded.rcode, 0u);
    EXPECT_EQ(AddressesOf(decoded), std::vector<std::string>{"192.0.2.53"});
    EXPECT_EQ(upstream.ReceivedIds().size(), 1u);
    // Single-label names the resolver does not know are forwarded too.
    EXPECT_EQ(AddressesOf(AskUdp("printer", kTypeA)), std::vector<std::string>{"192.0.2.53"});
}

TEST_F(DnsServerTest, ForwardsOverTcpWhenTheQueryCameOverTcp) {
    FakeUpstream upstream;
    server_.SetUpstreams({Upstream{kLoopback, upstream.port()}});
    TcpClient client(port_);
    ASSERT_TRUE(client.Send(BuildQuery(0x0abc, "example.com", kTypeA)));
    const auto response = client.Receive();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(Decode(*response).id, 0x0abcu);
    EXPECT_EQ(AddressesOf(Decode(*response)), std::vector<std::string>{"192.0.2.53"});
}

TEST_F(DnsServerTest, SilentUpstreamTimesOutToServfail) {
    FakeUpstream silent(FakeUpstream::Behaviour::kSilent);
    server_.SetUpstreams({Upstream{kLoopback, silent.port()}});
    server_.SetForwardTimeout(200ms);
    const auto start = std::chrono::steady_clock::now();
    const Decoded decoded = AskUdp("example.com", kTypeA, 9);
    EXPECT_GE(std::chrono::steady_clock::now() - start, 190ms);
    EXPECT_EQ(decoded.rcode, 2u);
    EXPECT_EQ(decoded.id, 9u);
    EXPECT_EQ(silent.ReceivedIds().size(), 1u);
}

TEST_F(DnsServerTest, SilentUpstreamOverTcpTimesOutToServfail) {
    FakeUpstream silent(FakeUpstream::Behaviour::kSilent);
    server_.SetUpstreams({Upstream{kLoopback, silent.port()}});
    server_.SetForwardTimeout(200ms);
    TcpClient client(port_);
    ASSERT_TRUE(client.Send(BuildQuery(10, "example.com", kTypeA)));
    const auto response = client.Receive();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(Decode(*response).rcode, 2u);
}

TEST_F(DnsServerTest, FallsBackToTheNextUpstream) {
    FakeUpstream silent(FakeUpstream::Behaviour::kSilent);
    FakeUpstream failing(FakeUpstream::Behaviour::kServerFailure);
    FakeUpstream working;
    server_.SetUpstreams(
        {Upstream{kLoopback, silent.port()}, Upstream{kLoopback, failing.port()}, Upstream{kLoopback, working.port()}});
    server_.SetForwardTimeout(150ms);
    const Decoded decoded = AskUdp("example.com", kTypeA);
    EXPECT_EQ(AddressesOf(decoded), std::vector<std::string>{"192.0.2.53"});
    EXPECT_EQ(failing.ReceivedIds().size(), 1u);
    EXPECT_EQ(working.ReceivedIds().size(), 1u);
}

TEST_F(DnsServerTest, RefusedPortFailsOverWithoutWaitingForTheTimeout) {
    std::uint16_t closed_port = 0;
    {
        FakeUpstream gone;
        closed_port = gone.port();
    }
    FakeUpstream working;
    server_.SetUpstreams({Upstream{kLoopback, closed_port}, Upstream{kLoopback, working.port()}});
    server_.SetForwardTimeout(5s);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(AddressesOf(AskUdp("example.com", kTypeA)), std::vector<std::string>{"192.0.2.53"});
    EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
}

TEST_F(DnsServerTest, MalformedPacketsGetFormerrOrNothing) {
    // Two questions: FORMERR with the id.
    Bytes two = BuildQuery(0x2222, "web", kTypeA);
    two[5] = 2;
    const auto formerr = UdpExchange(port_, two);
    ASSERT_TRUE(formerr.has_value());
    EXPECT_EQ(Decode(*formerr).rcode, 1u);
    EXPECT_EQ(Decode(*formerr).id, 0x2222u);
    // A compression loop: FORMERR.
    const Bytes loop = {0, 7, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 'a', 0xc0, 12, 0, 1, 0, 1};
    const auto looped = UdpExchange(port_, loop);
    ASSERT_TRUE(looped.has_value());
    EXPECT_EQ(Decode(*looped).rcode, 1u);
    // A runt and a response are dropped.
    EXPECT_FALSE(UdpExchange(port_, Bytes{1, 2, 3}, 200ms).has_value());
    Bytes response = BuildQuery(3, "web", kTypeA);
    response[2] |= 0x80;
    EXPECT_FALSE(UdpExchange(port_, response, 200ms).has_value());
    // A zero-length TCP frame closes the connection.
    TcpClient client(port_);
    ASSERT_TRUE(client.Send({}));
    EXPECT_TRUE(client.ClosedByPeer(5s));
    // And the server still answers.
    EXPECT_EQ(AddressesOf(AskUdp("web", kTypeA)), std::vector<std::string>{"172.20.0.5"});
}

TEST_F(DnsServerTest, ResolverFailureIsServfail) {
    resolver_.ThrowOn("boom");
    EXPECT_EQ(AskUdp("boom", kTypeA).rcode, 2u);
    EXPECT_EQ(AskUdp("web", kTypeA).rcode, 0u);
}

TEST_F(DnsServerTest, RemovedListenerFreesItsPort) {
    server_.RemoveListener("mynet");
    server_.RemoveListener("mynet");  // a no-op
    try {
        server_.BoundPort("mynet");
        ADD_FAILURE() << "BoundPort of a removed listener";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kNotFound);
        EXPECT_STREQ(error.what(), "dns server: network mynet has no listener");
    }
    // Both sockets are closed: the same port can be bound again, for UDP and TCP.
    server_.AddListener("again", kLoopback, port_);
    EXPECT_EQ(server_.BoundPort("again"), port_);
}

TEST_F(DnsServerTest, ListenerErrorsNameTheAddress) {
    try {
        server_.AddListener("mynet", kLoopback, 0);
        ADD_FAILURE() << "second listener for one scope";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kAlreadyExists);
    }
    try {
        server_.AddListener("copy", kLoopback, port_);
        ADD_FAILURE() << "bound a port in use";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kConflict);
        EXPECT_EQ(std::string(error.what()),
                  "dns server for network copy: cannot listen on udp 127.0.0.1:" + std::to_string(port_) +
                      ": Address already in use; stop whatever uses the port or choose another");
    }
    try {
        server_.AddListener("foreign", Ip("192.0.2.1"), 0);
        ADD_FAILURE() << "bound an address of no interface";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kUnavailable);
        EXPECT_NE(std::string(error.what()).find("udp 192.0.2.1:0"), std::string::npos) << error.what();
    }
}

TEST_F(DnsServerTest, ListensOnIpv6Loopback) {
    try {
        server_.AddListener("v6net", Ip("::1"), 0);
    } catch (const Error& error) {
        GTEST_SKIP() << "no IPv6 loopback here: " << error.what();
    }
    resolver_.Add("v6net", "web", {Ip("fd00::7")});
    const auto response = UdpExchange(server_.BoundPort("v6net"), BuildQuery(6, "web", kTypeAaaa), 5s, true);
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(AddressesOf(Decode(*response)), std::vector<std::string>{"fd00::7"});
}

TEST_F(DnsServerTest, ListenersComeAndGoWhileQueriesRun) {
    std::atomic<int> answered{0};
    std::thread client([this, &answered] {
        for (int i = 0; i < 200; ++i) {
            const auto response = UdpExchange(port_, BuildQuery(static_cast<unsigned>(i), "web", kTypeA));
            if (response && Decode(*response).ancount == 1) {
                ++answered;
            }
        }
    });
    for (int i = 0; i < 50; ++i) {
        server_.AddListener("churn", kLoopback, 0);
        const std::uint16_t churn_port = server_.BoundPort("churn");
        UdpExchange(churn_port, BuildQuery(1, "web", kTypeA), 1ms);
        server_.RemoveListener("churn");
    }
    client.join();
    EXPECT_EQ(answered.load(), 200);
}

TEST(DnsServerLifetimeTest, StopsWithForwardsPending) {
    FakeResolver resolver;
    FakeUpstream silent(FakeUpstream::Behaviour::kSilent);
    const auto start = std::chrono::steady_clock::now();
    {
        DnsServer server(resolver);
        server.AddListener("mynet", kLoopback, 0);
        server.SetUpstreams({Upstream{kLoopback, silent.port()}});
        server.SetForwardTimeout(30s);
        testing::Fd fd(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
        const sockaddr_in address = testing::Loopback(server.BoundPort("mynet"));
        const Bytes query = BuildQuery(1, "example.com", kTypeA);
        sendto(fd.get(), query.data(), query.size(), 0, reinterpret_cast<const sockaddr*>(&address), sizeof address);
        while (silent.ReceivedIds().empty() && std::chrono::steady_clock::now() - start < 5s) {
            std::this_thread::sleep_for(5ms);  // polling for the forward to be in flight
        }
        ASSERT_EQ(silent.ReceivedIds().size(), 1u);
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

}  // namespace
}  // namespace engine::net::dns
