#include <map>
#include <set>
#include <string_view>

#include "engine/base/error.hpp"
#include "engine/runtime/spec/oci_spec_parts.hpp"

namespace engine::runtime {
namespace {

// moby/sys/mount's flag options, grouped by the mount flag they set or clear: two options of
// one group collide and the later wins. Propagation modes share one group, and so does
// "rbind", whose MS_REC bit moby's check counts as a propagation flag.
int FlagGroup(std::string_view option) {
    static const std::map<std::string_view, int> kGroups = {
        {"ro", 1},           {"rw", 1},           {"suid", 2},           {"nosuid", 2},  {"dev", 3},
        {"nodev", 3},        {"exec", 4},         {"noexec", 4},         {"sync", 5},    {"async", 5},
        {"dirsync", 6},      {"remount", 7},      {"mand", 8},           {"nomand", 8},  {"atime", 9},
        {"noatime", 9},      {"diratime", 10},    {"nodiratime", 10},    {"bind", 11},   {"relatime", 12},
        {"norelatime", 12},  {"strictatime", 13}, {"nostrictatime", 13}, {"rbind", -1},  {"unbindable", -1},
        {"runbindable", -1}, {"private", -1},     {"rprivate", -1},      {"shared", -1}, {"rshared", -1},
        {"slave", -1},       {"rslave", -1},
    };
    const auto found = kGroups.find(option);
    return found == kGroups.end() ? 0 : found->second;
}

}  // namespace

std::vector<std::string> detail::MergeTmpfsOptions(const std::vector<std::string>& options) {
    static const std::set<std::string_view> kDataKeys = {
        "", "size", "mode", "uid", "gid", "nr_inodes", "nr_blocks", "mpol"};
    std::set<int> seen_flags;
    std::set<std::string> seen_data;
    std::vector<std::string> merged;
    // Walk backwards so the last occurrence wins, then put the survivors back in order.
    for (auto it = options.rbegin(); it != options.rend(); ++it) {
        const std::string& option = *it;
        if (option == "defaults") {
            continue;
        }
        if (const int group = FlagGroup(option); group != 0) {
            if (seen_flags.insert(group).second) {
                merged.insert(merged.begin(), option);
            }
            continue;
        }
        const std::size_t equals = option.find('=');
        const std::string key = option.substr(0, equals);
        if (equals == std::string::npos || !kDataKeys.contains(key)) {
            throw Error(Errc::kInvalidArgument,
                        "invalid tmpfs option \"" + option +
                            "\"; use size=, mode=, uid=, gid=, nr_inodes=, "
                            "nr_blocks=, mpol= or a mount flag such as ro, exec, nosuid");
        }
        if (seen_data.insert(key).second) {
            merged.insert(merged.begin(), option);
        }
    }
    return merged;
}

}  // namespace engine::runtime
