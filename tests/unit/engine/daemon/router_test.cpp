#include "engine/daemon/router.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "tests/unit/engine/daemon/fake_response_writer.hpp"

namespace engine::daemon {
namespace {

using testing::FakeResponseWriter;
using testing::MakeRequest;

// A router whose routes echo what they matched: "<route> <params> <version>".
class RouterTest : public ::testing::Test {
  protected:
    void SetUp() override {
        AddEcho("GET", "/images/json");
        AddEcho("GET", "/images/{name:.*}/json");
        AddEcho("POST", "/images/{name:.*}/tag");
        AddEcho("DELETE", "/images/{name:.*}");
        AddEcho("GET", "/containers/{id}/logs");
        AddEcho("GET", "/_ping");
        router_.Add("GET", "/fails/{code}", [](ApiRequest& request, http::ResponseWriter&) {
            const std::string& code = request.Param("code");
            if (code == "notfound") {
                throw Error(Errc::kNotFound, "No such image: x");
            }
            if (code == "conflict") {
                throw Error(Errc::kConflict, "conflict: in use");
            }
            throw std::runtime_error("boom");
        });
    }

    void AddEcho(std::string method, std::string pattern) {
        router_.Add(method, pattern, [pattern](ApiRequest& request, http::ResponseWriter& response) {
            std::string text = pattern;
            for (const auto& [key, value] : request.params) {
                text += " " + key + "=" + value;
            }
            text += " v" + request.version.ToString();
            response.Send(200, "text/plain", text);
        });
    }

    std::unique_ptr<FakeResponseWriter> Call(std::string method, std::string target) {
        http::Request request = MakeRequest(std::move(method), std::move(target));
        auto response = std::make_unique<FakeResponseWriter>();
        router_.Handle(request, *response);
        return response;
    }

    Router router_;
};

TEST_F(RouterTest, MatchesWithAndWithoutVersionPrefix) {
    EXPECT_EQ(Call("GET", "/images/json")->body, "/images/json v1.41");
    EXPECT_EQ(Call("GET", "/v1.41/images/json")->body, "/images/json v1.41");
    EXPECT_EQ(Call("GET", "/v1.24/images/json?all=1")->body, "/images/json v1.24");
}

TEST_F(RouterTest, GreedyParameterTakesSlashesAndColons) {
    EXPECT_EQ(Call("GET", "/v1.41/images/localhost:5000/org/app:1.0/json")->body,
              "/images/{name:.*}/json name=localhost:5000/org/app:1.0 v1.41");
    EXPECT_EQ(Call("POST", "/images/busybox/tag?repo=x")->body, "/images/{name:.*}/tag name=busybox v1.41");
    EXPECT_EQ(Call("DELETE", "/images/a/b/c")->body, "/images/{name:.*} name=a/b/c v1.41");
    // Percent-encoded slashes in a name decode before matching, as gorilla matches the decoded path.
    EXPECT_EQ(Call("GET", "/images/org%2Fapp/json")->body, "/images/{name:.*}/json name=org/app v1.41");
}

TEST_F(RouterTest, LiteralRouteWinsWhenAddedFirst) {
    EXPECT_EQ(Call("GET", "/images/json")->body, "/images/json v1.41");
}

TEST_F(RouterTest, SingleSegmentParameterNeedsExactlyOneSegment) {
    EXPECT_EQ(Call("GET", "/containers/abc/logs")->body, "/containers/{id}/logs id=abc v1.41");
    EXPECT_EQ(Call("GET", "/containers/a/b/logs")->status, 404u);
    EXPECT_EQ(Call("GET", "/containers//logs")->status, 404u);
}

TEST_F(RouterTest, UnknownRoutesAndMethodsAreJson404) {
    for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
             {"GET", "/nope"}, {"PUT", "/images/json"}, {"GET", "/vabc/images/json"}, {"GET", "/v1.41"}}) {
        const auto response = Call(method, target);
        EXPECT_EQ(response->status, 404u) << method << " " << target;
        EXPECT_EQ(response->content_type, "application/json");
        EXPECT_EQ(response->body, "{\"message\":\"page not found\"}\n");
    }
}

TEST_F(RouterTest, VersionOutOfRangeIs400) {
    const auto old_version = Call("GET", "/v1.12/images/json");
    EXPECT_EQ(old_version->status, 400u);
    EXPECT_NE(old_version->body.find("is too old"), std::string::npos);
    const auto new_version = Call("GET", "/v1.52/_ping");
    EXPECT_EQ(new_version->status, 400u);
    EXPECT_NE(new_version->body.find("Maximum supported API version is 1.41"), std::string::npos);
}

TEST_F(RouterTest, HandlerErrorsBecomeJsonWithTheirStatus) {
    const auto not_found = Call("GET", "/fails/notfound");
    EXPECT_EQ(not_found->status, 404u);
    EXPECT_EQ(not_found->body, "{\"message\":\"No such image: x\"}\n");
    EXPECT_EQ(Call("GET", "/fails/conflict")->status, 409u);
    const auto internal = Call("GET", "/fails/other");
    EXPECT_EQ(internal->status, 500u);
    EXPECT_EQ(internal->body, "{\"message\":\"boom\"}\n");
}

TEST_F(RouterTest, RepliesCarryTheApiHeaders) {
    const auto response = Call("GET", "/_ping");
    EXPECT_EQ(response->Header("Api-Version"), "1.41");
    EXPECT_EQ(response->Header("Ostype"), "linux");
    EXPECT_EQ(response->Header("Docker-Experimental"), "false");
    EXPECT_EQ(Call("GET", "/nope")->Header("Api-Version"), "1.41");
}

TEST_F(RouterTest, BodyPolicyFollowsTheRoute) {
    router_.Add(
        "POST", "/images/load", [](ApiRequest&, http::ResponseWriter&) {}, kUploadBody);
    http::RequestHead head{.method = "POST", .target = "/v1.41/images/load?quiet=1", .headers = {}};
    EXPECT_TRUE(router_.BodyPolicyFor(head).spool_to_file);
    head.target = "/v1.41/images/json";
    EXPECT_FALSE(router_.BodyPolicyFor(head).spool_to_file);
    head.target = "/%zz";
    EXPECT_EQ(router_.BodyPolicyFor(head).max_bytes, kSmallBody.max_bytes);
}

TEST(ApiRequestTest, JsonBodyErrorsAreBadRequests) {
    http::Request request = MakeRequest("POST", "/x", "{not json");
    ApiRequest api_request{request, api::kDefaultApiVersion, {}, {}};
    try {
        api_request.JsonBody();
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
    }
    request.body = "";
    EXPECT_TRUE(api_request.JsonBody().is_object());
}

}  // namespace
}  // namespace engine::daemon
