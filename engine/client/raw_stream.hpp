#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

#include <nlohmann/json.hpp>

namespace engine::client {

/// A hijacked connection (attach, exec start): raw bytes both ways. Read and Write may be used
/// from two threads at once (one reader, one writer).
class RawStream {
  public:
    virtual ~RawStream() = default;
    /// Reads at most buffer.size() bytes, blocking; 0 at end of stream. Throws Error(kUnavailable)
    /// when the connection breaks.
    virtual std::size_t Read(std::span<char> buffer) = 0;
    /// Writes all of `data`. Throws Error(kUnavailable) when the connection breaks.
    virtual void Write(std::string_view data) = 0;
    /// Half-closes our sending side (stdin reached its end); reading goes on.
    virtual void CloseWrite() = 0;
};

/// A POST /containers/{id}/wait whose reply headers have arrived (so the condition is armed on
/// the daemon) but whose body, the exit status, may still be to come.
class PendingWait {
  public:
    virtual ~PendingWait() = default;
    /// Blocks for {"StatusCode", "Error"}. Throws the daemon's error as EngineApi calls do.
    virtual nlohmann::json Result() = 0;
};

}  // namespace engine::client
