#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include <boost/asio/error.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "engine/net/publish/proxy_listener.hpp"

namespace engine::net::detail {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr std::size_t kBufferSize = 64 * 1024;
// After an accept error other than a client giving up (out of fds, out of memory), a pause
// instead of a busy loop, as Go's net/http (and so docker-proxy) does.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);

// One client connection and its backend connection. Each direction reads into its buffer and
// writes it out before reading again, so a slow reader slows the writer down. Writes are
// async_write_some loops rather than asio::async_write: a composed operation would start its
// next step outside the mutex, racing with Stop().
class TcpSession final : public std::enable_shared_from_this<TcpSession> {
  public:
    TcpSession(tcp::socket client, tcp::endpoint backend)
        : client_(std::move(client)),
          backend_(client_.get_executor()),
          backend_endpoint_(std::move(backend)),
          upstream_(client_, backend_),
          downstream_(backend_, client_) {}

    void Start() {
        const std::lock_guard lock(mutex_);
        error_code ignored;
        client_.set_option(tcp::no_delay(true), ignored);  // as Go's net does: no added latency
        backend_.async_connect(backend_endpoint_,
                               [self = shared_from_this()](const error_code& ec) { self->OnConnected(ec); });
    }

    void Stop() {
        const std::lock_guard lock(mutex_);
        CloseLocked();
    }

  private:
    // One direction of the copy.
    struct Pipe {
        Pipe(tcp::socket& source, tcp::socket& sink) : from(source), to(sink) {}
        tcp::socket& from;
        tcp::socket& to;
        std::vector<char> buffer = std::vector<char>(kBufferSize);
        std::size_t written = 0;
        std::size_t filled = 0;
    };

    void OnConnected(const error_code& ec) {
        const std::lock_guard lock(mutex_);
        if (stopped_) {
            return;
        }
        if (ec) {  // refused or unreachable: the client sees its connection close
            CloseLocked();
            return;
        }
        error_code ignored;
        backend_.set_option(tcp::no_delay(true), ignored);
        Read(upstream_);
        Read(downstream_);
    }

    void Read(Pipe& pipe) {
        pipe.from.async_read_some(asio::buffer(pipe.buffer),
                                  [self = shared_from_this(), &pipe](const error_code& ec, std::size_t size) {
                                      self->OnRead(pipe, ec, size);
                                  });
    }

    void OnRead(Pipe& pipe, const error_code& ec, std::size_t size) {
        const std::lock_guard lock(mutex_);
        if (stopped_) {
            return;
        }
        if (ec == asio::error::eof) {
            // Half-close: the other side learns this side is done but may still answer.
            error_code ignored;
            pipe.to.shutdown(tcp::socket::shutdown_send, ignored);
            if (++finished_pipes_ == 2) {
                CloseLocked();
            }
            return;
        }
        if (ec) {
            CloseLocked();
            return;
        }
        pipe.written = 0;
        pipe.filled = size;
        Write(pipe);
    }

    void Write(Pipe& pipe) {
        pipe.to.async_write_some(asio::buffer(pipe.buffer.data() + pipe.written, pipe.filled - pipe.written),
                                 [self = shared_from_this(), &pipe](const error_code& ec, std::size_t size) {
                                     self->OnWritten(pipe, ec, size);
                                 });
    }

    void OnWritten(Pipe& pipe, const error_code& ec, std::size_t size) {
        const std::lock_guard lock(mutex_);
        if (stopped_) {
            return;
        }
        if (ec) {
            CloseLocked();
            return;
        }
        pipe.written += size;
        if (pipe.written < pipe.filled) {
            Write(pipe);
        } else {
            Read(pipe);
        }
    }

    void CloseLocked() {
        stopped_ = true;
        error_code ignored;
        client_.close(ignored);
        backend_.close(ignored);
    }

    std::mutex mutex_;
    bool stopped_ = false;
    int finished_pipes_ = 0;
    tcp::socket client_;
    tcp::socket backend_;
    tcp::endpoint backend_endpoint_;
    Pipe upstream_;
    Pipe downstream_;
};

class TcpProxy final : public ProxyListener, public std::enable_shared_from_this<TcpProxy> {
  public:
    TcpProxy(tcp::acceptor acceptor, tcp::endpoint backend)
        : acceptor_(std::move(acceptor)), retry_timer_(acceptor_.get_executor()), backend_(std::move(backend)) {}

    void Start() {
        const std::lock_guard lock(mutex_);
        Accept();
    }

    void Stop() override {
        const std::lock_guard lock(mutex_);
        stopped_ = true;
        error_code ignored;
        acceptor_.close(ignored);
        retry_timer_.cancel();
        for (const std::weak_ptr<TcpSession>& weak : sessions_) {
            if (const std::shared_ptr<TcpSession> session = weak.lock()) {
                session->Stop();
            }
        }
        sessions_.clear();
    }

  private:
    void Accept() {
        acceptor_.async_accept([self = shared_from_this()](const error_code& ec, tcp::socket client) {
            self->OnAccept(ec, std::move(client));
        });
    }

    void OnAccept(const error_code& ec, tcp::socket client) {
        const std::lock_guard lock(mutex_);
        if (stopped_ || ec == asio::error::operation_aborted) {
            return;
        }
        if (ec == asio::error::connection_aborted) {  // the client left before we accepted
            Accept();
            return;
        }
        if (ec) {
            retry_timer_.expires_after(kAcceptRetryDelay);
            retry_timer_.async_wait([self = shared_from_this()](const error_code& wait_ec) {
                const std::lock_guard retry_lock(self->mutex_);
                if (!self->stopped_ && !wait_ec) {
                    self->Accept();
                }
            });
            return;
        }
        std::erase_if(sessions_, [](const std::weak_ptr<TcpSession>& weak) { return weak.expired(); });
        auto session = std::make_shared<TcpSession>(std::move(client), backend_);
        session->Start();
        sessions_.push_back(session);
        Accept();
    }

    std::mutex mutex_;
    bool stopped_ = false;
    tcp::acceptor acceptor_;
    asio::steady_timer retry_timer_;
    tcp::endpoint backend_;
    // Weak: a session lives as long as its handlers; the list is only for Stop().
    std::vector<std::weak_ptr<TcpSession>> sessions_;
};

}  // namespace

std::shared_ptr<ProxyListener> StartTcpProxy(tcp::acceptor acceptor, tcp::endpoint backend) {
    auto proxy = std::make_shared<TcpProxy>(std::move(acceptor), std::move(backend));
    proxy->Start();
    return proxy;
}

}  // namespace engine::net::detail
