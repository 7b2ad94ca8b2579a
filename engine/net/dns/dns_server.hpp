#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/log.hpp"
#include "engine/net/dns/name_resolver.hpp"
#include "engine/net/dns/upstream.hpp"
#include "engine/net/ipam/ip_address.hpp"

namespace engine::net::dns {

/// The embedded DNS server: answers container names from a NameResolver and forwards the rest.
///
/// One instance serves any number of listeners, each bound to one address and port for one
/// scope (a network name: the resolver sees it with every query received there). It owns one
/// thread that does all the socket work and calls the resolver.
///
/// Answers: a name the resolver knows gets its A/AAAA records (TTL 600), rotated by a counter
/// that advances with every query, so clients spread over several addresses (round-robin, as
/// for Compose replicas); or NODATA when it has none of the asked
/// family (or the type is not an address type); a PTR query for an address the resolver names
/// gets that name. Everything else is forwarded to the upstreams in order, over the transport
/// the query came on, and the first real answer is relayed with the client's id; no upstreams,
/// or all failing, timing out or answering SERVFAIL/REFUSED gives SERVFAIL. Malformed queries
/// get FORMERR; responses and runts are dropped.
///
/// All methods are thread-safe. Listeners may come and go while queries are being answered.
class DnsServer final {
  public:
    /// `resolver` (and `logger`, when given) must outlive the server.
    explicit DnsServer(NameResolver& resolver, Logger* logger = nullptr);
    /// Closes every listener and stops the thread; pending forwards are abandoned.
    ~DnsServer();

    DnsServer(const DnsServer&) = delete;
    DnsServer& operator=(const DnsServer&) = delete;

    /// Listens on UDP and TCP `address`:`port` for network `scope`; port 0 picks a free port
    /// (see BoundPort). Throws Error(kAlreadyExists) when `scope` has a listener, and an Error
    /// naming the address when binding fails (kConflict when the port is in use).
    void AddListener(std::string scope, const IpAddress& address, std::uint16_t port);
    /// Closes `scope`'s listener and its TCP connections; when this returns the port is free.
    /// A no-op for an unknown scope. Must not be called from a NameResolver method.
    void RemoveListener(std::string_view scope);
    /// The port `scope`'s listener is bound to. Throws Error(kNotFound) for an unknown scope.
    std::uint16_t BoundPort(std::string_view scope) const;

    /// Where unknown names are forwarded, tried in order. Empty (the default) disables
    /// forwarding: such queries get SERVFAIL.
    void SetUpstreams(std::vector<Upstream> upstreams);
    /// How long to wait for each upstream (default 2 s).
    void SetForwardTimeout(std::chrono::milliseconds timeout);

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace engine::net::dns
