#pragma once

#include "engine/base/error.hpp"
#include "engine/client/http_transport.hpp"

namespace engine::client {

/// The category for an HTTP error status, the inverse of api::HttpStatus: 404 kNotFound,
/// 409 kConflict, 400 kInvalidArgument, 503 kUnavailable, anything else kInternal.
Errc ErrcFromHttpStatus(unsigned status);

/// The error for a non-2xx reply, worded as the docker client's checkResponseErr words it:
/// "Error response from daemon: <message>" where the message is the JSON body's "message"
/// (Content-Type exactly application/json) or else the trimmed body text; an empty body gives
/// "request returned <reason> for API route and version <target>, check if the server supports
/// the requested API version".
Error ErrorFromResponse(const HttpResponse& response, std::string_view target);

}  // namespace engine::client
