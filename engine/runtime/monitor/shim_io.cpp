#include "engine/runtime/monitor/shim_io.hpp"

#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/runtime/monitor/unix_address.hpp"

namespace engine::runtime {
namespace {

constexpr int kConsoleWaitMs = 30'000;

std::pair<UniqueFd, UniqueFd> Pipe() {
    int ends[2];
    CheckSyscall(::pipe2(ends, O_CLOEXEC), "pipe for container stdio");
    return {UniqueFd(ends[0]), UniqueFd(ends[1])};
}

}  // namespace

StdioPipes MakeStdioPipes(bool open_stdin) {
    StdioPipes pipes;
    if (open_stdin) {
        auto [read_end, write_end] = Pipe();
        pipes.their_in = std::move(read_end);
        pipes.ours.stdin_fd = std::move(write_end);
        SetNonBlocking(pipes.ours.stdin_fd.get(), true, "container stdin");
    }
    auto [out_read, out_write] = Pipe();
    auto [err_read, err_write] = Pipe();
    pipes.ours.stdout_fd = std::move(out_read);
    pipes.ours.stderr_fd = std::move(err_read);
    pipes.their_out = std::move(out_write);
    pipes.their_err = std::move(err_write);
    SetNonBlocking(pipes.ours.stdout_fd.get(), true, "container stdout");
    SetNonBlocking(pipes.ours.stderr_fd.get(), true, "container stderr");
    return pipes;
}

UniqueFd ListenUnix(const std::filesystem::path& path, int backlog) {
    const UnixAddress address(path);
    UniqueFd fd(
        CheckSyscall(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), "socket " + path.string()));
    ::unlink(path.c_str());
    CheckSyscall(::bind(fd.get(), address.get(), address.size()), "bind " + path.string());
    CheckSyscall(::listen(fd.get(), backlog), "listen " + path.string());
    return fd;
}

UniqueFd ReceivePtyMaster(int listener) {
    pollfd watched{listener, POLLIN, 0};
    if (::poll(&watched, 1, kConsoleWaitMs) <= 0) {
        throw Error(Errc::kInternal, "the runtime did not send the terminal over the console socket");
    }
    const UniqueFd connection(
        CheckSyscall(::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC), "accept on the console socket"));
    char name[256];
    iovec vector{name, sizeof name};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
    msghdr message{};
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    CheckSyscall(::recvmsg(connection.get(), &message, MSG_CMSG_CLOEXEC), "receive the terminal");
    const cmsghdr* header = CMSG_FIRSTHDR(&message);
    if (header == nullptr || header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) {
        throw Error(Errc::kInternal, "the runtime's console socket message carried no terminal");
    }
    int master = -1;
    std::memcpy(&master, CMSG_DATA(header), sizeof master);
    return UniqueFd(master);
}

ContainerIo TerminalIo(UniqueFd master, bool open_stdin) {
    ContainerIo io;
    SetNonBlocking(master.get(), true, "terminal");
    if (open_stdin) {
        io.stdin_fd.Reset(CheckSyscall(::fcntl(master.get(), F_DUPFD_CLOEXEC, 0), "dup terminal"));
    }
    io.stdout_fd.Reset(CheckSyscall(::fcntl(master.get(), F_DUPFD_CLOEXEC, 0), "dup terminal"));
    io.terminal = std::move(master);
    return io;
}

}  // namespace engine::runtime
