#include "engine/net/publish/firewall_rules.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include "engine/base/error.hpp"

namespace engine::net {
namespace {

namespace ip = boost::asio::ip;

// IFNAMSIZ - 1: the kernel's limit on interface names.
constexpr std::size_t kMaxInterfaceName = 15;

void CheckTableName(std::string_view table) {
    const bool valid = !table.empty() && std::isalpha(static_cast<unsigned char>(table.front())) != 0 &&
                       std::all_of(table.begin(), table.end(), [](char c) {
                           return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                       });
    if (!valid) {
        throw Error(Errc::kInvalidArgument,
                    "nft table name \"" + std::string(table) +
                        "\": use letters, digits and underscores, starting with a letter");
    }
}

// Names go into the script between quotes, so anything that could end the quote or the rule
// is refused rather than escaped.
void CheckBridgeName(std::string_view bridge) {
    const bool valid =
        !bridge.empty() && bridge.size() <= kMaxInterfaceName && std::all_of(bridge.begin(), bridge.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
        });
    if (!valid) {
        throw Error(
            Errc::kInvalidArgument,
            "bridge \"" + std::string(bridge) + "\": an interface name has 1 to 15 letters, digits, '-', '_' or '.'");
    }
}

std::string Quoted(std::string_view name) {
    return "\"" + std::string(name) + "\"";
}

// An nft match value for interface names: one quoted name, or an anonymous set of them.
std::string NameSet(const std::vector<std::string>& names) {
    if (names.size() == 1) {
        return Quoted(names.front());
    }
    std::string set = "{ ";
    for (const std::string& name : names) {
        set += (set.size() > 2 ? ", " : "") + Quoted(name);
    }
    return set + " }";
}

// A subnet with its host bits cleared ("10.1.2.3/16" → "10.1.0.0/16"), and whether it is IPv6.
std::pair<std::string, bool> CanonicalSubnet(const std::string& bridge, const std::string& cidr) {
    boost::system::error_code ec;
    if (cidr.find(':') == std::string::npos) {
        const ip::network_v4 network = ip::make_network_v4(cidr, ec);
        if (!ec) {
            return {network.canonical().to_string(), false};
        }
    } else {
        const ip::network_v6 network = ip::make_network_v6(cidr, ec);
        if (!ec) {
            return {network.canonical().to_string(), true};
        }
    }
    throw Error(
        Errc::kInvalidArgument,
        "bridge " + bridge + ": subnet " + cidr + ": not an IPv4 or IPv6 network in CIDR form (address/prefix)");
}

std::string PortLabel(const PublishedPort& port) {
    const std::string host = port.host_ip.find(':') != std::string::npos ? "[" + port.host_ip + "]" : port.host_ip;
    return "publish " + (host.empty() ? "" : host + ":") + std::to_string(port.host_port) + "/" + port.protocol;
}

ip::address ParseAddress(const PublishedPort& port, std::string_view what, const std::string& text) {
    boost::system::error_code ec;
    const ip::address address = ip::make_address(text, ec);
    if (ec || (address.is_v6() && address.to_v6().scope_id() != 0)) {
        throw Error(Errc::kInvalidArgument,
                    PortLabel(port) + ": " + std::string(what) + " \"" + text + "\" is not an IP address");
    }
    return address;
}

// The match selecting the packets a port's DNAT applies to, by destination: a wildcard host
// address matches the container's family, a specific one itself. Empty when the host address
// is of the other family, which only the userland proxy can serve.
std::string DestinationMatch(const PublishedPort& port, const ip::address& container) {
    const std::string family = container.is_v6() ? "ipv6" : "ipv4";
    if (port.host_ip.empty()) {
        return "meta nfproto " + family;
    }
    const ip::address host = ParseAddress(port, "host address", port.host_ip);
    if (host.is_v6() != container.is_v6()) {
        return "";
    }
    if (host.is_unspecified()) {
        return "meta nfproto " + family;
    }
    return (host.is_v6() ? "ip6 daddr " : "ip daddr ") + host.to_string();
}

// Checks one port and returns its DNAT rule, or "" when it gets none (see BuildRuleset).
std::string DnatRule(const PublishedPort& port,
                     const std::vector<BridgeRules>& bridges,
                     const std::vector<std::string>& bridge_names) {
    if (port.protocol != "tcp" && port.protocol != "udp") {
        throw Error(Errc::kInvalidArgument, PortLabel(port) + ": protocol must be tcp or udp");
    }
    if (port.host_port == 0) {
        throw Error(Errc::kInvalidArgument,
                    PortLabel(port) + ": host port must be 1-65535 (publish the port a proxy bound to port 0 got)");
    }
    if (port.container_port == 0) {
        throw Error(Errc::kInvalidArgument, PortLabel(port) + ": container port must be 1-65535");
    }
    const auto bridge = std::find_if(
        bridges.begin(), bridges.end(), [&port](const BridgeRules& rules) { return rules.bridge == port.bridge; });
    if (bridge == bridges.end()) {
        throw Error(Errc::kInvalidArgument,
                    PortLabel(port) + ": bridge \"" + port.bridge + "\" is not one of the networks' bridges");
    }
    const ip::address container = ParseAddress(port, "container address", port.container_ip);
    const std::string destination = DestinationMatch(port, container);
    if (destination.empty() || bridge->internal) {
        return "";
    }
    const std::string target =
        container.is_v6() ? "dnat ip6 to [" + container.to_string() + "]" : "dnat ip to " + container.to_string();
    return "iifname != " + NameSet(bridge_names) + " " + destination + " fib daddr type local " + port.protocol +
           " dport " + std::to_string(port.host_port) + " " + target + ":" + std::to_string(port.container_port);
}

class ScriptWriter final {
  public:
    void Line(int depth, const std::string& text) {
        text_ += std::string(static_cast<std::size_t>(depth), '\t') + text + "\n";
    }
    void Chain(const std::string& name, const std::string& header, const std::vector<std::string>& rules) {
        Line(1, "chain " + name + " {");
        Line(2, header);
        for (const std::string& rule : rules) {
            Line(2, rule);
        }
        Line(1, "}");
    }
    std::string Take() { return std::move(text_); }

  private:
    std::string text_;
};

std::vector<std::string> MasqueradeRules(const std::vector<BridgeRules>& bridges) {
    std::vector<std::string> rules;
    for (const BridgeRules& bridge : bridges) {
        for (const std::string& cidr : bridge.subnets) {
            // Checked for every bridge, so a bad subnet fails whatever the bridge's flags.
            const auto [subnet, v6] = CanonicalSubnet(bridge.bridge, cidr);
            if (bridge.masquerade && !bridge.internal) {
                rules.push_back(std::string(v6 ? "ip6" : "ip") + " saddr " + subnet +
                                " oifname != " + Quoted(bridge.bridge) + " masquerade");
            }
        }
    }
    return rules;
}

std::vector<std::string> ForwardRules(const std::vector<BridgeRules>& bridges) {
    std::vector<std::string> rules = {"ct state established,related accept"};
    for (const BridgeRules& bridge : bridges) {
        if (bridge.internal) {
            const std::string name = Quoted(bridge.bridge);
            rules.push_back("iifname " + name + " oifname != " + name + " drop");
            rules.push_back("oifname " + name + " iifname != " + name + " drop");
        }
    }
    // Published ports' traffic comes from outside the bridges, so no isolation rule below
    // would drop it; accepting it here keeps that true if the rules grow.
    rules.push_back("ct status dnat accept");
    for (const BridgeRules& bridge : bridges) {
        std::vector<std::string> others;
        for (const BridgeRules& other : bridges) {
            if (other.bridge != bridge.bridge) {
                others.push_back(other.bridge);
            }
        }
        if (!others.empty()) {
            rules.push_back("iifname " + Quoted(bridge.bridge) + " oifname " + NameSet(others) + " drop");
        }
    }
    for (const BridgeRules& bridge : bridges) {
        if (!bridge.inter_container) {
            rules.push_back("iifname " + Quoted(bridge.bridge) + " oifname " + Quoted(bridge.bridge) + " drop");
        }
    }
    return rules;
}

}  // namespace

std::string BuildRuleset(std::string_view table,
                         const std::vector<BridgeRules>& bridges,
                         const std::vector<PublishedPort>& ports) {
    CheckTableName(table);
    std::vector<std::string> bridge_names;
    std::set<std::string> seen;
    for (const BridgeRules& bridge : bridges) {
        CheckBridgeName(bridge.bridge);
        if (!seen.insert(bridge.bridge).second) {
            throw Error(Errc::kInvalidArgument, "bridge " + bridge.bridge + " is listed twice");
        }
        bridge_names.push_back(bridge.bridge);
    }
    std::vector<std::string> dnat_rules;
    for (const PublishedPort& port : ports) {
        if (std::string rule = DnatRule(port, bridges, bridge_names); !rule.empty()) {
            dnat_rules.push_back(std::move(rule));
        }
    }
    ScriptWriter script;
    // "add" makes the "delete" succeed when the table is new; all three lines are one
    // transaction, so the old table stays in place until the new one is complete.
    script.Line(0, "add table inet " + std::string(table));
    script.Line(0, "delete table inet " + std::string(table));
    script.Line(0, "table inet " + std::string(table) + " {");
    script.Chain("prerouting", "type nat hook prerouting priority dstnat; policy accept;", dnat_rules);
    script.Chain("postrouting", "type nat hook postrouting priority srcnat; policy accept;", MasqueradeRules(bridges));
    script.Chain("forward", "type filter hook forward priority filter; policy accept;", ForwardRules(bridges));
    script.Line(0, "}");
    return script.Take();
}

std::string DeleteRulesetScript(std::string_view table) {
    CheckTableName(table);
    return "add table inet " + std::string(table) + "\ndelete table inet " + std::string(table) + "\n";
}

}  // namespace engine::net
