#include "engine/volume/volume_options.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include <sys/mount.h>

#include "engine/base/error.hpp"

namespace engine::volume {
namespace {

constexpr std::string_view kNameChars = "[a-zA-Z0-9][a-zA-Z0-9_.-]";

bool IsAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

struct FlagWord {
    std::string_view word;
    bool clear;  // "rw" clears MS_RDONLY, "suid" clears MS_NOSUID, ...
    unsigned long flag;
};

// moby/sys/mount's flag table (the subset that is meaningful for a volume).
constexpr std::array<FlagWord, 22> kFlagWords = {{
    {"defaults", false, 0},
    {"ro", false, MS_RDONLY},
    {"rw", true, MS_RDONLY},
    {"suid", true, MS_NOSUID},
    {"nosuid", false, MS_NOSUID},
    {"dev", true, MS_NODEV},
    {"nodev", false, MS_NODEV},
    {"exec", true, MS_NOEXEC},
    {"noexec", false, MS_NOEXEC},
    {"sync", false, MS_SYNCHRONOUS},
    {"async", true, MS_SYNCHRONOUS},
    {"dirsync", false, MS_DIRSYNC},
    {"atime", true, MS_NOATIME},
    {"noatime", false, MS_NOATIME},
    {"diratime", true, MS_NODIRATIME},
    {"nodiratime", false, MS_NODIRATIME},
    {"bind", false, MS_BIND},
    {"rbind", false, MS_BIND | MS_REC},
    {"relatime", false, MS_RELATIME},
    {"norelatime", true, MS_RELATIME},
    {"strictatime", false, MS_STRICTATIME},
    {"nostrictatime", true, MS_STRICTATIME},
}};

constexpr std::array<std::pair<std::string_view, unsigned long>, 8> kPropagationWords = {{
    {"private", MS_PRIVATE},
    {"rprivate", MS_PRIVATE | MS_REC},
    {"shared", MS_SHARED},
    {"rshared", MS_SHARED | MS_REC},
    {"slave", MS_SLAVE},
    {"rslave", MS_SLAVE | MS_REC},
    {"unbindable", MS_UNBINDABLE},
    {"runbindable", MS_UNBINDABLE | MS_REC},
}};

// Applies one `o` entry to `spec`; false when it is not a flag word (it is filesystem data).
bool ApplyFlagWord(std::string_view word, MountSpec* spec) {
    for (const FlagWord& entry : kFlagWords) {
        if (entry.word == word) {
            spec->flags = entry.clear ? spec->flags & ~entry.flag : spec->flags | entry.flag;
            return true;
        }
    }
    for (const auto& [name, flag] : kPropagationWords) {
        if (name == word) {
            spec->propagation |= flag;
            return true;
        }
    }
    return false;
}

std::string Quote(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

}  // namespace

void ValidateVolumeName(std::string_view name) {
    if (name.size() == 1) {
        throw Error(Errc::kInvalidArgument,
                    "volume name is too short, names should be at least two alphanumeric characters");
    }
    bool valid = !name.empty() && IsAlphanumeric(name.front());
    for (const char c : name) {
        valid = valid && (IsAlphanumeric(c) || c == '_' || c == '.' || c == '-');
    }
    if (!valid) {
        throw Error(Errc::kInvalidArgument,
                    Quote(name) + " includes invalid characters for a local volume name, only " + Quote(kNameChars) +
                        " are allowed. If you intended to pass a host directory, use absolute path");
    }
}

void ValidateDriverOptions(const StringMap& options) {
    for (const auto& [key, value] : options) {
        if (key != "type" && key != "o" && key != "device") {
            throw Error(Errc::kInvalidArgument, "invalid option key: " + Quote(key));
        }
    }
    // moby's mandatoryOpts: a mount needs both what and how; `o` alone has nothing to apply to.
    const std::array<std::pair<std::string_view, std::vector<std::string_view>>, 3> required = {{
        {"device", {"type"}},
        {"type", {"device"}},
        {"o", {"device", "type"}},
    }};
    for (const auto& [key, needs] : required) {
        if (!options.contains(key)) {
            continue;
        }
        for (const std::string_view need : needs) {
            if (!options.contains(need)) {
                throw Error(Errc::kInvalidArgument, "missing required option: " + Quote(need));
            }
        }
    }
}

MountSpec MountSpecFor(const StringMap& options) {
    MountSpec spec;
    if (const auto device = options.find("device"); device != options.end()) {
        spec.source = device->second;
    }
    if (const auto type = options.find("type"); type != options.end()) {
        spec.type = type->second;
    }
    const auto o = options.find("o");
    const std::string_view words = o == options.end() ? std::string_view() : std::string_view(o->second);
    std::size_t start = 0;
    while (start <= words.size() && !words.empty()) {
        const std::size_t comma = std::min(words.find(',', start), words.size());
        const std::string_view word = words.substr(start, comma - start);
        if (!word.empty() && !ApplyFlagWord(word, &spec)) {
            spec.data += (spec.data.empty() ? "" : ",") + std::string(word);
        }
        start = comma + 1;
    }
    return spec;
}

bool NeedsMount(const StringMap& options) {
    return options.contains("type") || options.contains("device");
}

}  // namespace engine::volume
