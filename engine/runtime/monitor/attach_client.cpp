#include "engine/runtime/monitor/attach_client.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <poll.h>
#include <sys/socket.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/runtime/monitor/unix_address.hpp"

namespace engine::runtime {

AttachClient AttachClient::Connect(const std::filesystem::path& state_dir) {
    const std::filesystem::path path = state_dir / "attach.sock";
    const UnixAddress address(path);
    UniqueFd fd(CheckSyscall(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), "socket for " + path.string()));
    if (::connect(fd.get(), address.get(), address.size()) != 0) {
        const int saved_errno = errno;
        throw Error(Errc::kUnavailable,
                    "connect to " + path.string() + ": " + std::strerror(saved_errno) + " (is the container running?)");
    }
    return AttachClient(std::move(fd));
}

void AttachClient::Send(FrameType type, std::string_view payload) {
    WriteAllTo(fd_.get(), EncodeFrame(type, payload), "send to attach socket");
}

void AttachClient::SendStdin(std::string_view bytes) {
    do {
        const std::string_view piece = bytes.substr(0, kMaxFramePayload);
        Send(FrameType::kStdin, piece);
        bytes.remove_prefix(piece.size());
    } while (!bytes.empty());
}

void AttachClient::CloseStdin() {
    Send(FrameType::kCloseStdin, {});
}

void AttachClient::Resize(std::uint16_t rows, std::uint16_t cols) {
    Send(FrameType::kResize, EncodeResize(rows, cols));
}

std::optional<Frame> AttachClient::ReadFrame(std::optional<std::chrono::milliseconds> timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout.value_or(std::chrono::milliseconds(0));
    while (true) {
        if (std::optional<Frame> frame = decoder_.Next()) {
            return frame;
        }
        int wait_ms = -1;
        if (timeout) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            wait_ms = static_cast<int>(std::max<std::int64_t>(left.count(), 0));
        }
        pollfd watched{fd_.get(), POLLIN, 0};
        const int ready = ::poll(&watched, 1, wait_ms);
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready == 0) {
            throw Error(Errc::kUnavailable, "no data from the attach socket in time");
        }
        char buffer[65536];
        const ssize_t count = ::read(fd_.get(), buffer, sizeof buffer);
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count < 0 && errno != ECONNRESET) {
            ThrowErrno("read attach socket", errno);
        }
        if (count <= 0) {
            return std::nullopt;
        }
        decoder_.Feed(std::string_view(buffer, static_cast<std::size_t>(count)));
    }
}

}  // namespace engine::runtime
