#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "engine/net/dns/upstream.hpp"

namespace engine::net::dns {

/// How a query reached the server; forwarding uses the same transport.
enum class Transport { kUdp, kTcp };

struct ForwardRequest {
    /// Tried in order; each attempt gets `timeout`.
    std::vector<Upstream> upstreams;
    std::chrono::milliseconds timeout{2000};
    Transport transport = Transport::kUdp;
    /// The client's query as received (at least a header long).
    std::vector<std::uint8_t> query;
    /// The id the query carries upstream: fresh and random per forward, so an off-path attacker
    /// cannot guess it from the client's id.
    std::uint16_t upstream_id = 0;
};

/// The upstream's response with the client's id put back, or nullopt when every upstream
/// failed, timed out, or answered SERVFAIL or REFUSED.
using ForwardCallback = std::function<void(std::optional<std::vector<std::uint8_t>>)>;

/// Sends `request.query` to the upstreams one after the other until one gives a response to
/// it (same id and question; anything else arriving on the socket is ignored), then calls
/// `done` once, on `io`'s thread. Over UDP a refused port fails the attempt at once. When `io`
/// is stopped and destroyed first, `done` is destroyed without being called.
void Forward(boost::asio::io_context& io, ForwardRequest request, ForwardCallback done);

}  // namespace engine::net::dns
