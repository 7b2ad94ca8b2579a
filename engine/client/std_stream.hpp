#pragma once

#include <string>
#include <string_view>

#include "engine/client/engine_api.hpp"

namespace engine::client {

/// Splits Docker's multiplexed output (stdcopy): frames of an 8-byte header {stream, 0, 0, 0,
/// big-endian uint32 length} followed by that many bytes. Frames may arrive cut anywhere.
class StdStreamDemuxer final {
  public:
    explicit StdStreamDemuxer(OutputCallback on_output) : on_output_(std::move(on_output)) {}

    /// Consumes `data`, delivering each complete frame's payload (a large frame is delivered
    /// in pieces as they arrive). Returns false as soon as the callback does. Throws
    /// Error(kInternal, "Unrecognized input header: N") for a stream id above 3, as stdcopy.
    bool Feed(std::string_view data);

  private:
    OutputCallback on_output_;
    std::string header_;
    std::size_t remaining_ = 0;
    StdStream stream_ = StdStream::kStdout;
};

}  // namespace engine::client
