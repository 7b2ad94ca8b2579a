#include "engine/http/transport.hpp"

#include <cerrno>
#include <climits>
#include <cstdint>

#include <fcntl.h>
#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace engine::http::detail {
namespace {

int PollTimeout(std::optional<Clock::time_point> deadline) {
    if (!deadline) {
        return -1;
    }
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now()).count();
    if (left <= 0) {
        return 0;
    }
    return left > INT_MAX ? INT_MAX : static_cast<int>(left);
}

std::error_code Errno(int value) {
    return {value, std::generic_category()};
}

// OpenSSL's socket BIO writes with send(fd, ..., 0): a peer that went away would raise SIGPIPE
// and kill the daemon. This BIO does the same with MSG_NOSIGNAL. The fd lives in the BIO's data.
int BioFd(BIO* bio) {
    return static_cast<int>(reinterpret_cast<std::intptr_t>(BIO_get_data(bio)));
}

int BioWrite(BIO* bio, const char* data, int size) {
    BIO_clear_retry_flags(bio);
    const ssize_t count = send(BioFd(bio), data, static_cast<std::size_t>(size), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        BIO_set_retry_write(bio);
    }
    return static_cast<int>(count);
}

int BioRead(BIO* bio, char* data, int size) {
    BIO_clear_retry_flags(bio);
    const ssize_t count = recv(BioFd(bio), data, static_cast<std::size_t>(size), MSG_DONTWAIT);
    if (count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        BIO_set_retry_read(bio);
    }
    return static_cast<int>(count);
}

long BioCtrl(BIO*, int command, long, void*) {
    return command == BIO_CTRL_FLUSH ? 1 : 0;
}

int BioCreate(BIO* bio) {
    BIO_set_init(bio, 1);
    return 1;
}

const BIO_METHOD* NoSignalSocketMethod() {
    static BIO_METHOD* const method = [] {
        BIO_METHOD* created = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "berth socket");
        BIO_meth_set_write(created, BioWrite);
        BIO_meth_set_read(created, BioRead);
        BIO_meth_set_ctrl(created, BioCtrl);
        BIO_meth_set_create(created, BioCreate);
        return created;
    }();
    return method;
}

}  // namespace

Transport::Transport(int fd, std::shared_ptr<SSL_CTX> tls) : fd_(fd), ctx_(std::move(tls)) {
    const int flags = fcntl(fd_, F_GETFL);
    if (flags != -1) {
        fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
    }
    if (ctx_) {
        ssl_ = SSL_new(ctx_.get());
        BIO* bio = BIO_new(NoSignalSocketMethod());
        if (ssl_ != nullptr && bio != nullptr) {
            BIO_set_data(bio, reinterpret_cast<void*>(static_cast<std::intptr_t>(fd_)));
            SSL_set_bio(ssl_, bio, bio);  // one reference, used both ways
        } else {
            BIO_free(bio);
            SSL_free(ssl_);
            ssl_ = nullptr;
        }
    }
}

Transport::~Transport() {
    if (ssl_ != nullptr) {
        SSL_free(ssl_);
    }
    close(fd_);
}

bool Transport::Wait(short events, std::optional<Clock::time_point> deadline, std::error_code& ec) const {
    for (;;) {
        if (aborted_.load()) {
            ec = Errno(ECONNABORTED);
            return false;
        }
        pollfd entry{fd_, events, 0};
        const int ready = poll(&entry, 1, PollTimeout(deadline));
        if (ready > 0) {
            return true;  // readable, writable, or an error/hangup the next call reports
        }
        if (ready == 0) {
            ec = Errno(ETIMEDOUT);
            return false;
        }
        if (errno != EINTR) {
            ec = Errno(errno);
            return false;
        }
    }
}

bool Transport::Handshake(Clock::time_point deadline) {
    if (ctx_ == nullptr) {
        return true;
    }
    if (ssl_ == nullptr) {
        return false;
    }
    for (;;) {
        std::error_code ec;
        int result = 0;
        int error = 0;
        {
            std::lock_guard lock(ssl_mutex_);
            ERR_clear_error();
            result = SSL_accept(ssl_);
            error = result == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl_, result);
            ERR_clear_error();
        }
        if (result == 1) {
            return true;
        }
        if (error == SSL_ERROR_WANT_READ) {
            if (!Wait(POLLIN, deadline, ec)) {
                return false;
            }
        } else if (error == SSL_ERROR_WANT_WRITE) {
            if (!Wait(POLLOUT, deadline, ec)) {
                return false;
            }
        } else {
            return false;
        }
    }
}

std::size_t Transport::ReadSome(char* data,
                                std::size_t size,
                                std::optional<Clock::time_point> deadline,
                                std::error_code& ec) {
    ec.clear();
    if (size == 0) {
        return 0;
    }
    if (ssl_ != nullptr) {
        return ReadTls(data, size, deadline, ec);
    }
    for (;;) {
        if (aborted_.load()) {
            ec = Errno(ECONNABORTED);
            return 0;
        }
        const ssize_t count = recv(fd_, data, size, MSG_DONTWAIT);
        if (count >= 0) {
            return static_cast<std::size_t>(count);
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            ec = Errno(errno);
            return 0;
        }
        if (!Wait(POLLIN, deadline, ec)) {
            return 0;
        }
    }
}

std::size_t Transport::ReadTls(char* data,
                               std::size_t size,
                               std::optional<Clock::time_point> deadline,
                               std::error_code& ec) {
    const int want = size > INT_MAX ? INT_MAX : static_cast<int>(size);
    for (;;) {
        if (aborted_.load()) {
            ec = Errno(ECONNABORTED);
            return 0;
        }
        int result = 0;
        int error = 0;
        {
            std::lock_guard lock(ssl_mutex_);
            ERR_clear_error();
            errno = 0;
            result = SSL_read(ssl_, data, want);
            error = result > 0 ? SSL_ERROR_NONE : SSL_get_error(ssl_, result);
            ERR_clear_error();
        }
        if (result > 0) {
            return static_cast<std::size_t>(result);
        }
        switch (error) {
            case SSL_ERROR_ZERO_RETURN:
                return 0;
            case SSL_ERROR_WANT_READ:
                if (!Wait(POLLIN, deadline, ec)) {
                    return 0;
                }
                break;
            case SSL_ERROR_WANT_WRITE:
                if (!Wait(POLLOUT, deadline, ec)) {
                    return 0;
                }
                break;
            case SSL_ERROR_SYSCALL:
                if (errno == 0) {
                    return 0;  // EOF without close_notify
                }
                ec = Errno(errno);
                return 0;
            default:
                ec = Errno(EPROTO);
                return 0;
        }
    }
}

void Transport::WriteAll(std::string_view data, std::error_code& ec) {
    ec.clear();
    if (ssl_ != nullptr) {
        WriteTls(data, ec);
        return;
    }
    while (!data.empty()) {
        if (aborted_.load()) {
            ec = Errno(ECONNABORTED);
            return;
        }
        const ssize_t count = send(fd_, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (count >= 0) {
            data.remove_prefix(static_cast<std::size_t>(count));
            continue;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            ec = Errno(errno);
            return;
        }
        if (!Wait(POLLOUT, std::nullopt, ec)) {
            return;
        }
    }
}

void Transport::WriteTls(std::string_view data, std::error_code& ec) {
    while (!data.empty()) {
        if (aborted_.load()) {
            ec = Errno(ECONNABORTED);
            return;
        }
        const int want = data.size() > INT_MAX ? INT_MAX : static_cast<int>(data.size());
        int result = 0;
        int error = 0;
        {
            std::lock_guard lock(ssl_mutex_);
            ERR_clear_error();
            errno = 0;
            result = SSL_write(ssl_, data.data(), want);
            error = result > 0 ? SSL_ERROR_NONE : SSL_get_error(ssl_, result);
            ERR_clear_error();
        }
        if (result > 0) {
            data.remove_prefix(static_cast<std::size_t>(result));
            continue;
        }
        if (error == SSL_ERROR_WANT_WRITE) {
            if (!Wait(POLLOUT, std::nullopt, ec)) {
                return;
            }
        } else if (error == SSL_ERROR_WANT_READ) {
            if (!Wait(POLLIN, std::nullopt, ec)) {
                return;
            }
        } else {
            ec = Errno(error == SSL_ERROR_SYSCALL && errno != 0 ? errno : EPIPE);
            return;
        }
    }
}

void Transport::ShutdownWrite() {
    if (ssl_ != nullptr) {
        std::lock_guard lock(ssl_mutex_);
        ERR_clear_error();
        SSL_shutdown(ssl_);  // sends close_notify; non-blocking, best effort
        ERR_clear_error();
    }
    shutdown(fd_, SHUT_WR);
}

bool Transport::PeerClosed() const {
    pollfd entry{fd_, POLLRDHUP, 0};
    if (poll(&entry, 1, 0) <= 0) {
        return false;
    }
    return (entry.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0;
}

void Transport::Abort() {
    aborted_.store(true);
    shutdown(fd_, SHUT_RDWR);
}

}  // namespace engine::http::detail
