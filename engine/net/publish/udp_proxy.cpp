#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include <boost/asio/error.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "engine/net/publish/proxy_listener.hpp"

namespace engine::net::detail {
namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;

// The largest UDP payload (65535 minus the IPv4 and UDP headers), so nothing is truncated.
constexpr std::size_t kDatagramSize = 65507;

// One client address's conversation with the backend.
struct Flow {
    Flow(const udp::socket::executor_type& executor, udp::endpoint client_address)
        : socket(executor), client(std::move(client_address)), expiry(executor) {}

    udp::socket socket;  // connected to the backend, so replies identify the flow
    udp::endpoint client;
    asio::steady_timer expiry;
    Clock::time_point last_active = Clock::now();
    std::vector<char> buffer = std::vector<char>(kDatagramSize);
};

// Sends are synchronous on non-blocking sockets: a datagram that does not fit in the socket
// buffer right now is dropped, which UDP allows, and no send buffers need to outlive a call.
class UdpProxy final : public ProxyListener, public std::enable_shared_from_this<UdpProxy> {
  public:
    UdpProxy(udp::socket socket, udp::endpoint backend, Clock::duration idle_timeout)
        : socket_(std::move(socket)), backend_(std::move(backend)), idle_timeout_(idle_timeout) {}

    void Start() {
        const std::lock_guard lock(mutex_);
        error_code ignored;
        socket_.non_blocking(true, ignored);
        ReceiveFromClients();
    }

    void Stop() override {
        const std::lock_guard lock(mutex_);
        stopped_ = true;
        error_code ignored;
        socket_.close(ignored);
        for (auto& entry : flows_) {
            entry.second->socket.close(ignored);
            entry.second->expiry.cancel();
        }
        flows_.clear();
    }

  private:
    void ReceiveFromClients() {
        socket_.async_receive_from(
            asio::buffer(buffer_), sender_, [self = shared_from_this()](const error_code& ec, std::size_t size) {
                self->OnClientDatagram(ec, size);
            });
    }

    void OnClientDatagram(const error_code& ec, std::size_t size) {
        const std::lock_guard lock(mutex_);
        if (stopped_ || ec == asio::error::operation_aborted) {
            return;
        }
        // Other errors concern one datagram (an unconnected socket reports no ICMP errors).
        if (!ec) {
            ForwardToBackend(size);
        }
        ReceiveFromClients();
    }

    void ForwardToBackend(std::size_t size) {
        std::shared_ptr<Flow> flow = FindOrOpenFlow();
        if (!flow) {
            return;
        }
        flow->last_active = Clock::now();
        error_code ignored;  // would_block: dropped; connection_refused: nobody listens yet
        flow->socket.send(asio::buffer(buffer_.data(), size), 0, ignored);
    }

    std::shared_ptr<Flow> FindOrOpenFlow() {
        if (const auto found = flows_.find(sender_); found != flows_.end()) {
            return found->second;
        }
        auto flow = std::make_shared<Flow>(socket_.get_executor(), sender_);
        error_code ec;
        flow->socket.connect(backend_, ec);  // no packet is sent: it only fixes the peer
        if (!ec) {
            flow->socket.non_blocking(true, ec);
        }
        if (ec) {  // out of fds, say: this datagram is lost, the next one tries again
            return nullptr;
        }
        flows_.emplace(sender_, flow);
        ReceiveFromBackend(flow);
        ArmExpiry(flow);
        return flow;
    }

    void ReceiveFromBackend(const std::shared_ptr<Flow>& flow) {
        flow->socket.async_receive(asio::buffer(flow->buffer),
                                   [self = shared_from_this(), flow](const error_code& ec, std::size_t size) {
                                       self->OnBackendDatagram(flow, ec, size);
                                   });
    }

    void OnBackendDatagram(const std::shared_ptr<Flow>& flow, const error_code& ec, std::size_t size) {
        const std::lock_guard lock(mutex_);
        if (stopped_ || !flow->socket.is_open() || ec == asio::error::operation_aborted) {
            return;
        }
        if (!ec) {
            flow->last_active = Clock::now();
            error_code ignored;
            socket_.send_to(asio::buffer(flow->buffer.data(), size), flow->client, 0, ignored);
        } else if (ec != asio::error::connection_refused) {
            // Refused is the ICMP answer to an earlier datagram while the backend was not
            // listening yet; the flow stays. Anything else ends it.
            CloseFlow(flow);
            return;
        }
        ReceiveFromBackend(flow);
    }

    void ArmExpiry(const std::shared_ptr<Flow>& flow) {
        flow->expiry.expires_at(flow->last_active + idle_timeout_);
        flow->expiry.async_wait([self = shared_from_this(), flow](const error_code& ec) { self->OnExpiry(flow, ec); });
    }

    // The timer is not pushed back on every datagram; when it fires early it re-arms for the
    // time left since the last one.
    void OnExpiry(const std::shared_ptr<Flow>& flow, const error_code& ec) {
        const std::lock_guard lock(mutex_);
        if (stopped_ || !flow->socket.is_open() || ec == asio::error::operation_aborted) {
            return;
        }
        if (Clock::now() - flow->last_active >= idle_timeout_) {
            CloseFlow(flow);
        } else {
            ArmExpiry(flow);
        }
    }

    void CloseFlow(const std::shared_ptr<Flow>& flow) {
        error_code ignored;
        flow->socket.close(ignored);
        flow->expiry.cancel();
        flows_.erase(flow->client);
    }

    std::mutex mutex_;
    bool stopped_ = false;
    udp::socket socket_;
    udp::endpoint backend_;
    Clock::duration idle_timeout_;
    std::vector<char> buffer_ = std::vector<char>(kDatagramSize);
    udp::endpoint sender_;
    std::map<udp::endpoint, std::shared_ptr<Flow>> flows_;
};

}  // namespace

std::shared_ptr<ProxyListener> StartUdpProxy(udp::socket socket, udp::endpoint backend, Clock::duration idle_timeout) {
    auto proxy = std::make_shared<UdpProxy>(std::move(socket), std::move(backend), idle_timeout);
    proxy->Start();
    return proxy;
}

}  // namespace engine::net::detail
