#include "engine/net/dns/forwarder.hpp"

#include <array>
#include <memory>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include "engine/net/dns/asio_address.hpp"
#include "engine/net/dns/dns_message.hpp"

namespace engine::net::dns {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

constexpr std::size_t kMaxMessageSize = 65535;

// One forward: a sequence of attempts, one per upstream. Every completion handler carries the
// number of the attempt it belongs to and does nothing once a later attempt has started, so
// cancelled operations of an abandoned attempt cannot disturb the current one.
class ForwardOperation final : public std::enable_shared_from_this<ForwardOperation> {
  public:
    ForwardOperation(asio::io_context& io, ForwardRequest request, ForwardCallback done)
        : io_(io), request_(std::move(request)), done_(std::move(done)), udp_(io), tcp_(io), timer_(io) {}

    void Start() {
        client_id_ = MessageId(request_.query).value_or(0);
        SetMessageId(request_.query, request_.upstream_id);
        TryNext();
    }

  private:
    void TryNext() {
        CloseSockets();
        if (next_upstream_ >= request_.upstreams.size()) {
            Finish(std::nullopt);
            return;
        }
        const Upstream& upstream = request_.upstreams[next_upstream_++];
        const unsigned attempt = ++attempt_;
        timer_.expires_after(request_.timeout);
        timer_.async_wait([self = shared_from_this(), attempt](const error_code& error) {
            if (!error) {
                self->Fail(attempt);
            }
        });
        if (request_.transport == Transport::kUdp) {
            StartUdp(asio::ip::udp::endpoint(ToAsio(upstream.address), upstream.port), attempt);
        } else {
            StartTcp(asio::ip::tcp::endpoint(ToAsio(upstream.address), upstream.port), attempt);
        }
    }

    bool Stale(unsigned attempt) const { return finished_ || attempt != attempt_; }

    void Fail(unsigned attempt) {
        if (!Stale(attempt)) {
            TryNext();
        }
    }

    // Fails later rather than recursing into TryNext from inside it.
    void FailSoon(unsigned attempt) {
        asio::post(io_, [self = shared_from_this(), attempt] { self->Fail(attempt); });
    }

    void StartUdp(const asio::ip::udp::endpoint& endpoint, unsigned attempt) {
        error_code error;
        udp_.open(endpoint.protocol(), error);
        if (!error) {
            // Connected, so the kernel drops datagrams from other sources and reports ICMP
            // port-unreachable as ECONNREFUSED.
            udp_.connect(endpoint, error);
        }
        if (error) {
            FailSoon(attempt);
            return;
        }
        udp_.async_send(asio::buffer(request_.query),
                        [self = shared_from_this(), attempt](const error_code& send_error, std::size_t) {
                            if (send_error) {
                                self->Fail(attempt);
                            }
                        });
        ReceiveUdp(attempt);
    }

    void ReceiveUdp(unsigned attempt) {
        buffer_.resize(kMaxMessageSize);
        udp_.async_receive(asio::buffer(buffer_),
                           [self = shared_from_this(), attempt](const error_code& error, std::size_t size) {
                               if (self->Stale(attempt)) {
                                   return;
                               }
                               if (error) {
                                   self->Fail(attempt);
                                   return;
                               }
                               self->buffer_.resize(size);
                               if (!self->Accept(attempt)) {
                                   self->ReceiveUdp(attempt);  // a stray or forged datagram
                               }
                           });
    }

    void StartTcp(const asio::ip::tcp::endpoint& endpoint, unsigned attempt) {
        tcp_.async_connect(endpoint, [self = shared_from_this(), attempt](const error_code& error) {
            if (self->Stale(attempt)) {
                return;
            }
            if (error) {
                self->Fail(attempt);
                return;
            }
            self->WriteTcp(attempt);
        });
    }

    void WriteTcp(unsigned attempt) {
        frame_.clear();
        frame_.push_back(static_cast<std::uint8_t>(request_.query.size() >> 8));
        frame_.push_back(static_cast<std::uint8_t>(request_.query.size() & 0xff));
        frame_.insert(frame_.end(), request_.query.begin(), request_.query.end());
        asio::async_write(
            tcp_, asio::buffer(frame_), [self = shared_from_this(), attempt](const error_code& error, std::size_t) {
                if (self->Stale(attempt)) {
                    return;
                }
                if (error) {
                    self->Fail(attempt);
                    return;
                }
                self->ReadTcpLength(attempt);
            });
    }

    void ReadTcpLength(unsigned attempt) {
        asio::async_read(
            tcp_, asio::buffer(length_), [self = shared_from_this(), attempt](const error_code& error, std::size_t) {
                if (self->Stale(attempt)) {
                    return;
                }
                const std::size_t size = std::size_t{self->length_[0]} << 8 | self->length_[1];
                if (error || size == 0) {
                    self->Fail(attempt);
                    return;
                }
                self->ReadTcpMessage(attempt, size);
            });
    }

    void ReadTcpMessage(unsigned attempt, std::size_t size) {
        buffer_.resize(size);
        asio::async_read(
            tcp_, asio::buffer(buffer_), [self = shared_from_this(), attempt](const error_code& error, std::size_t) {
                if (self->Stale(attempt)) {
                    return;
                }
                if (error || !self->Accept(attempt)) {
                    self->Fail(attempt);
                }
            });
    }

    // Takes the response in buffer_ when it answers our query: relays it, or moves on to the
    // next upstream on SERVFAIL/REFUSED (the next one may do better, as Docker does). False
    // when buffer_ is not a response to our query.
    bool Accept(unsigned attempt) {
        if (!IsResponseTo(buffer_, request_.query)) {
            return false;
        }
        const ResponseCode code = ResponseCodeOf(buffer_);
        if (code == ResponseCode::kServerFailure || code == ResponseCode::kRefused) {
            Fail(attempt);
            return true;
        }
        SetMessageId(buffer_, client_id_);
        Finish(std::move(buffer_));
        return true;
    }

    void Finish(std::optional<std::vector<std::uint8_t>> response) {
        finished_ = true;
        timer_.cancel();
        CloseSockets();
        ForwardCallback done = std::move(done_);
        done(std::move(response));
    }

    void CloseSockets() {
        error_code ignored;
        udp_.close(ignored);
        tcp_.close(ignored);
    }

    asio::io_context& io_;
    ForwardRequest request_;
    ForwardCallback done_;
    asio::ip::udp::socket udp_;
    asio::ip::tcp::socket tcp_;
    asio::steady_timer timer_;
    std::vector<std::uint8_t> buffer_;
    std::vector<std::uint8_t> frame_;
    std::array<std::uint8_t, 2> length_{};
    std::uint16_t client_id_ = 0;
    std::size_t next_upstream_ = 0;
    unsigned attempt_ = 0;
    bool finished_ = false;
};

}  // namespace

void Forward(asio::io_context& io, ForwardRequest request, ForwardCallback done) {
    std::make_shared<ForwardOperation>(io, std::move(request), std::move(done))->Start();
}

}  // namespace engine::net::dns
