// ports and expose: the short "[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]" syntax read the
// way Docker's nat.ParsePortSpec reads it, and the long form given its defaults.

#include <charconv>

#include <arpa/inet.h>

#include "compose/loader/normalize_internal.hpp"

namespace compose::loader::normalize_internal {
namespace {

constexpr std::string_view kPortSyntax = "expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]";

// A malformed short port; `reason` says why when there is more to say than the syntax.
struct PortSyntaxError {
    std::string reason;
};

struct PortRange {
    std::uint32_t first = 0;
    std::uint32_t last = 0;
    std::uint32_t Size() const { return last - first + 1; }
};

std::optional<std::uint32_t> ParsePortNumber(std::string_view text) {
    std::uint32_t port = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || port > 65535) {
        return std::nullopt;
    }
    return port;
}

PortRange ParseRange(std::string_view text) {
    const std::size_t dash = text.find('-');
    const std::optional<std::uint32_t> first = ParsePortNumber(text.substr(0, dash));
    const std::optional<std::uint32_t> last =
        dash == std::string_view::npos ? first : ParsePortNumber(text.substr(dash + 1));
    if (!first || !last || *last < *first) {
        throw PortSyntaxError{};
    }
    return {*first, *last};
}

bool IsIpAddress(const std::string& text) {
    unsigned char buf[16];
    return inet_pton(AF_INET, text.c_str(), buf) == 1 || inet_pton(AF_INET6, text.c_str(), buf) == 1;
}

struct ShortPort {
    std::string host_ip;
    std::string host;  // published port or range, may be empty
    std::string container;
    std::string protocol = "tcp";
};

// Docker's splitParts: the last field is the container port, the one before it the host port,
// everything before those the host IP (which may itself contain ':' for IPv6).
ShortPort SplitShortPort(std::string_view spec) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const std::size_t colon = spec.find(':', start);
        parts.push_back(spec.substr(start, colon - start));
        if (colon == std::string_view::npos) {
            break;
        }
        start = colon + 1;
    }
    ShortPort port;
    port.container = parts.back();
    if (parts.size() >= 2) {
        port.host = parts[parts.size() - 2];
    }
    if (parts.size() >= 3) {
        const std::size_t ip_length = parts[parts.size() - 2].data() - spec.data() - 1;
        port.host_ip = spec.substr(0, ip_length);
    }
    if (const std::size_t slash = port.container.find('/'); slash != std::string::npos) {
        port.protocol = port.container.substr(slash + 1);
        port.container.resize(slash);
        for (char& c : port.protocol) {
            c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        }
    }
    if (port.host_ip.size() >= 2 && port.host_ip.front() == '[' && port.host_ip.back() == ']') {
        port.host_ip = port.host_ip.substr(1, port.host_ip.size() - 2);
    }
    return port;
}

Value PortEntry(const ShortPort& port, std::uint32_t target, const std::string& published, const Value& origin) {
    Value entry = Derived(Value::MakeMap(), origin);
    entry["mode"] = Derived(Value("ingress"), origin);
    entry["target"] = Derived(Value(static_cast<std::int64_t>(target)), origin);
    entry["protocol"] = Derived(Value(port.protocol), origin);
    if (!published.empty()) {
        entry["published"] = Derived(Value(published), origin);
    }
    if (!port.host_ip.empty()) {
        entry["host_ip"] = Derived(Value(port.host_ip), origin);
    }
    return entry;
}

std::string RangeText(const PortRange& range) {
    std::string text = std::to_string(range.first);
    if (range.last != range.first) {
        text += '-' + std::to_string(range.last);
    }
    return text;
}

void ExpandShortPort(const Value& origin, Value::Seq& out) {
    const ShortPort port = SplitShortPort(origin.AsString());
    if (port.protocol != "tcp" && port.protocol != "udp" && port.protocol != "sctp") {
        throw PortSyntaxError{"the protocol must be tcp, udp or sctp"};
    }
    if (!port.host_ip.empty() && !IsIpAddress(port.host_ip)) {
        throw PortSyntaxError{Quoted(port.host_ip) + " is not an IP address"};
    }
    const PortRange container = ParseRange(port.container);
    if (port.host.empty()) {
        for (std::uint32_t target = container.first; target <= container.last; ++target) {
            out.push_back(PortEntry(port, target, "", origin));
        }
        return;
    }
    const PortRange host = ParseRange(port.host);
    if (container.Size() == 1) {
        // A host range for one container port is the pool the engine picks a free port from.
        out.push_back(PortEntry(port, container.first, RangeText(host), origin));
        return;
    }
    if (host.Size() != container.Size()) {
        throw PortSyntaxError{"the host range " + RangeText(host) + " and the container range " + RangeText(container) +
                              " must have the same length"};
    }
    for (std::uint32_t i = 0; i < container.Size(); ++i) {
        out.push_back(PortEntry(port, container.first + i, std::to_string(host.first + i), origin));
    }
}

void CompleteLongPort(Value& entry) {
    if (Value* target = entry.Find("target"); target != nullptr && target->IsString()) {
        if (const std::optional<std::uint32_t> number = ParsePortNumber(target->AsString())) {
            Replace(*target, Value(static_cast<std::int64_t>(*number)));
        }
    }
    if (Value* published = entry.Find("published"); published != nullptr && published->IsNumber()) {
        Replace(*published, Value(ScalarString(*published)));
    }
    if (entry.Find("mode") == nullptr) {
        entry["mode"] = Derived(Value("ingress"), entry);
    }
    if (entry.Find("protocol") == nullptr) {
        entry["protocol"] = Derived(Value("tcp"), entry);
    }
}

}  // namespace

void NormalizePorts(Value& service, const std::string& path) {
    Value* ports = service.Find("ports");
    if (ports == nullptr || !ports->IsSeq()) {
        return;
    }
    Value::Seq out;
    const Value::Seq& entries = ports->AsSeq();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const Value& entry = entries[i];
        if (entry.IsMap()) {
            out.push_back(entry);
            CompleteLongPort(out.back());
            continue;
        }
        const std::string text = ScalarString(entry);
        try {
            Value spec = Derived(Value(text), entry);
            ExpandShortPort(spec, out);
        } catch (const PortSyntaxError& error) {
            std::string message = path + ".ports[" + std::to_string(i) + "]: invalid port " + Quoted(text) + ": ";
            message += error.reason.empty() ? std::string(kPortSyntax) : error.reason;
            Fail(entry, std::move(message));
        }
    }
    ports->AsSeq() = std::move(out);
}

void NormalizeExpose(Value& service) {
    Value* expose = service.Find("expose");
    if (expose == nullptr || !expose->IsSeq()) {
        return;
    }
    for (Value& entry : expose->AsSeq()) {
        if (!entry.IsString()) {
            Replace(entry, Value(ScalarString(entry)));
        }
    }
}

}  // namespace compose::loader::normalize_internal
