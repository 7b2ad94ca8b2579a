#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/api_version.hpp"
#include "engine/api/query.hpp"
#include "engine/http/server.hpp"

namespace engine::daemon {

/// One API request after routing: the version it is served with, its decoded query and path
/// parameters, and the raw HTTP request.
struct ApiRequest {
    http::Request& http;
    api::ApiVersion version;
    api::Query query;
    std::map<std::string, std::string, std::less<>> params;
    /// The path parameter `name` ("" when the route has none by that name).
    const std::string& Param(std::string_view name) const;
    /// The body parsed as JSON; an empty body is `{}`. Throws Error(kInvalidArgument) naming the
    /// parse error, as moby does for a malformed body.
    nlohmann::json JsonBody() const;
};

using ApiHandler = std::function<void(ApiRequest&, http::ResponseWriter&)>;

/// Body policy of routes that take at most a small JSON document.
inline constexpr http::BodyPolicy kSmallBody{.max_bytes = 4 << 20, .spool_to_file = false};
/// Body policy of upload routes (image tars): spooled to disk, up to 64 GiB.
inline constexpr http::BodyPolicy kUploadBody{.max_bytes = std::size_t{64} << 30, .spool_to_file = true};

/// The API router: routes "/v1.41/images/{name:.*}/json" style patterns the way moby's mux
/// does, with and without a version prefix; versions outside 1.24..1.41 get 400, unknown
/// routes and methods get 404 `{"message":"page not found"}`, and an engine::Error thrown by a
/// handler before it replied becomes the JSON error reply with its status (one place).
class Router final : public http::Dispatcher {
  public:
    /// Adds a route. `pattern` segments are literal or "{name}" (one segment) or "{name:.*}"
    /// (the rest of the path up to the literal suffix that follows, slashes included, as image
    /// names need: "/images/{name:.*}/json").
    void Add(std::string_view method, std::string_view pattern, ApiHandler handler, http::BodyPolicy body = kSmallBody);

    http::BodyPolicy BodyPolicyFor(const http::RequestHead& head) const override;
    void Handle(http::Request& request, http::ResponseWriter& response) override;

  private:
    struct Route {
        std::string method;
        std::vector<std::string> segments;
        ApiHandler handler;
        http::BodyPolicy body;
    };
    static bool MatchRoute(const std::vector<std::string>& pattern,
                           const std::vector<std::string>& segments,
                           std::map<std::string, std::string, std::less<>>* params);
    const Route* Match(std::string_view method,
                       std::string_view path,
                       std::map<std::string, std::string, std::less<>>* params) const;
    std::vector<Route> routes_;
};

/// Replies with `value` as JSON (Content-Type application/json, a trailing newline as Go's encoder).
void SendJson(http::ResponseWriter& response, unsigned status, const nlohmann::json& value);

}  // namespace engine::daemon
