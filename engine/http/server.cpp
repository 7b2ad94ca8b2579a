#include "engine/http/server.hpp"

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <list>
#include <mutex>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/http/connection.hpp"
#include "engine/http/json_error.hpp"
#include "engine/http/listener.hpp"
#include "engine/http/tls_context.hpp"

namespace engine::http {

std::string RequestHead::Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
            return value;
        }
    }
    return "";
}

namespace {

std::string PeerName(const sockaddr_storage& address) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address.ss_family == AF_INET) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
        inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
        return std::string(text) + ":" + std::to_string(ntohs(v4->sin_port));
    }
    if (address.ss_family == AF_INET6) {
        const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
        inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
        return "[" + std::string(text) + "]:" + std::to_string(ntohs(v6->sin6_port));
    }
    return "unix";
}

}  // namespace

class Server::Impl final {
  public:
    Impl(ServerOptions options, Dispatcher& dispatcher) : options_(std::move(options)), dispatcher_(dispatcher) {
        int fds[2];
        CheckSyscall(pipe2(fds, O_CLOEXEC | O_NONBLOCK), "http server: pipe");
        wake_read_ = fds[0];
        wake_write_ = fds[1];
    }
    ~Impl() {
        close(wake_read_);
        close(wake_write_);
    }

    ListenAddress Listen(const ListenAddress& address, const std::optional<TlsFiles>& tls) {
        std::shared_ptr<SSL_CTX> context;
        if (tls) {
            context = detail::MakeServerTlsContext(*tls);
        }
        std::vector<detail::BoundListener> bound = detail::Bind(address, options_);
        const ListenAddress result = bound.front().address;
        std::lock_guard lock(mutex_);
        if (stopped_) {
            for (auto& listener : bound) {
                detail::CloseListener(listener);
            }
            throw Error(Errc::kUnavailable, "listen " + ToString(address) + ": the server is stopped");
        }
        for (auto& listener : bound) {
            listeners_.push_back({std::move(listener), context});
        }
        Wake();
        return result;
    }

    void Start() {
        std::lock_guard lock(mutex_);
        if (acceptor_.joinable() || stopped_) {
            return;
        }
        acceptor_ = std::thread([this] { AcceptLoop(); });
    }

    void Stop(std::chrono::milliseconds grace) {
        std::unique_lock lock(mutex_);
        if (stopped_) {
            return;
        }
        stopped_ = true;
        stopping_.store(true);
        Wake();
        std::thread acceptor = std::move(acceptor_);
        lock.unlock();
        if (acceptor.joinable()) {
            acceptor.join();
        }
        lock.lock();
        for (auto& listener : listeners_) {
            detail::CloseListener(listener.bound);
        }
        listeners_.clear();
        for (auto& connection : connections_) {
            if (connection.state) {
                connection.state->AbortIfIdle();
            }
        }
        connection_done_.wait_for(lock, grace, [this] { return active_ == 0; });
        for (auto& connection : connections_) {
            if (connection.state) {
                connection.state->Abort();
            }
        }
        std::list<Connection> remaining = std::move(connections_);
        connections_.clear();
        lock.unlock();
        for (auto& connection : remaining) {
            connection.thread.join();
        }
    }

  private:
    struct Listener {
        detail::BoundListener bound;
        std::shared_ptr<SSL_CTX> tls;
    };
    struct Connection {
        std::shared_ptr<detail::ConnectionState> state;
        std::thread thread;
        bool done = false;
    };

    void Wake() {
        const char byte = 1;
        [[maybe_unused]] const ssize_t ignored = write(wake_write_, &byte, 1);
    }

    void AcceptLoop() {
        for (;;) {
            std::vector<pollfd> fds;
            std::vector<std::shared_ptr<SSL_CTX>> contexts;
            {
                std::lock_guard lock(mutex_);
                if (stopping_.load()) {
                    return;
                }
                ReapLocked();
                fds.push_back({wake_read_, POLLIN, 0});
                contexts.emplace_back();
                for (const auto& listener : listeners_) {
                    fds.push_back({listener.bound.fd, POLLIN, 0});
                    contexts.push_back(listener.tls);
                }
            }
            const int ready = poll(fds.data(), fds.size(), 1000);
            if (ready < 0 && errno != EINTR) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                continue;
            }
            if (fds[0].revents != 0) {
                char drain[64];
                while (read(wake_read_, drain, sizeof drain) > 0) {
                }
            }
            for (std::size_t i = 1; i < fds.size(); ++i) {
                if (fds[i].revents != 0) {
                    AcceptFrom(fds[i].fd, contexts[i]);
                }
            }
        }
    }

    void AcceptFrom(int listen_fd, const std::shared_ptr<SSL_CTX>& tls) {
        for (int accepted = 0; accepted < 64; ++accepted) {
            sockaddr_storage address{};
            socklen_t length = sizeof address;
            const int fd =
                accept4(listen_fd, reinterpret_cast<sockaddr*>(&address), &length, SOCK_CLOEXEC | SOCK_NONBLOCK);
            if (fd < 0) {
                if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let fds free up
                }
                return;  // EAGAIN and transient errors: back to poll
            }
            if (address.ss_family == AF_INET || address.ss_family == AF_INET6) {
                const int one = 1;
                setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            }
            std::lock_guard lock(mutex_);
            if (stopping_.load()) {
                close(fd);
                return;
            }
            if (active_ >= options_.max_connections) {
                RefuseBusy(fd, tls != nullptr);
                continue;
            }
            auto state =
                std::make_shared<detail::ConnectionState>(std::make_shared<detail::Transport>(fd, tls), stopping_);
            ++active_;
            connections_.push_back({state, {}, false});
            auto entry = std::prev(connections_.end());
            entry->thread = std::thread([this, entry, state, peer = PeerName(address)]() mutable {
                RunConnection(entry, std::move(state), peer);
            });
        }
    }

    static void RefuseBusy(int fd, bool tls) {
        if (!tls) {
            const std::string body = detail::JsonMessage("too many connections, try again later");
            const std::string reply =
                "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                "Connection: close\r\nContent-Length: " +
                std::to_string(body.size()) + "\r\n\r\n" + body;
            [[maybe_unused]] const ssize_t ignored = send(fd, reply.data(), reply.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
            shutdown(fd, SHUT_WR);
        }
        close(fd);
    }

    void RunConnection(std::list<Connection>::iterator entry,
                       std::shared_ptr<detail::ConnectionState> state,
                       const std::string& peer) {
        // The TLS handshake counts as waiting for a request: Stop closes such connections at once.
        if (state->EnterIdle() && state->transport()->Handshake(detail::Clock::now() + options_.idle_timeout)) {
            detail::ServeConnection(*state, peer, options_, dispatcher_);
        }
        {
            std::lock_guard lock(mutex_);
            entry->state.reset();
        }
        state.reset();  // closes the socket now (unless a handler still holds it hijacked)
        std::lock_guard lock(mutex_);
        entry->done = true;
        --active_;
        connection_done_.notify_all();
    }

    // Joins finished connection threads (they only have their last lock release left).
    void ReapLocked() {
        for (auto it = connections_.begin(); it != connections_.end();) {
            if (it->done) {
                it->thread.join();
                it = connections_.erase(it);
            } else {
                ++it;
            }
        }
    }

    const ServerOptions options_;
    Dispatcher& dispatcher_;
    std::mutex mutex_;
    std::condition_variable connection_done_;
    std::vector<Listener> listeners_;
    std::list<Connection> connections_;
    std::size_t active_ = 0;
    std::atomic<bool> stopping_{false};
    bool stopped_ = false;
    std::thread acceptor_;
    int wake_read_ = -1;
    int wake_write_ = -1;
};

Server::Server(ServerOptions options, Dispatcher& dispatcher)
    : impl_(std::make_unique<Impl>(std::move(options), dispatcher)) {}

Server::~Server() {
    Stop();
}

ListenAddress Server::Listen(const ListenAddress& address, const std::optional<TlsFiles>& tls) {
    return impl_->Listen(address, tls);
}

void Server::Start() {
    impl_->Start();
}

void Server::Stop(std::chrono::milliseconds grace) {
    impl_->Stop(grace);
}

}  // namespace engine::http
