#include "engine/client/std_stream.hpp"

#include "engine/base/error.hpp"

namespace engine::client {
namespace {

constexpr std::size_t kHeaderSize = 8;
// stdcopy's systemerr id: the daemon reports an error in the stream itself.
constexpr unsigned kSystemErr = 3;

}  // namespace

bool StdStreamDemuxer::Feed(std::string_view data) {
    while (!data.empty()) {
        if (remaining_ > 0) {
            const std::size_t take = std::min(remaining_, data.size());
            remaining_ -= take;
            const std::string_view piece = data.substr(0, take);
            data.remove_prefix(take);
            if (!on_output_(stream_, piece)) {
                return false;
            }
            continue;
        }
        const std::size_t need = kHeaderSize - header_.size();
        header_.append(data.substr(0, need));
        data.remove_prefix(std::min(need, data.size()));
        if (header_.size() < kHeaderSize) {
            return true;
        }
        const auto byte = [this](std::size_t index) { return static_cast<unsigned char>(header_[index]); };
        const unsigned id = byte(0);
        if (id > kSystemErr) {
            throw Error(Errc::kInternal, "Unrecognized input header: " + std::to_string(id));
        }
        remaining_ = (std::size_t{byte(4)} << 24) | (std::size_t{byte(5)} << 16) | (std::size_t{byte(6)} << 8) |
                     std::size_t{byte(7)};
        header_.clear();
        if (id == kSystemErr) {
            // The rest of this frame is the daemon's error text: collect it and throw.
            if (data.size() < remaining_) {
                throw Error(Errc::kInternal, "error from daemon in stream: " + std::string(data));
            }
            throw Error(Errc::kInternal, "error from daemon in stream: " + std::string(data.substr(0, remaining_)));
        }
        stream_ = static_cast<StdStream>(id);
    }
    return true;
}

}  // namespace engine::client
