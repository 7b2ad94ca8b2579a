#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace engine {

/// The one error vocabulary of the engine (DESIGN.md section 5). Values are explicit because
/// they cross process boundaries in logs and tests; the HTTP status for each is decided in
/// exactly one place (engine/api), the exit code in exactly one place per CLI.
enum class Errc : int {
    kNotFound = 1,
    kAlreadyExists = 2,
    kInvalidArgument = 3,
    kConflict = 4,
    kUnavailable = 5,
    kInternal = 6,
};

/// Lowercase name of a code ("not found", "already exists", ...), for logs and messages.
std::string_view ErrcName(Errc code);

/// An engine error: a category callers branch on, and a message that carries context,
/// outermost first ("create container web-1: image busybox:local: not found").
class Error final : public std::runtime_error {
  public:
    Error(Errc code, std::string message) : std::runtime_error(std::move(message)), code_(code) {}

    Errc code() const { return code_; }

    /// The same error with `context` put in front: Wrap("pull nginx") on "not found" gives
    /// "pull nginx: not found".
    Error Wrap(std::string_view context) const { return Error(code_, std::string(context) + ": " + what()); }

  private:
    Errc code_;
};

}  // namespace engine
