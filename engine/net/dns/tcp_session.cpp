#include "engine/net/dns/tcp_session.hpp"

#include <chrono>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "engine/net/dns/asio_address.hpp"

namespace engine::net::dns {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

// RFC 7766 suggests seconds, not minutes: an idle connection only holds a file descriptor.
constexpr std::chrono::seconds kIdleTimeout{10};

}  // namespace

TcpSession::TcpSession(asio::ip::tcp::socket socket, std::string scope, QueryHandler& handler)
    : socket_(std::move(socket)), scope_(std::move(scope)), handler_(handler), idle_timer_(socket_.get_executor()) {}

void TcpSession::Start() {
    ReadLength();
}

void TcpSession::Close() {
    ++reads_started_;  // disarms a pending idle timeout
    error_code ignored;
    socket_.close(ignored);
    idle_timer_.cancel();
}

void TcpSession::ReadLength() {
    const unsigned read = ++reads_started_;
    idle_timer_.expires_after(kIdleTimeout);
    idle_timer_.async_wait([self = shared_from_this(), read](const error_code& error) {
        if (!error && read == self->reads_started_) {
            self->Close();
        }
    });
    asio::async_read(socket_, asio::buffer(length_), [self = shared_from_this()](const error_code& error, std::size_t) {
        const std::size_t size = std::size_t{self->length_[0]} << 8 | self->length_[1];
        if (error || size == 0) {
            self->Close();
            return;
        }
        self->ReadMessage(size);
    });
}

void TcpSession::ReadMessage(std::size_t size) {
    message_.resize(size);
    asio::async_read(
        socket_, asio::buffer(message_), [self = shared_from_this()](const error_code& error, std::size_t) {
            if (error) {
                self->Close();
                return;
            }
            ++self->reads_started_;  // answering is not idling
            self->idle_timer_.cancel();
            boost::system::error_code endpoint_error;
            const auto remote = self->socket_.remote_endpoint(endpoint_error);
            std::optional<IpAddress> client;
            if (!endpoint_error) {
                client = FromAsio(remote.address());
            }
            self->handler_.HandleQuery(self->scope_,
                                       client,
                                       std::move(self->message_),
                                       Transport::kTcp,
                                       [self](std::vector<std::uint8_t> response) { self->Send(std::move(response)); });
        });
}

void TcpSession::Send(std::vector<std::uint8_t> response) {
    if (response.empty() || response.size() > 0xffff) {
        Close();
        return;
    }
    if (!socket_.is_open()) {
        return;
    }
    frame_.clear();
    frame_.push_back(static_cast<std::uint8_t>(response.size() >> 8));
    frame_.push_back(static_cast<std::uint8_t>(response.size() & 0xff));
    frame_.insert(frame_.end(), response.begin(), response.end());
    asio::async_write(socket_, asio::buffer(frame_), [self = shared_from_this()](const error_code& error, std::size_t) {
        if (error) {
            self->Close();
            return;
        }
        self->ReadLength();
    });
}

}  // namespace engine::net::dns
