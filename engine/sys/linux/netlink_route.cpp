#include <algorithm>

#include <linux/rtnetlink.h>
#include <netlink/route/nexthop.h>
#include <sys/socket.h>

#include "engine/base/error.hpp"
#include "engine/sys/linux/netlink.hpp"
#include "engine/sys/linux/netlink_socket.hpp"

namespace engine::sys {
namespace {

using detail::NetlinkSocket;
using detail::NlPtr;

// The unicast route to `destination` over one next hop `gateway` on `link_index`, in the
// main table. libnl guesses the scope (universe, since there is a gateway).
NlPtr<rtnl_route> GatewayRoute(nl_addr* destination, nl_addr* gateway, int link_index, std::string_view what) {
    NlPtr<rtnl_route> route(rtnl_route_alloc());
    rtnl_nexthop* hop = rtnl_route_nh_alloc();
    if (!route || hop == nullptr) {
        rtnl_route_nh_free(hop);
        throw Error(Errc::kUnavailable, std::string(what) + ": out of memory");
    }
    rtnl_route_set_family(route.get(), nl_addr_get_family(gateway));
    rtnl_route_set_table(route.get(), RT_TABLE_MAIN);
    rtnl_route_set_type(route.get(), RTN_UNICAST);
    rtnl_route_set_protocol(route.get(), RTPROT_BOOT);
    if (const int result = rtnl_route_set_dst(route.get(), destination); result < 0) {
        rtnl_route_nh_free(hop);
        throw Error(Errc::kInternal, std::string(what) + ": " + nl_geterror(result));
    }
    rtnl_route_nh_set_ifindex(hop, link_index);
    rtnl_route_nh_set_gateway(hop, gateway);
    rtnl_route_add_nexthop(route.get(), hop);  // the route owns the hop from here on
    return route;
}

}  // namespace

void AddDefaultRoute(std::string_view gateway, std::string_view link) {
    const std::string what = "add default route via " + std::string(gateway) + " dev " + std::string(link);
    const NlPtr<nl_addr> via = detail::ParseIpAddress(gateway, /*with_prefix=*/false, what);
    const int family = nl_addr_get_family(via.get());
    // "Everything": no address bytes, prefix length 0.
    const NlPtr<nl_addr> everything(nl_addr_build(family, nullptr, 0));
    if (!everything) {
        throw Error(Errc::kUnavailable, what + ": out of memory");
    }
    nl_addr_set_prefixlen(everything.get(), 0);
    NetlinkSocket socket;
    const NlPtr<rtnl_link> out = detail::GetLink(socket, detail::CheckedLinkName(link, what), what);
    const NlPtr<rtnl_route> route = GatewayRoute(everything.get(), via.get(), rtnl_link_get_ifindex(out.get()), what);
    const int result = rtnl_route_add(socket.get(), route.get(), NLM_F_EXCL);
    if (result == -NLE_EXIST) {
        (void)socket.Failure(result, what);
        throw Error(Errc::kAlreadyExists,
                    what + ": the namespace already has a default " + (family == AF_INET ? "IPv4" : "IPv6") +
                        " route; remove it first");
    }
    socket.Check(result, what);
}

std::vector<std::string> RouteDestinations() {
    NetlinkSocket socket;
    nl_cache* raw_cache = nullptr;
    socket.Check(rtnl_route_alloc_cache(socket.get(), AF_UNSPEC, 0, &raw_cache), "list routes");
    const NlPtr<nl_cache> cache(raw_cache);
    std::vector<std::string> destinations;
    for (nl_object* object = nl_cache_get_first(cache.get()); object != nullptr; object = nl_cache_get_next(object)) {
        auto* route = reinterpret_cast<rtnl_route*>(object);
        const nl_addr* destination = rtnl_route_get_dst(route);
        if (rtnl_route_get_table(route) != RT_TABLE_MAIN || destination == nullptr ||
            nl_addr_get_prefixlen(destination) == 0) {
            continue;
        }
        const std::string text = detail::FormatCidr(destination, nl_addr_get_prefixlen(destination));
        // Routes to one destination with several metrics (or next hops) appear once.
        if (!text.empty() && std::find(destinations.begin(), destinations.end(), text) == destinations.end()) {
            destinations.push_back(text);
        }
    }
    return destinations;
}

}  // namespace engine::sys
