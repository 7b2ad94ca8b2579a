#include <array>

#include <linux/if_addr.h>
#include <sys/socket.h>

#include "engine/base/error.hpp"
#include "engine/sys/linux/netlink.hpp"
#include "engine/sys/linux/netlink_socket.hpp"

namespace engine::sys {
namespace {

using detail::NetlinkSocket;
using detail::NlPtr;

// The directed broadcast address of an IPv4 network (host bits all ones), which `ip` sets with
// "brd +" and Docker's netlink library sets by default; nullptr for /31 and /32, which have
// none (RFC 3021).
NlPtr<nl_addr> BroadcastOf(const nl_addr* local, std::string_view what) {
    const unsigned prefix = nl_addr_get_prefixlen(local);
    if (nl_addr_get_family(local) != AF_INET || prefix >= 31) {
        return nullptr;
    }
    std::array<unsigned char, 4> bytes{};
    const auto* data = static_cast<const unsigned char*>(nl_addr_get_binary_addr(local));
    for (unsigned i = 0; i < bytes.size(); ++i) {
        const unsigned network_bits = prefix > i * 8 ? prefix - i * 8 : 0;
        const unsigned host_mask = network_bits >= 8 ? 0U : (0xffU >> network_bits);
        bytes[i] = static_cast<unsigned char>(data[i] | host_mask);
    }
    NlPtr<nl_addr> broadcast(nl_addr_build(AF_INET, bytes.data(), bytes.size()));
    if (!broadcast) {
        throw Error(Errc::kUnavailable, std::string(what) + ": out of memory");
    }
    return broadcast;
}

}  // namespace

void AddAddress(std::string_view link, std::string_view cidr) {
    const std::string what = "add address " + std::string(cidr) + " to " + std::string(link);
    const NlPtr<nl_addr> local = detail::ParseIpAddress(cidr, /*with_prefix=*/true, what);
    NetlinkSocket socket;
    const NlPtr<rtnl_link> target = detail::GetLink(socket, detail::CheckedLinkName(link, what), what);
    const NlPtr<rtnl_addr> address(rtnl_addr_alloc());
    if (!address) {
        throw Error(Errc::kUnavailable, what + ": out of memory");
    }
    rtnl_addr_set_ifindex(address.get(), rtnl_link_get_ifindex(target.get()));
    socket.Check(rtnl_addr_set_local(address.get(), local.get()), what);
    if (const NlPtr<nl_addr> broadcast = BroadcastOf(local.get(), what)) {
        socket.Check(rtnl_addr_set_broadcast(address.get(), broadcast.get()), what);
    }
    if (nl_addr_get_family(local.get()) == AF_INET6) {
        rtnl_addr_set_flags(address.get(), IFA_F_NODAD);
    }
    const int result = rtnl_addr_add(socket.get(), address.get(), NLM_F_EXCL);
    if (result == -NLE_EXIST) {
        (void)socket.Failure(result, what);  // the address is there already: what was asked for
        return;
    }
    socket.Check(result, what);
}

std::vector<std::string> LinkAddresses(std::string_view link) {
    const std::string what = "list addresses of " + std::string(link);
    NetlinkSocket socket;
    const NlPtr<rtnl_link> target = detail::GetLink(socket, detail::CheckedLinkName(link, what), what);
    const int index = rtnl_link_get_ifindex(target.get());
    nl_cache* raw_cache = nullptr;
    socket.Check(rtnl_addr_alloc_cache(socket.get(), &raw_cache), what);
    const NlPtr<nl_cache> cache(raw_cache);
    std::vector<std::string> addresses;
    for (nl_object* object = nl_cache_get_first(cache.get()); object != nullptr; object = nl_cache_get_next(object)) {
        auto* address = reinterpret_cast<rtnl_addr*>(object);
        const nl_addr* local = rtnl_addr_get_local(address);
        if (rtnl_addr_get_ifindex(address) != index || local == nullptr) {
            continue;
        }
        const std::string text = detail::FormatCidr(local, static_cast<unsigned>(rtnl_addr_get_prefixlen(address)));
        if (!text.empty()) {
            addresses.push_back(text);
        }
    }
    return addresses;
}

}  // namespace engine::sys
