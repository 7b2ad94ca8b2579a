#pragma once

#include <string>
#include <string_view>

#include "engine/base/error.hpp"

namespace engine::api {

/// The Content-Type of every JSON error reply. The docker CLI shows the JSON `message` only when
/// the type is exactly this; otherwise it prints the raw body.
inline constexpr std::string_view kJsonContentType = "application/json";

/// The HTTP status for an error category — the one place this mapping lives (DESIGN.md §5):
/// NotFound 404, AlreadyExists 409, InvalidArgument 400, Conflict 409, Unavailable 503,
/// Internal 500 (and 500 for a value outside the enum).
unsigned HttpStatus(Errc code);

/// `text` as a JSON string literal, quotes included, encoded as Go's encoding/json encodes
/// strings with HTML escaping off (what moby's httputils.WriteJSON uses): '"' and '\\'
/// escaped; \b \f \n \r \t short; other control bytes as \u00xx; U+2028/U+2029 as \u2028 and
/// \u2029; each byte of invalid UTF-8 as \ufffd; everything else verbatim.
std::string JsonQuote(std::string_view text);

/// A complete error reply, ready for the HTTP layer to send.
struct ErrorResponse final {
    unsigned status = 500;
    std::string content_type;
    /// `{"message":"..."}` followed by "\n", as Go's json.Encoder writes it.
    std::string body;
};

/// The reply for `error`: HttpStatus(error.code()), kJsonContentType and its message.
ErrorResponse MakeErrorResponse(const Error& error);

/// The same reply for a status and message decided elsewhere (the router's 404 "page not found").
ErrorResponse MakeErrorResponse(unsigned status, std::string_view message);

}  // namespace engine::api
