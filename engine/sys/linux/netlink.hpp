#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Network links, addresses and routes over rtnetlink (libnl-route-3).
//
// Every function acts in the network namespace of the calling thread: each call opens its own
// netlink socket, and a socket belongs to the namespace its creating thread was in. To act in
// another namespace, call these from RunInNetns (engine/sys/linux/netns.hpp).
//
// Errors are engine::Error naming the operation, the object and libnl's error text, e.g.
// "create bridge br-1234: Operation not permitted". Link names longer than 15 bytes (IFNAMSIZ)
// or empty are kInvalidArgument; operations on a link that does not exist are kNotFound.
namespace engine::sys {

/// One network interface as the kernel reports it.
struct LinkInfo {
    std::string name;
    int index = 0;
    /// The rtnetlink kind: "bridge", "veth", ...; "" for devices without one (lo, most NICs).
    std::string kind;
    unsigned mtu = 0;
    /// The administrative state (IFF_UP), not whether a carrier is present.
    bool up = false;
    /// Lowercase "aa:bb:cc:dd:ee:ff"; "" for devices without a hardware address.
    std::string mac;
    /// The name of the bridge (or other master) this link is a port of; "" when none.
    std::string master;
};

/// The link called `name`, nullopt when there is none.
std::optional<LinkInfo> FindLink(std::string_view name);

/// Every link of the namespace, in kernel (ifindex) order.
std::vector<LinkInfo> ListLinks();

/// Creates a bridge named `name`, left down. `mtu` 0 keeps the kernel's default. Throws
/// Error(kAlreadyExists) when a link of that name exists, whatever its kind.
void CreateBridge(std::string_view name, unsigned mtu);

/// Creates the veth pair `name` <-> `peer`, both down, both with `mtu` (0 = kernel default).
/// Throws Error(kAlreadyExists) when either name is taken.
void CreateVethPair(std::string_view name, std::string_view peer, unsigned mtu);

/// Deletes the link `name` (a veth takes its peer along). Returns false when there is none.
bool DeleteLink(std::string_view name);

/// Sets the administrative state of `name` up.
void SetLinkUp(std::string_view name);

/// Sets the MTU of `name`; kInvalidArgument when the device refuses that value.
void SetMtu(std::string_view name, unsigned mtu);

/// Sets the hardware address of `name` to `mac` ("02:42:ac:11:00:02"); kInvalidArgument when
/// `mac` is not six hex bytes separated by ':'.
void SetMacAddress(std::string_view name, std::string_view mac);

/// Makes `link` a port of the bridge `bridge`.
void SetMaster(std::string_view link, std::string_view bridge);

/// Moves `link` into the network namespace `netns_fd` refers to (OpenNetns). The link is gone
/// from the calling thread's namespace afterwards; it keeps its name and index if free there.
void MoveToNetns(std::string_view link, int netns_fd);

/// Renames `from` to `to`. The kernel only renames links that are down.
void RenameLink(std::string_view from, std::string_view to);

/// Adds `cidr` ("172.18.0.1/16", "fd00::1/64") to `link`. An address that is already there
/// is left as it is and is not an error. IPv6 addresses skip duplicate address detection
/// (IFA_F_NODAD), as Docker's are: the engine's IPAM already keeps them unique, and DAD would
/// leave them unusable ("tentative") for the first second or two of a container's life.
void AddAddress(std::string_view link, std::string_view cidr);

/// The addresses of `link` as CIDR texts, IPv4 and IPv6 (link-local ones included), in the
/// order the kernel lists them.
std::vector<std::string> LinkAddresses(std::string_view link);

/// Adds the default route via `gateway` (IPv4 or IPv6 text; the family follows from it) over
/// `link` to the main table. The gateway must be reachable on `link` (an address of its subnet
/// is on the link and the link is up). Throws Error(kAlreadyExists) when the table already has
/// a default route of that family.
void AddDefaultRoute(std::string_view gateway, std::string_view link);

/// The destinations of the routes of the main table, IPv4 and IPv6, as CIDR texts
/// ("172.17.0.0/16", "fe80::/64"), without default routes and without repeats. New networks
/// are kept off these so containers can still reach the host's own networks.
std::vector<std::string> RouteDestinations();

/// The traffic counters of one link (64-bit, since the kernel's 32-bit ones wrap).
struct LinkCounters {
    std::uint64_t rx_bytes = 0;
    std::uint64_t rx_packets = 0;
    std::uint64_t rx_errors = 0;
    std::uint64_t rx_dropped = 0;
    std::uint64_t tx_bytes = 0;
    std::uint64_t tx_packets = 0;
    std::uint64_t tx_errors = 0;
    std::uint64_t tx_dropped = 0;
};

/// The counters of `link` now. Error(kNotFound) when there is no such link.
LinkCounters ReadLinkCounters(std::string_view link);

/// What the other end of a veth pair counts: one end's transmit is the other's receive. Lets
/// the daemon report a container's traffic from the host end without entering its namespace.
LinkCounters PeerCounters(const LinkCounters& counters);

/// Turns on IPv4 forwarding (net.ipv4.ip_forward) and, with `ipv6`, IPv6 forwarding on all
/// interfaces (net.ipv6.conf.all.forwarding) in the calling thread's namespace. A setting
/// that is already 1 is not written again, so a daemon whose /proc/sys is read-only (in a
/// container) works where the host already forwards. Throws Error naming the file otherwise.
void EnableIpForwarding(bool ipv6);

}  // namespace engine::sys
