#include "engine/client/response_error.hpp"

#include <boost/beast/http/status.hpp>
#include <nlohmann/json.hpp>

#include "engine/api/error_response.hpp"

namespace engine::client {
namespace {

std::string Trim(std::string_view text) {
    const std::size_t begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos) {
        return "";
    }
    const std::size_t end = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(begin, end - begin + 1));
}

std::string DaemonMessage(const HttpResponse& response) {
    if (response.Header("Content-Type") != api::kJsonContentType) {
        return Trim(response.body);
    }
    const nlohmann::json parsed = nlohmann::json::parse(response.body, nullptr, false);
    if (parsed.is_discarded()) {
        return "Error reading JSON: invalid JSON in error reply";
    }
    if (parsed.is_object()) {
        const auto message = parsed.find("message");
        if (message != parsed.end() && message->is_string() && !message->get<std::string>().empty()) {
            return Trim(message->get<std::string>());
        }
    }
    return "API returned a " + std::to_string(response.status) + " (" +
           std::string(boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(response.status))) +
           ") but provided no error-message";
}

}  // namespace

Errc ErrcFromHttpStatus(unsigned status) {
    switch (status) {
        case 400:
            return Errc::kInvalidArgument;
        case 404:
            return Errc::kNotFound;
        case 409:
            return Errc::kConflict;
        case 503:
            return Errc::kUnavailable;
        default:
            return Errc::kInternal;
    }
}

Error ErrorFromResponse(const HttpResponse& response, std::string_view target) {
    const Errc code = ErrcFromHttpStatus(response.status);
    if (response.body.empty()) {
        const auto reason =
            boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(response.status));
        return Error(code,
                     "request returned " + std::string(reason) + " for API route and version " + std::string(target) +
                         ", check if the server supports the requested API version");
    }
    return Error(code, "Error response from daemon: " + DaemonMessage(response));
}

}  // namespace engine::client
