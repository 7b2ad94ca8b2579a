// The poll loop of berth-shim: container output to the log and attach clients, client frames
// (stdin, resize, start), child reaping.

#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>

#include "engine/base/error.hpp"
#include "engine/runtime/monitor/shim_report.hpp"
#include "engine/runtime/monitor/shim_server_impl.hpp"

namespace engine::runtime {

std::vector<pollfd> ShimServer::PollSet() const {
    std::vector<pollfd> fds = {{signal_fd_.get(), POLLIN, 0},
                               {listener_.get(), POLLIN, 0},
                               {io_.stdout_fd.get(), POLLIN, 0},
                               {io_.stderr_fd.get(), POLLIN, 0},
                               {stdin_pending_.empty() ? -1 : io_.stdin_fd.get(), POLLOUT, 0}};
    const bool read_clients = stdin_pending_.size() < kMaxStdinBacklog;
    for (const AttachConnection& client : clients_) {
        const short events = static_cast<short>((read_clients ? POLLIN : 0) | (client.out.empty() ? 0 : POLLOUT));
        fds.push_back({client.fd.get(), events, 0});
    }
    return fds;
}

void ShimServer::Loop() {
    std::optional<std::chrono::steady_clock::time_point> drain_deadline;
    while (true) {
        if (exited_ && !drain_deadline) {
            drain_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kDrainAfterExitMs);
        }
        const bool outputs_open = io_.stdout_fd.valid() || io_.stderr_fd.valid();
        if (exited_ && (!outputs_open || std::chrono::steady_clock::now() >= *drain_deadline)) {
            return;
        }
        std::vector<pollfd> fds = PollSet();
        if (::poll(fds.data(), fds.size(), exited_ ? 100 : -1) < 0) {
            continue;  // EINTR
        }
        if (fds[0].revents != 0) {
            OnSignal();
        }
        if (fds[2].revents != 0) {
            OnOutput(io_.stdout_fd, "stdout", stdout_splitter_);
        }
        if (fds[3].revents != 0) {
            OnOutput(io_.stderr_fd, "stderr", stderr_splitter_);
        }
        if (fds[4].revents != 0) {
            FlushStdin();
        }
        // Clients: from the back so that dropping one keeps the other indexes valid.
        for (std::size_t i = clients_.size(); i-- > 0;) {
            const short revents = fds[5 + i].revents;
            if ((revents & POLLOUT) != 0) {
                FlushClient(clients_[i]);
            }
            if ((revents & (POLLIN | POLLHUP | POLLERR)) != 0 && !OnClientReadable(clients_[i])) {
                DropClient(i);
            } else if (clients_[i].out.size() > kMaxClientBacklog) {
                ShimDiagnostic("dropping an attach client that does not keep up");
                DropClient(i);
            }
        }
        if (fds[1].revents != 0) {
            OnAccept();
        }
    }
}

void ShimServer::OnSignal() {
    signalfd_siginfo info{};
    while (::read(signal_fd_.get(), &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
        // SIGTERM/SIGINT/SIGHUP are ignored on purpose: the shim lives as long as the container.
    }
    int status = 0;
    pid_t pid = 0;
    while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
        if (pid == init_.pid) {
            exited_ = true;
            wait_status_ = status;
        }
    }
}

void ShimServer::OnOutput(UniqueFd& fd, std::string_view stream, LogLineSplitter& splitter) {
    char buffer[32768];
    const ssize_t count = ::read(fd.get(), buffer, sizeof buffer);
    if (count < 0 && (errno == EAGAIN || errno == EINTR)) {
        return;
    }
    const auto emit = [&](std::string_view message) { Emit(stream, message); };
    if (count <= 0) {  // EOF, or EIO from a pty whose last slave closed
        splitter.Flush(emit);
        fd.Reset();
        return;
    }
    const std::string_view bytes(buffer, static_cast<std::size_t>(count));
    splitter.Feed(bytes, emit);
    const std::string frame = EncodeFrame(stream == "stdout" ? FrameType::kStdout : FrameType::kStderr, bytes);
    for (AttachConnection& client : clients_) {
        client.out += frame;
        FlushClient(client);
    }
}

void ShimServer::Emit(std::string_view stream, std::string_view message) {
    if (!log_) {
        return;
    }
    try {
        log_->Write(stream, message, UnixNanosNow());
    } catch (const Error& error) {
        // Logging must not stop the container or its attach clients; the line is lost.
        ShimDiagnostic(error.what());
    }
}

void ShimServer::OnAccept() {
    const int fd = ::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd >= 0) {
        clients_.push_back(AttachConnection{UniqueFd(fd), {}, {}, false});
    }
}

bool ShimServer::OnClientReadable(AttachConnection& client) {
    char buffer[65536];
    const ssize_t count = ::read(client.fd.get(), buffer, sizeof buffer);
    if (count < 0 && (errno == EAGAIN || errno == EINTR)) {
        return true;
    }
    if (count <= 0) {
        return false;
    }
    client.decoder.Feed(std::string_view(buffer, static_cast<std::size_t>(count)));
    try {
        while (std::optional<Frame> frame = client.decoder.Next()) {
            if (!OnFrame(client, *frame)) {
                return false;
            }
        }
    } catch (const Error& error) {
        ShimDiagnostic(error.what());
        return false;
    }
    return true;
}

bool ShimServer::OnFrame(AttachConnection& client, const Frame& frame) {
    switch (frame.type) {
        case FrameType::kStdin:
            client.sent_stdin = true;
            if (io_.stdin_fd.valid() && !stdin_close_requested_) {
                stdin_pending_ += frame.payload;
                FlushStdin();
            }
            return true;
        case FrameType::kCloseStdin:
            client.sent_stdin = true;
            CloseStdin();
            return true;
        case FrameType::kResize:
            if (const auto size = DecodeResize(frame.payload); size && io_.terminal.valid()) {
                winsize window{size->first, size->second, 0, 0};
                ::ioctl(io_.terminal.get(), TIOCSWINSZ, &window);
            }
            return true;
        case FrameType::kStart: {
            std::string result;
            try {
                StartProcess();
            } catch (const Error& error) {
                result = ShimErrorReport(error);
                FailStart(error);
            }
            client.out += EncodeFrame(FrameType::kStartResult, result);
            FlushClient(client);
            return true;
        }
        default:
            return false;  // not a client frame: the peer does not speak our protocol
    }
}

void ShimServer::FlushClient(AttachConnection& client) {
    while (!client.out.empty()) {
        const ssize_t written = ::write(client.fd.get(), client.out.data(), client.out.size());
        if (written <= 0) {
            return;  // EAGAIN: later, on POLLOUT; errors: the read side notices the hangup
        }
        client.out.erase(0, static_cast<std::size_t>(written));
    }
}

void ShimServer::DropClient(std::size_t index) {
    const bool was_stdin_attacher = clients_[index].sent_stdin;
    clients_.erase(clients_.begin() + static_cast<std::ptrdiff_t>(index));
    if (was_stdin_attacher && options_.stdin_once) {
        CloseStdin();
    }
}

void ShimServer::FlushStdin() {
    while (!stdin_pending_.empty() && io_.stdin_fd.valid()) {
        const ssize_t written = ::write(io_.stdin_fd.get(), stdin_pending_.data(), stdin_pending_.size());
        if (written < 0 && (errno == EAGAIN || errno == EINTR)) {
            return;
        }
        if (written < 0) {  // EPIPE: the container closed its stdin; nobody will read the rest
            stdin_pending_.clear();
            io_.stdin_fd.Reset();
            return;
        }
        stdin_pending_.erase(0, static_cast<std::size_t>(written));
    }
    if (stdin_close_requested_ && stdin_pending_.empty()) {
        io_.stdin_fd.Reset();
    }
}

void ShimServer::CloseStdin() {
    // A terminal has no half-close: its input stays open for the next attacher.
    if (!io_.terminal.valid()) {
        stdin_close_requested_ = true;
        FlushStdin();
    }
}

}  // namespace engine::runtime
