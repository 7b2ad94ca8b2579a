#include "engine/api/network_bridge_options.hpp"

#include <cctype>
#include <charconv>
#include <limits>

#include "engine/api/network_address.hpp"
#include "engine/base/error.hpp"

namespace engine::api {
namespace {

constexpr std::size_t kMaxInterfaceName = 15;  // IFNAMSIZ - 1
constexpr int kMinMtu = 68;                    // the IPv4 minimum the kernel accepts
constexpr int kMaxMtu = 65535;

// moby's parseErr.
[[noreturn]] void ParseFailure(std::string_view key, const std::string& value, const std::string& reason) {
    throw Error(Errc::kInvalidArgument,
                "failed to parse " + std::string(key) + " value: " + value + " (" + reason + ")");
}

// Go's strconv.Atoi on a 64-bit host.
int ParseGoInt(std::string_view key, const std::string& value) {
    const std::string prefix = "strconv.Atoi: parsing \"" + value + "\": ";
    std::string_view digits = value;
    const bool negative = digits.starts_with('-');
    if (negative || digits.starts_with('+')) {
        digits.remove_prefix(1);
    }
    std::int64_t magnitude = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
    const bool all_digits = !digits.empty() && (std::isdigit(static_cast<unsigned char>(digits.front())) != 0) &&
                            end == digits.data() + digits.size();
    if (!all_digits && ec != std::errc::result_out_of_range) {
        ParseFailure(key, value, prefix + "invalid syntax");
    }
    // The MTU check below rejects anything beyond int; Go's own range is int64.
    if (ec == std::errc::result_out_of_range || magnitude > std::numeric_limits<int>::max()) {
        ParseFailure(key, value, prefix + "value out of range");
    }
    return static_cast<int>(negative ? -magnitude : magnitude);
}

// Go's strconv.ParseBool.
bool ParseGoBool(std::string_view key, const std::string& value) {
    if (value == "1" || value == "t" || value == "T" || value == "TRUE" || value == "true" || value == "True") {
        return true;
    }
    if (value == "0" || value == "f" || value == "F" || value == "FALSE" || value == "false" || value == "False") {
        return false;
    }
    ParseFailure(key, value, "strconv.ParseBool: parsing \"" + value + "\": invalid syntax");
}

// The kernel's dev_valid_name, with the reason spelt out.
void ValidateBridgeName(const std::string& name) {
    std::string problem;
    if (name.size() > kMaxInterfaceName) {
        problem = "an interface name has at most 15 characters";
    } else if (name == "." || name == "..") {
        problem = "\".\" and \"..\" are not interface names";
    }
    for (const char c : name) {
        if (c == '/' || c == ':' || std::isspace(static_cast<unsigned char>(c)) != 0) {
            problem = "an interface name has no '/', ':' or whitespace";
        }
    }
    if (!problem.empty()) {
        throw Error(Errc::kInvalidArgument,
                    "invalid bridge name \"" + name + "\" (" + problem + "): change " + std::string(kBridgeNameOption));
    }
}

}  // namespace

BridgeOptions ParseBridgeOptions(const StringMap& options) {
    BridgeOptions bridge;
    if (!options) {
        return bridge;
    }
    for (const auto& [key, value] : *options) {
        if (key == kBridgeNameOption) {
            ValidateBridgeName(value);
            bridge.bridge_name = value;
        } else if (key == kMtuOption) {
            bridge.mtu = ParseGoInt(key, value);
            if (bridge.mtu != 0 && (bridge.mtu < kMinMtu || bridge.mtu > kMaxMtu)) {
                throw Error(Errc::kInvalidArgument,
                            "invalid MTU number: " + value + " (" + std::string(kMtuOption) +
                                " must be 0 for the default, or from 68 to 65535)");
            }
        } else if (key == kIpMasqueradeOption) {
            bridge.enable_ip_masquerade = ParseGoBool(key, value);
        } else if (key == kIccOption) {
            bridge.enable_icc = ParseGoBool(key, value);
        } else if (key == kHostBindingIpv4Option) {
            if (!ParseIpAddr(value)) {
                ParseFailure(key, value, "nil ip");
            }
            bridge.host_binding_ipv4 = value;
        }
    }
    return bridge;
}

}  // namespace engine::api
