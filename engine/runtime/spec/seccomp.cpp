#include "engine/runtime/spec/seccomp.hpp"

#include <algorithm>
#include <cstdio>

#include "engine/base/error.hpp"

namespace engine::runtime {
namespace {

using Json = nlohmann::json;

// moby's nativeToSeccomp: libseccomp arch name → SCMP_ARCH_*.
std::string SeccompArch(std::string_view arch) {
    static constexpr std::pair<std::string_view, std::string_view> kArches[] = {
        {"x86", "SCMP_ARCH_X86"},
        {"amd64", "SCMP_ARCH_X86_64"},
        {"arm", "SCMP_ARCH_ARM"},
        {"arm64", "SCMP_ARCH_AARCH64"},
        {"mips64", "SCMP_ARCH_MIPS64"},
        {"mips64n32", "SCMP_ARCH_MIPS64N32"},
        {"mipsel64", "SCMP_ARCH_MIPSEL64"},
        {"mips3l64n32", "SCMP_ARCH_MIPSEL64N32"},
        {"mipsle", "SCMP_ARCH_MIPSEL"},
        {"ppc", "SCMP_ARCH_PPC"},
        {"ppc64", "SCMP_ARCH_PPC64"},
        {"ppc64le", "SCMP_ARCH_PPC64LE"},
        {"s390", "SCMP_ARCH_S390"},
        {"s390x", "SCMP_ARCH_S390X"},
        {"riscv64", "SCMP_ARCH_RISCV64"},
        {"loong64", "SCMP_ARCH_LOONGARCH64"},
    };
    for (const auto& [name, seccomp] : kArches) {
        if (name == arch) {
            return std::string(seccomp);
        }
    }
    return "";
}

bool ListContains(const Json& list, std::string_view item) {
    return std::any_of(list.begin(), list.end(), [&](const Json& entry) { return entry == item; });
}

bool Contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

// True when the host kernel is at least `version` ("4.8").
bool KernelAtLeast(const std::string& version, const HostLimits& host) {
    int major = 0;
    int minor = 0;
    if (std::sscanf(version.c_str(), "%d.%d", &major, &minor) < 1) {
        throw Error(Errc::kInvalidArgument, "seccomp profile: invalid minKernel \"" + version + "\"");
    }
    return host.kernel_major > major || (host.kernel_major == major && host.kernel_minor >= minor);
}

// Whether a rule's includes/excludes select it for this container and host.
bool RuleApplies(const Json& rule, const std::vector<std::string>& bounding, const HostLimits& host) {
    if (const auto excludes = rule.find("excludes"); excludes != rule.end() && excludes->is_object()) {
        if (ListContains(excludes->value("arches", Json::array()), host.arch)) {
            return false;
        }
        for (const Json& cap : excludes->value("caps", Json::array())) {
            if (Contains(bounding, cap.get<std::string>())) {
                return false;
            }
        }
        if (excludes->contains("minKernel") && KernelAtLeast(excludes->at("minKernel"), host)) {
            return false;
        }
    }
    if (const auto includes = rule.find("includes"); includes != rule.end() && includes->is_object()) {
        const Json arches = includes->value("arches", Json::array());
        if (!arches.empty() && !ListContains(arches, host.arch)) {
            return false;
        }
        for (const Json& cap : includes->value("caps", Json::array())) {
            if (!Contains(bounding, cap.get<std::string>())) {
                return false;
            }
        }
        if (includes->contains("minKernel") && !KernelAtLeast(includes->at("minKernel"), host)) {
            return false;
        }
    }
    return true;
}

// One OCI linux.seccomp.syscalls entry: the rule without comment/includes/excludes.
Json OciSyscall(const Json& rule) {
    Json names = rule.value("names", Json::array());
    if (const std::string name = rule.value("name", ""); !name.empty()) {
        if (!names.empty()) {
            throw Error(Errc::kInvalidArgument,
                        "seccomp profile: 'name' and 'names' were specified, use either 'name' or 'names'");
        }
        names.push_back(name);
    }
    Json call = {{"names", names}, {"action", rule.value("action", "")}};
    if (rule.contains("errnoRet")) {
        call["errnoRet"] = rule.at("errnoRet");
    }
    Json args = Json::array();
    for (const Json& arg : rule.value("args", Json::array())) {
        Json oci_arg = {{"index", arg.value("index", 0U)}, {"value", arg.value("value", std::uint64_t{0})}};
        if (const std::uint64_t two = arg.value("valueTwo", std::uint64_t{0}); two != 0) {
            oci_arg["valueTwo"] = two;
        }
        oci_arg["op"] = arg.value("op", "");
        args.push_back(std::move(oci_arg));
    }
    if (!args.empty()) {
        call["args"] = std::move(args);
    }
    return call;
}

Json Architectures(const Json& profile, const HostLimits& host) {
    Json architectures = profile.value("architectures", Json::array());
    const Json arch_map = profile.value("archMap", Json::array());
    if (!architectures.empty() && !arch_map.empty()) {
        throw Error(Errc::kInvalidArgument,
                    "seccomp profile: 'architectures' and 'archMap' were specified, use either 'architectures' or "
                    "'archMap'");
    }
    const std::string native = SeccompArch(host.arch);
    for (const Json& entry : arch_map) {
        if (!native.empty() && entry.value("architecture", "") == native) {
            architectures.push_back(native);
            const Json subs = entry.value("subArchitectures", Json::array());
            for (const Json& sub : subs.is_array() ? subs : Json::array()) {
                architectures.push_back(sub);
            }
            break;
        }
    }
    return architectures;
}

}  // namespace

nlohmann::json TranslateSeccompProfile(std::string_view profile_text,
                                       const std::vector<std::string>& bounding,
                                       const HostLimits& host) {
    Json profile;
    try {
        profile = Json::parse(profile_text);
        const std::string default_action = profile.value("defaultAction", "");
        const Json rules = profile.value("syscalls", Json::array());
        if (default_action.empty() && rules.empty()) {
            return nullptr;
        }
        Json seccomp = {{"defaultAction", default_action}};
        if (profile.contains("defaultErrnoRet")) {
            seccomp["defaultErrnoRet"] = profile.at("defaultErrnoRet");
        }
        if (Json architectures = Architectures(profile, host); !architectures.empty()) {
            seccomp["architectures"] = std::move(architectures);
        }
        for (const char* key : {"listenerPath", "listenerMetadata", "flags"}) {
            if (profile.contains(key)) {
                seccomp[key] = profile.at(key);
            }
        }
        Json syscalls = Json::array();
        for (const Json& rule : rules) {
            if (RuleApplies(rule, bounding, host)) {
                syscalls.push_back(OciSyscall(rule));
            }
        }
        seccomp["syscalls"] = std::move(syscalls);
        return seccomp;
    } catch (const Json::exception& e) {
        throw Error(Errc::kInvalidArgument, std::string("decode seccomp profile: ") + e.what());
    }
}

}  // namespace engine::runtime
