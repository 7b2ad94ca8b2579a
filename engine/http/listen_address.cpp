// ParseListenAddress, IsLoopback and ToString for -H values.
#include <charconv>
#include <string>

#include <arpa/inet.h>

#include "engine/base/error.hpp"
#include "engine/http/server.hpp"

namespace engine::http {
namespace {

[[noreturn]] void Invalid(std::string_view value, std::string_view why) {
    throw Error(Errc::kInvalidArgument, "invalid listen address \"" + std::string(value) + "\": " + std::string(why));
}

bool ParseUnsigned(std::string_view text, unsigned max, unsigned& out) {
    if (text.empty()) {
        return false;
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size() && out <= max;
}

ListenAddress ParseTcp(std::string_view value, std::string_view rest) {
    ListenAddress address;
    address.kind = ListenAddress::Kind::kTcp;
    std::string_view host;
    std::string_view port;
    if (!rest.empty() && rest.front() == '[') {
        const std::size_t close = rest.find(']');
        if (close == std::string_view::npos) {
            Invalid(value, "missing ']' after the IPv6 address");
        }
        host = rest.substr(1, close - 1);
        std::string_view after = rest.substr(close + 1);
        if (after.empty() || after.front() != ':') {
            Invalid(value, "missing port (tcp://host:port)");
        }
        port = after.substr(1);
        in6_addr ignored{};
        if (inet_pton(AF_INET6, std::string(host).c_str(), &ignored) != 1) {
            Invalid(value, "\"" + std::string(host) + "\" is not an IPv6 address");
        }
    } else {
        const std::size_t colon = rest.rfind(':');
        if (colon == std::string_view::npos) {
            Invalid(value, "missing port (tcp://host:port)");
        }
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
        if (host.find(':') != std::string_view::npos) {
            Invalid(value, "IPv6 addresses need brackets (tcp://[::1]:2376)");
        }
    }
    const std::size_t slash = port.find('/');
    if (slash != std::string_view::npos) {
        if (port.substr(slash) != "/") {
            Invalid(value, "a TCP address has no path");
        }
        port = port.substr(0, slash);
    }
    if (port.empty()) {
        Invalid(value, "missing port (tcp://host:port)");
    }
    if (!ParseUnsigned(port, 65535, address.port)) {
        Invalid(value, "port \"" + std::string(port) + "\" is not a number from 0 to 65535");
    }
    for (const char c : host) {
        if (c == '/' || c == '@' || c == '?' || c == '#' || c == ' ') {
            Invalid(value, "bad character in host \"" + std::string(host) + "\"");
        }
    }
    address.host = host.empty() ? "0.0.0.0" : std::string(host);
    return address;
}

}  // namespace

ListenAddress ParseListenAddress(std::string_view value, const std::filesystem::path& default_unix_path) {
    ListenAddress address;
    if (value.starts_with("unix://")) {
        const std::string_view path = value.substr(7);
        address.kind = ListenAddress::Kind::kUnix;
        if (path.empty()) {
            address.path = default_unix_path;
        } else if (path.front() != '/') {
            Invalid(value, "the socket path must be absolute (unix:///path/to/socket)");
        } else {
            address.path = std::string(path);
        }
        return address;
    }
    if (value.starts_with("tcp://")) {
        return ParseTcp(value, value.substr(6));
    }
    if (value.starts_with("fd://")) {
        const std::string_view fd = value.substr(5);
        address.kind = ListenAddress::Kind::kFd;
        unsigned number = 0;
        if (fd.empty()) {
            address.fd = -1;
        } else if (ParseUnsigned(fd, 1 << 20, number) && number >= 3) {
            address.fd = static_cast<int>(number);
        } else {
            Invalid(value, "expected fd:// or fd://N with N >= 3 (a socket passed by systemd)");
        }
        return address;
    }
    if (value.empty()) {
        Invalid(value, "empty (expected unix://, tcp:// or fd://)");
    }
    Invalid(value, "expected unix:///path, tcp://host:port or fd://");
}

bool IsLoopback(const ListenAddress& address) {
    if (address.kind != ListenAddress::Kind::kTcp) {
        return false;
    }
    if (address.host == "localhost") {
        return true;
    }
    in_addr v4{};
    if (inet_pton(AF_INET, address.host.c_str(), &v4) == 1) {
        return (ntohl(v4.s_addr) >> 24) == 127;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, address.host.c_str(), &v6) == 1) {
        if (IN6_IS_ADDR_LOOPBACK(&v6)) {
            return true;
        }
        return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
    }
    return false;
}

std::string ToString(const ListenAddress& address) {
    switch (address.kind) {
        case ListenAddress::Kind::kUnix:
            return "unix://" + address.path.string();
        case ListenAddress::Kind::kTcp:
            if (address.host.find(':') != std::string::npos) {
                return "tcp://[" + address.host + "]:" + std::to_string(address.port);
            }
            return "tcp://" + address.host + ":" + std::to_string(address.port);
        case ListenAddress::Kind::kFd:
            return address.fd < 0 ? "fd://" : "fd://" + std::to_string(address.fd);
    }
    return "";
}

}  // namespace engine::http
