#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

#include <net/if.h>
#include <netlink/route/link/bridge.h>
#include <netlink/route/link/veth.h>
#include <sys/socket.h>

#include "engine/base/error.hpp"
#include "engine/sys/linux/netlink.hpp"
#include "engine/sys/linux/netlink_socket.hpp"

namespace engine::sys {
namespace {

using detail::CheckedLinkName;
using detail::GetLink;
using detail::NetlinkSocket;
using detail::NlPtr;

std::string FormatMac(const nl_addr* address) {
    if (address == nullptr) {
        return "";
    }
    const auto* bytes = static_cast<const unsigned char*>(nl_addr_get_binary_addr(address));
    std::string text;
    for (unsigned i = 0; i < nl_addr_get_len(address); ++i) {
        std::array<char, 4> hex{};
        std::snprintf(hex.data(), hex.size(), i == 0 ? "%02x" : ":%02x", static_cast<unsigned>(bytes[i]));
        text += hex.data();
    }
    return text;
}

// Six hex bytes separated by ':' (either case), the form the engine keeps; other spellings
// (dashes, dotted) are for the API layer to normalise.
NlPtr<nl_addr> ParseMac(std::string_view text, std::string_view what) {
    constexpr std::size_t kMacBytes = 6;
    std::array<unsigned char, kMacBytes> bytes{};
    bool valid = text.size() == kMacBytes * 3 - 1;
    for (std::size_t i = 0; valid && i < kMacBytes; ++i) {
        const char* begin = text.data() + i * 3;
        const auto [end, error] = std::from_chars(begin, begin + 2, bytes[i], 16);
        valid = error == std::errc() && end == begin + 2 && (i + 1 == kMacBytes || begin[2] == ':');
    }
    if (!valid) {
        throw Error(Errc::kInvalidArgument,
                    std::string(what) + ": \"" + std::string(text) +
                        "\" is not a MAC address; write six hex bytes like 02:42:ac:11:00:02");
    }
    NlPtr<nl_addr> address(nl_addr_build(AF_LLC, bytes.data(), bytes.size()));
    if (!address) {
        throw Error(Errc::kUnavailable, std::string(what) + ": out of memory");
    }
    return address;
}

LinkInfo ToLinkInfo(rtnl_link* link, std::string master) {
    LinkInfo info;
    const char* name = rtnl_link_get_name(link);
    info.name = name == nullptr ? "" : name;
    info.index = rtnl_link_get_ifindex(link);
    const char* kind = rtnl_link_get_type(link);
    info.kind = kind == nullptr ? "" : kind;
    info.mtu = rtnl_link_get_mtu(link);
    info.up = (rtnl_link_get_flags(link) & IFF_UP) != 0;
    info.mac = FormatMac(rtnl_link_get_addr(link));
    info.master = std::move(master);
    return info;
}

NlPtr<rtnl_link> NewChange(std::string_view what) {
    NlPtr<rtnl_link> change(rtnl_link_alloc());
    if (!change) {
        throw Error(Errc::kUnavailable, std::string(what) + ": out of memory");
    }
    return change;
}

// Creates `link` (a bridge or veth template); the kernel's EEXIST becomes `exists_message`.
void AddLink(NetlinkSocket& socket, rtnl_link* link, std::string_view what, std::string_view exists_message) {
    const int result = rtnl_link_add(socket.get(), link, NLM_F_CREATE | NLM_F_EXCL);
    if (result == -NLE_EXIST) {
        (void)socket.Failure(result, what);
        throw Error(Errc::kAlreadyExists, std::string(what) + ": " + std::string(exists_message));
    }
    socket.Check(result, what);
}

}  // namespace

std::optional<LinkInfo> FindLink(std::string_view name) {
    const std::string what = "find link " + std::string(name);
    NetlinkSocket socket;
    const NlPtr<rtnl_link> link = detail::TryGetLink(socket, CheckedLinkName(name, what), what);
    if (!link) {
        return std::nullopt;
    }
    std::string master;
    if (const int master_index = rtnl_link_get_master(link.get()); master_index > 0) {
        rtnl_link* found = nullptr;
        const int result = rtnl_link_get_kernel(socket.get(), master_index, nullptr, &found);
        const NlPtr<rtnl_link> master_link(found);
        // The master may vanish between the two requests; the link then has none.
        if (result >= 0 && master_link && rtnl_link_get_name(master_link.get()) != nullptr) {
            master = rtnl_link_get_name(master_link.get());
        } else if (result != -NLE_OBJ_NOTFOUND && result != -NLE_NODEV) {
            socket.Check(result, what + ": master " + std::to_string(master_index));
        }
    }
    return ToLinkInfo(link.get(), std::move(master));
}

std::vector<LinkInfo> ListLinks() {
    NetlinkSocket socket;
    nl_cache* raw_cache = nullptr;
    socket.Check(rtnl_link_alloc_cache(socket.get(), AF_UNSPEC, &raw_cache), "list links");
    const NlPtr<nl_cache> cache(raw_cache);
    std::vector<LinkInfo> links;
    for (nl_object* object = nl_cache_get_first(cache.get()); object != nullptr; object = nl_cache_get_next(object)) {
        auto* link = reinterpret_cast<rtnl_link*>(object);
        std::string master;
        if (const int master_index = rtnl_link_get_master(link); master_index > 0) {
            std::array<char, IFNAMSIZ> name{};
            if (rtnl_link_i2name(cache.get(), master_index, name.data(), name.size()) != nullptr) {
                master = name.data();
            }
        }
        links.push_back(ToLinkInfo(link, std::move(master)));
    }
    std::sort(links.begin(), links.end(), [](const LinkInfo& a, const LinkInfo& b) { return a.index < b.index; });
    return links;
}

void CreateBridge(std::string_view name, unsigned mtu) {
    const std::string what = "create bridge " + std::string(name);
    const std::string checked = CheckedLinkName(name, what);
    NetlinkSocket socket;
    const NlPtr<rtnl_link> bridge(rtnl_link_bridge_alloc());
    if (!bridge) {
        throw Error(Errc::kUnavailable, what + ": out of memory");
    }
    rtnl_link_set_name(bridge.get(), checked.c_str());
    if (mtu != 0) {
        rtnl_link_set_mtu(bridge.get(), mtu);
    }
    AddLink(
        socket, bridge.get(), what, "a link named " + checked + " already exists; delete it or choose another name");
}

void CreateVethPair(std::string_view name, std::string_view peer, unsigned mtu) {
    const std::string what = "create veth pair " + std::string(name) + " <-> " + std::string(peer);
    const std::string checked = CheckedLinkName(name, what);
    const std::string checked_peer = CheckedLinkName(peer, what);
    NetlinkSocket socket;
    // Freeing the veth frees its peer too; rtnl_link_veth_get_peer hands out an extra reference.
    const NlPtr<rtnl_link> veth(rtnl_link_veth_alloc());
    if (!veth) {
        throw Error(Errc::kUnavailable, what + ": out of memory");
    }
    const NlPtr<rtnl_link> peer_link(rtnl_link_veth_get_peer(veth.get()));
    rtnl_link_set_name(veth.get(), checked.c_str());
    rtnl_link_set_name(peer_link.get(), checked_peer.c_str());
    if (mtu != 0) {
        rtnl_link_set_mtu(veth.get(), mtu);
        rtnl_link_set_mtu(peer_link.get(), mtu);
    }
    AddLink(socket,
            veth.get(),
            what,
            "a link named " + checked + " or " + checked_peer + " already exists; delete it or choose other names");
}

bool DeleteLink(std::string_view name) {
    const std::string what = "delete link " + std::string(name);
    const std::string checked = CheckedLinkName(name, what);
    NetlinkSocket socket;
    // By name in one request, so a link that goes away meanwhile is simply "absent".
    const NlPtr<rtnl_link> link = NewChange(what);
    rtnl_link_set_name(link.get(), checked.c_str());
    const int result = rtnl_link_delete(socket.get(), link.get());
    if (result == -NLE_OBJ_NOTFOUND || result == -NLE_NODEV) {
        (void)socket.Failure(result, what);
        return false;
    }
    socket.Check(result, what);
    return true;
}

void SetLinkUp(std::string_view name) {
    const std::string what = "set link " + std::string(name) + " up";
    NetlinkSocket socket;
    const NlPtr<rtnl_link> link = GetLink(socket, CheckedLinkName(name, what), what);
    const NlPtr<rtnl_link> change = NewChange(what);
    rtnl_link_set_flags(change.get(), IFF_UP);
    detail::ChangeLink(socket, link.get(), change.get(), what);
}

void SetMtu(std::string_view name, unsigned mtu) {
    const std::string what = "set mtu of " + std::string(name) + " to " + std::to_string(mtu);
    NetlinkSocket socket;
    const NlPtr<rtnl_link> link = GetLink(socket, CheckedLinkName(name, what), what);
    const NlPtr<rtnl_link> change = NewChange(what);
    rtnl_link_set_mtu(change.get(), mtu);
    detail::ChangeLink(socket, link.get(), change.get(), what);
}

void SetMacAddress(std::string_view name, std::string_view mac) {
    const std::string what = "set mac address of " + std::string(name) + " to " + std::string(mac);
    const NlPtr<nl_addr> address = ParseMac(mac, what);
    NetlinkSocket socket;
    const NlPtr<rtnl_link> link = GetLink(socket, CheckedLinkName(name, what), what);
    const NlPtr<rtnl_link> change = NewChange(what);
    rtnl_link_set_addr(change.get(), address.get());
    detail::ChangeLink(socket, link.get(), change.get(), what);
}

void SetMaster(std::string_view link, std::string_view bridge) {
    const std::string what = "attach " + std::string(link) + " to bridge " + std::string(bridge);
    NetlinkSocket socket;
    const NlPtr<rtnl_link> port = GetLink(socket, CheckedLinkName(link, what), what);
    const NlPtr<rtnl_link> master = GetLink(socket, CheckedLinkName(bridge, what), what);
    const NlPtr<rtnl_link> change = NewChange(what);
    rtnl_link_set_master(change.get(), rtnl_link_get_ifindex(master.get()));
    detail::ChangeLink(socket, port.get(), change.get(), what);
}

void MoveToNetns(std::string_view link, int netns_fd) {
    const std::string what = "move link " + std::string(link) + " to network namespace fd " + std::to_string(netns_fd);
    NetlinkSocket socket;
    const NlPtr<rtnl_link> moved = GetLink(socket, CheckedLinkName(link, what), what);
    const NlPtr<rtnl_link> change = NewChange(what);
    rtnl_link_set_ns_fd(change.get(), netns_fd);
    detail::ChangeLink(socket, moved.get(), change.get(), what);
}

void RenameLink(std::string_view from, std::string_view to) {
    const std::string what = "rename link " + std::string(from) + " to " + std::string(to);
    const std::string new_name = CheckedLinkName(to, what);
    NetlinkSocket socket;
    const NlPtr<rtnl_link> link = GetLink(socket, CheckedLinkName(from, what), what);
    const NlPtr<rtnl_link> change = NewChange(what);
    rtnl_link_set_name(change.get(), new_name.c_str());
    detail::ChangeLink(socket, link.get(), change.get(), what);
}

LinkCounters ReadLinkCounters(std::string_view link) {
    const std::string what = "read counters of link " + std::string(link);
    NetlinkSocket socket;
    const NlPtr<rtnl_link> found = GetLink(socket, CheckedLinkName(link, what), what);
    rtnl_link* const counted = found.get();
    LinkCounters counters;
    counters.rx_bytes = rtnl_link_get_stat(counted, RTNL_LINK_RX_BYTES);
    counters.rx_packets = rtnl_link_get_stat(counted, RTNL_LINK_RX_PACKETS);
    counters.rx_errors = rtnl_link_get_stat(counted, RTNL_LINK_RX_ERRORS);
    counters.rx_dropped = rtnl_link_get_stat(counted, RTNL_LINK_RX_DROPPED);
    counters.tx_bytes = rtnl_link_get_stat(counted, RTNL_LINK_TX_BYTES);
    counters.tx_packets = rtnl_link_get_stat(counted, RTNL_LINK_TX_PACKETS);
    counters.tx_errors = rtnl_link_get_stat(counted, RTNL_LINK_TX_ERRORS);
    counters.tx_dropped = rtnl_link_get_stat(counted, RTNL_LINK_TX_DROPPED);
    return counters;
}

LinkCounters PeerCounters(const LinkCounters& counters) {
    return {.rx_bytes = counters.tx_bytes,
            .rx_packets = counters.tx_packets,
            .rx_errors = counters.tx_errors,
            .rx_dropped = counters.tx_dropped,
            .tx_bytes = counters.rx_bytes,
            .tx_packets = counters.rx_packets,
            .tx_errors = counters.rx_errors,
            .tx_dropped = counters.rx_dropped};
}

}  // namespace engine::sys
