// The pure pieces of the client: escaping, filters, endpoints, JSON stream cutting, status
// mapping.
#include <map>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/client/endpoint.hpp"
#include "engine/client/json_stream.hpp"
#include "engine/client/response_error.hpp"
#include "engine/client/url.hpp"

namespace engine::client {
namespace {

TEST(UrlTest, PathEscapeKeepsSlashesAndColons) {
    EXPECT_EQ(PathEscape("/images/localhost:5000/a b%/json"), "/images/localhost:5000/a%20b%25/json");
    EXPECT_EQ(PathEscape("/images/x?y#z"), "/images/x%3Fy%23z");
}

TEST(UrlTest, QueryIsSortedAndEscapedLikeGo) {
    EXPECT_EQ(EncodeQuery({{"tag", "a b"}, {"names", "x"}, {"names", "y/z"}, {"all", ""}}),
              "all=&names=x&names=y%2Fz&tag=a+b");
    EXPECT_EQ(EncodeQuery({}), "");
}

TEST(UrlTest, FiltersUseTheMapForm) {
    EXPECT_EQ(EncodeFilters({}), "");
    api::Filters filters(api::Filters::Fields{{"label", {{"a=b", true}, {"c", true}}}, {"dangling", {{"true", true}}}});
    EXPECT_EQ(EncodeFilters(filters), R"({"dangling":{"true":true},"label":{"a=b":true,"c":true}})");
}

TEST(EndpointTest, ParsesUnixAndTcp) {
    EXPECT_EQ(ParseEndpoint("unix:///run/x.sock").path, "/run/x.sock");
    EXPECT_EQ(ParseEndpoint("unix://").ToString(), "unix:///run/berth/berthd.sock");
    EXPECT_EQ(ParseEndpoint("tcp://127.0.0.1:2375").ToString(), "tcp://127.0.0.1:2375");
    EXPECT_EQ(ParseEndpoint("tcp://example.com").port, 2375u);
    EXPECT_EQ(ParseEndpoint("tcp://example.com", TlsOptions{}).port, 2376u);
    const Endpoint v6 = ParseEndpoint("tcp://[::1]:99/");
    EXPECT_EQ(v6.host, "::1");
    EXPECT_EQ(v6.ToString(), "tcp://[::1]:99");
}

TEST(EndpointTest, RejectsOtherSchemes) {
    for (const char* bad : {"ssh://host", "fd://", "x", "tcp://:80", "tcp://h:0", "tcp://h:x", "unix://rel"}) {
        try {
            ParseEndpoint(bad);
            ADD_FAILURE() << bad;
        } catch (const Error& error) {
            EXPECT_EQ(error.code(), Errc::kInvalidArgument);
            EXPECT_EQ(std::string(error.what()),
                      std::string("invalid daemon address \"") + bad + "\": expected unix:///path or tcp://host:port");
        }
    }
}

TEST(EndpointTest, FlagThenBerthHostThenDockerHostThenDefault) {
    std::map<std::string, std::string, std::less<>> env;
    const GetEnv get_env = [&](std::string_view name) -> std::optional<std::string> {
        const auto it = env.find(name);
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    EndpointFlags flags;
    EXPECT_EQ(ResolveEndpoint(flags, get_env).ToString(), "unix:///run/berth/berthd.sock");
    env["DOCKER_HOST"] = "unix:///docker.sock";
    EXPECT_EQ(ResolveEndpoint(flags, get_env).ToString(), "unix:///docker.sock");
    env["BERTH_HOST"] = "unix:///berth.sock";
    EXPECT_EQ(ResolveEndpoint(flags, get_env).ToString(), "unix:///berth.sock");
    env["BERTH_HOST"] = "";
    EXPECT_EQ(ResolveEndpoint(flags, get_env).ToString(), "unix:///docker.sock");
    flags.host = "tcp://h:1";
    EXPECT_EQ(ResolveEndpoint(flags, get_env).ToString(), "tcp://h:1");
    EXPECT_FALSE(ResolveEndpoint(flags, get_env).tls.has_value());
}

TEST(EndpointTest, DockerTlsVerifyTurnsOnVerifiedTlsWithCertPathFiles) {
    std::map<std::string, std::string, std::less<>> env{
        {"DOCKER_HOST", "tcp://h"}, {"DOCKER_TLS_VERIFY", "1"}, {"DOCKER_CERT_PATH", "/certs"}};
    const GetEnv get_env = [&](std::string_view name) -> std::optional<std::string> {
        const auto it = env.find(name);
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    EndpointFlags flags;
    flags.tls_cert = "/mine/cert.pem";
    const Endpoint endpoint = ResolveEndpoint(flags, get_env);
    ASSERT_TRUE(endpoint.tls.has_value());
    EXPECT_TRUE(endpoint.tls->verify);
    EXPECT_EQ(endpoint.port, 2376u);
    EXPECT_EQ(endpoint.tls->cert, "/mine/cert.pem");
    EXPECT_EQ(endpoint.tls->ca, "");  // /certs/ca.pem does not exist, so it is left out
    flags.tls_verify = false;
    flags.tls = true;
    EXPECT_FALSE(ResolveEndpoint(flags, get_env).tls->verify);
}

std::vector<std::string> Cut(const std::vector<std::string>& pieces) {
    JsonStreamDecoder decoder;
    std::vector<std::string> values;
    for (const std::string& piece : pieces) {
        decoder.Feed(piece, [&](const nlohmann::json& value) {
            values.push_back(value.dump());
            return true;
        });
    }
    decoder.Finish();
    return values;
}

TEST(JsonStreamTest, CutsValuesAcrossPiecesAndSeparators) {
    EXPECT_EQ(Cut({"{\"a\":\"}{\\\"\"}\r\n{\"b\"", ":[1,{}]}", "{\"c\":1}  "}),
              (std::vector<std::string>{R"({"a":"}{\""})", R"({"b":[1,{}]})", R"({"c":1})"}));
}

TEST(JsonStreamTest, TruncatedOrInvalidStreamsFail) {
    EXPECT_THROW(Cut({"{\"a\":"}), Error);
    EXPECT_THROW(Cut({"{\"a\":x}"}), Error);
    EXPECT_THROW(Cut({"42\n"}), Error);
}

TEST(JsonStreamTest, StreamErrorsPreferErrorDetail) {
    EXPECT_NO_THROW(ThrowIfStreamError(nlohmann::json::parse(R"({"status":"ok"})")));
    try {
        ThrowIfStreamError(nlohmann::json::parse(R"({"errorDetail":{"message":"detail"},"error":"short"})"));
        FAIL();
    } catch (const Error& error) {
        EXPECT_STREQ(error.what(), "detail");
    }
    EXPECT_THROW(ThrowIfStreamError(nlohmann::json::parse(R"({"error":"short"})")), Error);
}

TEST(ResponseErrorTest, StatusToCategory) {
    EXPECT_EQ(ErrcFromHttpStatus(404), Errc::kNotFound);
    EXPECT_EQ(ErrcFromHttpStatus(409), Errc::kConflict);
    EXPECT_EQ(ErrcFromHttpStatus(400), Errc::kInvalidArgument);
    EXPECT_EQ(ErrcFromHttpStatus(503), Errc::kUnavailable);
    EXPECT_EQ(ErrcFromHttpStatus(500), Errc::kInternal);
    EXPECT_EQ(ErrcFromHttpStatus(418), Errc::kInternal);
}

TEST(ResponseErrorTest, JsonWithoutMessage) {
    HttpResponse response;
    response.status = 500;
    response.headers = {{"Content-Type", "application/json"}};
    response.body = "{}";
    EXPECT_STREQ(ErrorFromResponse(response, "/v1.41/x").what(),
                 "Error response from daemon: API returned a 500 (Internal Server Error) but provided no "
                 "error-message");
}

}  // namespace
}  // namespace engine::client
