#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/net/ipam/ip_address.hpp"

namespace engine::net::dns {

/// What the embedded DNS server knows about containers: implemented by the daemon. Called on
/// the server's own thread, one call at a time per server, while the daemon may change its
/// records on other threads: implementations synchronise themselves. They should not block
/// (no I/O): every query of the server waits for them. An exception makes the query SERVFAIL.
class NameResolver {
  public:
    virtual ~NameResolver() = default;
    /// Addresses of `name` (lowercase, no trailing dot) as seen by `client` (the query's source
    /// address, when known) on network `scope`, both families, or nullopt when the name is
    /// unknown there (then the query is forwarded). A client attached to several networks
    /// sees the names of all of them, as in Docker.
    virtual std::optional<std::vector<IpAddress>> Lookup(std::string_view scope,
                                                         std::string_view name,
                                                         const std::optional<IpAddress>& client) = 0;
    /// The name for a reverse lookup ("web-1.mynet"), or nullopt (then the query is forwarded).
    virtual std::optional<std::string> ReverseLookup(std::string_view scope, const IpAddress& address) = 0;
};

}  // namespace engine::net::dns
