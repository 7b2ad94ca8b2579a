#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace engine::net {

/// One berth network's bridge as the firewall sees it.
struct BridgeRules {
    std::string bridge;                ///< interface name, e.g. "br-3f2a9c01d4e5"
    std::vector<std::string> subnets;  ///< CIDR, IPv4 and/or IPv6
    bool internal = false;             ///< no traffic to or from any other interface
    bool masquerade = true;            ///< SNAT outbound traffic to the outgoing address
    bool inter_container = true;       ///< icc: containers on this bridge may talk to each other
};

/// One published port: host_ip:host_port/protocol forwarded to container_ip:container_port.
struct PublishedPort {
    std::string protocol;  ///< "tcp" or "udp"
    /// "" = every local address; "0.0.0.0" = every IPv4 one; "::" = every IPv6 one; otherwise
    /// one local address.
    std::string host_ip;
    std::uint16_t host_port = 0;
    std::string container_ip;
    std::uint16_t container_port = 0;
    std::string bridge;  ///< the bridge of the network container_ip is on
};

/// An nft script that replaces `table inet <table>` with the rules for these bridges and
/// ports in one transaction, so applying it again changes nothing and a failure leaves the
/// previous table in place. It mirrors Docker's iptables rules:
///  - prerouting (dstnat): published ports are DNATed to the container for traffic to a local
///    address arriving from any interface but a berth bridge. Traffic the host sends to itself
///    and traffic from containers reach the userland proxy (PortProxy) instead, as with
///    docker-proxy, so there is no output-chain DNAT. A port whose host address family differs
///    from the container's ("::" for an IPv4 container) gets no rule: only the proxy can
///    bridge families. Ports on internal bridges get none either (Docker publishes nothing on
///    internal networks; the forward chain would drop the traffic anyway).
///  - postrouting (srcnat): traffic from a non-internal bridge's subnets leaving through
///    another interface is masqueraded, when the bridge asks for it.
///  - forward (filter, policy accept so the host's own forwarding is untouched): established
///    traffic passes; an internal bridge exchanges nothing with other interfaces; DNATed
///    traffic passes; different bridges cannot talk to each other; with icc off, containers on
///    one bridge cannot talk to each other.
/// One rule per line, in the order of `bridges` and `ports`. Throws Error(kInvalidArgument)
/// for a name, address, subnet, protocol or port that is malformed, for a bridge listed twice
/// and for a port whose bridge is not among `bridges`.
std::string BuildRuleset(std::string_view table,
                         const std::vector<BridgeRules>& bridges,
                         const std::vector<PublishedPort>& ports);

/// An nft script that deletes `table inet <table>`, and succeeds when it does not exist.
std::string DeleteRulesetScript(std::string_view table);

}  // namespace engine::net
