#pragma once

#include <exception>
#include <string>
#include <string_view>

namespace engine::http::detail {

/// `{"message":"<text>"}` with `text` JSON-escaped (invalid UTF-8 bytes become U+FFFD).
std::string JsonMessage(std::string_view text);

/// The status for an exception escaping a handler: engine::Error by its code (NotFound 404,
/// AlreadyExists/Conflict 409, InvalidArgument 400, Unavailable 503), anything else 500.
unsigned StatusForException(const std::exception_ptr& error);

/// The message of an exception ("unknown error" for non-std exceptions).
std::string MessageOfException(const std::exception_ptr& error);

}  // namespace engine::http::detail
