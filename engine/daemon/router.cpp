#include "engine/daemon/router.hpp"

#include <exception>
#include <utility>

#include "engine/api/error_response.hpp"
#include "engine/base/error.hpp"
#include "engine/daemon/api_headers.hpp"

namespace engine::daemon {
namespace {

std::vector<std::string> SplitSegments(std::string_view path) {
    std::vector<std::string> segments;
    std::size_t start = path.starts_with('/') ? 1 : 0;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
        segments.emplace_back(path.substr(start, end - start));
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    return segments;
}

bool IsParameter(std::string_view segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool IsGreedy(std::string_view segment) {
    return IsParameter(segment) && segment.ends_with(":.*}");
}

std::string ParameterName(std::string_view segment) {
    std::string_view inner = segment.substr(1, segment.size() - 2);
    return std::string(inner.substr(0, inner.find(':')));
}

// Matches one pattern segment against one path segment; gorilla's default parameter pattern is
// "[^/]+", so a parameter needs a non-empty segment.
bool MatchSegment(std::string_view pattern,
                  std::string_view segment,
                  std::map<std::string, std::string, std::less<>>* params) {
    if (!IsParameter(pattern)) {
        return pattern == segment;
    }
    if (segment.empty()) {
        return false;
    }
    (*params)[ParameterName(pattern)] = std::string(segment);
    return true;
}

// Wraps the handler's writer so every reply carries the headers moby's version middleware adds.
class ApiHeaderWriter final : public http::ResponseWriter {
  public:
    explicit ApiHeaderWriter(http::ResponseWriter& inner) : inner_(inner) {}
    void Send(unsigned status, std::string_view content_type, std::string body, const http::Headers& extra) override {
        inner_.Send(status, content_type, std::move(body), WithApiHeaders(extra));
    }
    void BeginStream(unsigned status, std::string_view content_type, const http::Headers& extra) override {
        inner_.BeginStream(status, content_type, WithApiHeaders(extra));
    }
    bool WriteChunk(std::string_view data) override { return inner_.WriteChunk(data); }
    void EndStream() override { inner_.EndStream(); }
    std::unique_ptr<http::HijackedConnection> Hijack(std::string_view protocol, const http::Headers& extra) override {
        return inner_.Hijack(protocol, WithApiHeaders(extra));
    }
    bool started() const override { return inner_.started(); }
    bool Cancelled() const override { return inner_.Cancelled(); }

  private:
    http::ResponseWriter& inner_;
};

void SendError(http::ResponseWriter& response, const api::ErrorResponse& error) {
    response.Send(error.status, error.content_type, error.body);
}

}  // namespace

const std::string& ApiRequest::Param(std::string_view name) const {
    static const std::string kEmpty;
    const auto found = params.find(name);
    return found == params.end() ? kEmpty : found->second;
}

nlohmann::json ApiRequest::JsonBody() const {
    if (http.body.empty()) {
        return nlohmann::json::object();
    }
    try {
        return nlohmann::json::parse(http.body);
    } catch (const nlohmann::json::parse_error& error) {
        throw Error(Errc::kInvalidArgument, std::string("invalid JSON body: ") + error.what());
    }
}

void Router::Add(std::string_view method, std::string_view pattern, ApiHandler handler, http::BodyPolicy body) {
    routes_.push_back(Route{std::string(method), SplitSegments(pattern), std::move(handler), body});
}

const Router::Route* Router::Match(std::string_view method,
                                   std::string_view path,
                                   std::map<std::string, std::string, std::less<>>* params) const {
    const std::vector<std::string> segments = SplitSegments(path);
    for (const Route& route : routes_) {
        if (route.method != method) {
            continue;
        }
        params->clear();
        if (MatchRoute(route.segments, segments, params)) {
            return &route;
        }
    }
    return nullptr;
}

bool Router::MatchRoute(const std::vector<std::string>& pattern,
                        const std::vector<std::string>& segments,
                        std::map<std::string, std::string, std::less<>>* params) {
    std::size_t greedy = pattern.size();
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (IsGreedy(pattern[i])) {
            greedy = i;
        }
    }
    if (greedy == pattern.size()) {
        if (pattern.size() != segments.size()) {
            return false;
        }
        for (std::size_t i = 0; i < pattern.size(); ++i) {
            if (!MatchSegment(pattern[i], segments[i], params)) {
                return false;
            }
        }
        return true;
    }
    // A greedy parameter takes every segment between the literal prefix and the literal suffix,
    // slashes included, like gorilla's "{name:.*}" regular expression.
    const std::size_t suffix = pattern.size() - greedy - 1;
    if (segments.size() < greedy + suffix + 1) {
        return false;
    }
    for (std::size_t i = 0; i < greedy; ++i) {
        if (!MatchSegment(pattern[i], segments[i], params)) {
            return false;
        }
    }
    for (std::size_t i = 0; i < suffix; ++i) {
        if (!MatchSegment(pattern[pattern.size() - 1 - i], segments[segments.size() - 1 - i], params)) {
            return false;
        }
    }
    std::string value;
    for (std::size_t i = greedy; i < segments.size() - suffix; ++i) {
        value += (i == greedy ? "" : "/") + segments[i];
    }
    (*params)[ParameterName(pattern[greedy])] = value;
    return true;
}

http::BodyPolicy Router::BodyPolicyFor(const http::RequestHead& head) const {
    try {
        const api::RequestTarget target = api::ParseRequestTarget(head.target);
        std::map<std::string, std::string, std::less<>> params;
        if (const Route* route = Match(head.method, target.path, &params)) {
            return route->body;
        }
    } catch (const Error&) {
        // Handle() answers the malformed target; the body only needs the default limit.
    }
    return kSmallBody;
}

void Router::Handle(http::Request& request, http::ResponseWriter& raw_response) {
    ApiHeaderWriter response(raw_response);
    try {
        const api::RequestTarget target = api::ParseRequestTarget(request.head.target);
        std::map<std::string, std::string, std::less<>> params;
        const Route* route = Match(request.head.method, target.path, &params);
        if (route == nullptr) {
            SendError(response, api::MakeErrorResponse(404, "page not found"));
            return;
        }
        ApiRequest api_request{
            request, api::CheckApiVersion(target.version), api::Query::Parse(target.query), std::move(params)};
        route->handler(api_request, response);
    } catch (const Error& error) {
        if (response.started()) {
            throw;
        }
        SendError(response, api::MakeErrorResponse(error));
    } catch (const std::exception& error) {
        if (response.started()) {
            throw;
        }
        SendError(response, api::MakeErrorResponse(Error(Errc::kInternal, error.what())));
    }
}

void SendJson(http::ResponseWriter& response, unsigned status, const nlohmann::json& value) {
    response.Send(status, api::kJsonContentType, value.dump() + "\n");
}

}  // namespace engine::daemon
