#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace engine::client {

/// Receives one message of a JSON stream; returns false to stop the stream.
using JsonCallback = std::function<bool(const nlohmann::json& message)>;

/// Cuts a byte stream of concatenated JSON values (what Go's json.Decoder reads: moby writes
/// one object per line, but any whitespace or none between values works) into values, each
/// handed out as soon as its last byte arrived.
class JsonStreamDecoder final {
  public:
    /// Consumes `data` and calls `on_value` for every value it completes. Returns false as soon
    /// as `on_value` does. Throws Error(kInternal, "invalid JSON in stream from the daemon: ...")
    /// for a value that does not parse.
    bool Feed(std::string_view data, const JsonCallback& on_value);

    /// Throws Error(kInternal, "unexpected end of JSON stream from the daemon") when the stream
    /// ended inside a value.
    void Finish() const;

  private:
    std::string pending_;  // bytes of the value being read
    int depth_ = 0;
    bool in_string_ = false;
    bool escaped_ = false;
};

/// Throws the error a stream message carries, as the docker CLI's jsonmessage does: a message
/// with "errorDetail" or "error" becomes Error(kInternal, <errorDetail.message, else error>).
/// Other messages pass.
void ThrowIfStreamError(const nlohmann::json& message);

}  // namespace engine::client
