#include "engine/runtime/spec/capabilities.hpp"

#include <algorithm>
#include <cctype>

#include "engine/base/error.hpp"
#include "engine/runtime/spec/host_limits.hpp"

namespace engine::runtime {
namespace {

constexpr std::string_view kAll = "ALL";

bool Contains(const std::vector<std::string>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

// moby's NormalizeLegacyCapabilities: upper case, "CAP_" prefix, known and available.
std::vector<std::string> Normalize(const std::vector<std::string>& names, const std::vector<std::string>& available) {
    std::vector<std::string> normalized;
    for (std::string name : names) {
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
        if (name != kAll && !name.starts_with("CAP_")) {
            name = "CAP_" + name;
        }
        if (name != kAll && !Contains(KnownCapabilities(), name)) {
            throw Error(Errc::kInvalidArgument, "unknown capability: \"" + name + "\"");
        }
        if (name != kAll && !Contains(available, name)) {
            throw Error(Errc::kInvalidArgument,
                        "capability not supported by your kernel or not available in the current environment: \"" +
                            name + "\"");
        }
        normalized.push_back(std::move(name));
    }
    return normalized;
}

void AppendUnique(std::vector<std::string>& list, const std::string& item) {
    if (!Contains(list, item)) {
        list.push_back(item);
    }
}

}  // namespace

const std::vector<std::string>& DefaultCapabilities() {
    static const std::vector<std::string> kDefaults = {
        "CAP_CHOWN",
        "CAP_DAC_OVERRIDE",
        "CAP_FSETID",
        "CAP_FOWNER",
        "CAP_MKNOD",
        "CAP_NET_RAW",
        "CAP_SETGID",
        "CAP_SETUID",
        "CAP_SETFCAP",
        "CAP_SETPCAP",
        "CAP_NET_BIND_SERVICE",
        "CAP_SYS_CHROOT",
        "CAP_KILL",
        "CAP_AUDIT_WRITE",
    };
    return kDefaults;
}

std::vector<std::string> TweakCapabilities(const std::vector<std::string>& add,
                                           const std::vector<std::string>& drop,
                                           bool privileged,
                                           const std::vector<std::string>& available) {
    if (privileged) {
        return available;
    }
    if (add.empty() && drop.empty()) {
        return DefaultCapabilities();
    }
    const std::vector<std::string> to_drop = Normalize(drop, available);
    const std::vector<std::string> to_add = Normalize(add, available);
    std::vector<std::string> result;
    if (Contains(to_add, kAll)) {
        for (const std::string& name : available) {
            if (!Contains(to_drop, name)) {
                result.push_back(name);
            }
        }
        return result;
    }
    if (!Contains(to_drop, kAll)) {
        for (const std::string& name : DefaultCapabilities()) {
            if (!Contains(to_drop, name)) {
                result.push_back(name);
            }
        }
    }
    // moby appends cap-add as given; duplicates are dropped here because they change nothing.
    for (const std::string& name : to_add) {
        AppendUnique(result, name);
    }
    return result;
}

}  // namespace engine::runtime
