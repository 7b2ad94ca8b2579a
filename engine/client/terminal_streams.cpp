#include "engine/client/terminal_streams.hpp"

#include <array>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/client/std_stream.hpp"

namespace engine::client {
namespace {

constexpr std::size_t kChunk = 32 * 1024;

}  // namespace

void CopyOutput(RawStream& stream, bool tty, std::ostream& out, std::ostream& err) {
    client::StdStreamDemuxer demuxer([&](client::StdStream which, std::string_view data) {
        std::ostream& target = which == client::StdStream::kStderr ? err : out;
        target.write(data.data(), static_cast<std::streamsize>(data.size()));
        target.flush();
        return true;
    });
    std::array<char, kChunk> buffer;
    for (;;) {
        const std::size_t count = stream.Read(buffer);
        if (count == 0) {
            return;
        }
        const std::string_view data(buffer.data(), count);
        if (tty) {
            out.write(data.data(), static_cast<std::streamsize>(data.size()));
            out.flush();
        } else {
            demuxer.Feed(data);
        }
    }
}

StdinPump::StdinPump(int fd, std::shared_ptr<RawStream> stream) : stream_(std::move(stream)) {
    if (pipe2(stop_pipe_, O_CLOEXEC) != 0) {
        throw Error(Errc::kInternal, "pipe: " + std::string(strerror(errno)));
    }
    thread_ = std::thread([this, fd] { Run(fd); });
}

StdinPump::~StdinPump() {
    Stop();
    close(stop_pipe_[0]);
    close(stop_pipe_[1]);
}

void StdinPump::Stop() {
    if (!thread_.joinable()) {
        return;
    }
    const char byte = 0;
    [[maybe_unused]] const ssize_t ignored = write(stop_pipe_[1], &byte, 1);
    thread_.join();
}

void StdinPump::Run(int fd) {
    std::array<char, kChunk> buffer;
    try {
        for (;;) {
            std::array<pollfd, 2> fds = {pollfd{fd, POLLIN, 0}, pollfd{stop_pipe_[0], POLLIN, 0}};
            if (poll(fds.data(), fds.size(), -1) < 0) {
                if (errno == EINTR) {
                    continue;
                }
                return;
            }
            if (fds[1].revents != 0) {
                return;
            }
            const ssize_t count = read(fd, buffer.data(), buffer.size());
            if (count < 0 && errno == EINTR) {
                continue;
            }
            if (count <= 0) {
                stream_->CloseWrite();
                return;
            }
            stream_->Write(std::string_view(buffer.data(), static_cast<std::size_t>(count)));
        }
    } catch (const Error&) {
        // The container went away while we were sending: its output side reports the end.
    }
}

RawTerminal::RawTerminal(int fd) : fd_(fd) {
    termios current{};
    if (isatty(fd) == 0 || tcgetattr(fd, &current) != 0) {
        return;
    }
    saved_ = current;
    cfmakeraw(&current);
    tcsetattr(fd, TCSANOW, &current);
}

RawTerminal::~RawTerminal() {
    if (saved_) {
        tcsetattr(fd_, TCSANOW, &*saved_);
    }
}

std::optional<std::pair<int, int>> TerminalSize(int fd) {
    winsize size{};
    if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_row == 0) {
        return std::nullopt;
    }
    return std::pair<int, int>(size.ws_row, size.ws_col);
}

}  // namespace engine::client
