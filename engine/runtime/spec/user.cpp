#include "engine/runtime/spec/user.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"

namespace engine::runtime {
namespace {

constexpr std::int64_t kMaxId = 2147483647;

struct PasswdEntry final {
    std::string name;
    std::int64_t uid = 0;
    std::int64_t gid = 0;
    std::string home;
};

struct GroupEntry final {
    std::string name;
    std::int64_t gid = 0;
    std::vector<std::string> members;
};

std::vector<std::string> Split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        parts.emplace_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) {
            return parts;
        }
        start = end + 1;
    }
}

// Go's strconv.Atoi: an optional sign and decimal digits, nothing else.
std::optional<std::int64_t> ParseInt(std::string_view text) {
    if (!text.empty() && text.front() == '+') {
        text.remove_prefix(1);
    }
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// The trimmed, non-empty lines of a passwd-format file, split at ':'.
std::vector<std::vector<std::string>> Records(const std::string& text) {
    std::vector<std::vector<std::string>> records;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos) {
            continue;
        }
        line = line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
        records.push_back(Split(line, ':'));
        records.back().resize(7);
    }
    return records;
}

std::vector<PasswdEntry> ParsePasswd(const std::string& text) {
    std::vector<PasswdEntry> entries;
    for (const auto& fields : Records(text)) {
        entries.push_back({fields[0], ParseInt(fields[2]).value_or(0), ParseInt(fields[3]).value_or(0), fields[5]});
    }
    return entries;
}

std::vector<GroupEntry> ParseGroup(const std::string& text) {
    std::vector<GroupEntry> entries;
    for (const auto& fields : Records(text)) {
        GroupEntry entry{fields[0], ParseInt(fields[2]).value_or(0), {}};
        if (!fields[3].empty()) {
            entry.members = Split(fields[3], ',');
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

std::uint32_t CheckRange(std::int64_t id) {
    if (id < 0 || id > kMaxId) {
        throw Error(Errc::kInvalidArgument, "uids and gids must be in range 0-2147483647");
    }
    return static_cast<std::uint32_t>(id);
}

// runc's GetAdditionalGroups, keeping the request's order and dropping repeats.
std::vector<std::uint32_t> AdditionalGroups(const std::vector<std::string>& group_add,
                                            const std::vector<GroupEntry>& groups) {
    std::vector<std::uint32_t> gids;
    for (const std::string& wanted : group_add) {
        const auto match = std::find_if(groups.begin(), groups.end(), [&](const GroupEntry& g) {
            return g.name == wanted || std::to_string(g.gid) == wanted;
        });
        std::uint32_t gid = 0;
        if (match != groups.end()) {
            gid = CheckRange(match->gid);
        } else if (const auto number = ParseInt(wanted)) {
            gid = CheckRange(*number);
        } else {
            throw Error(Errc::kNotFound, "unable to find group " + wanted + ": no matching entries in group file");
        }
        if (std::find(gids.begin(), gids.end(), gid) == gids.end()) {
            gids.push_back(gid);
        }
    }
    return gids;
}

// Fills uid, gid and home from the passwd entry `user_arg` names ("" means uid 0) and returns
// the entry's name, or "" for a bare uid without an entry. runc's GetExecUser, user half.
std::string ApplyPasswd(const std::string& user_arg, const std::vector<PasswdEntry>& users, ResolvedUser& resolved) {
    const std::optional<std::int64_t> uid_arg = ParseInt(user_arg);
    const auto match = std::find_if(users.begin(), users.end(), [&](const PasswdEntry& u) {
        return user_arg.empty() ? u.uid == 0 : uid_arg ? u.uid == *uid_arg : u.name == user_arg;
    });
    if (match != users.end()) {
        resolved.uid = CheckRange(match->uid);
        resolved.gid = CheckRange(match->gid);
        resolved.home = match->home;
        return match->name;
    }
    if (!user_arg.empty()) {
        if (!uid_arg) {
            throw Error(Errc::kNotFound, "unable to find user " + user_arg + ": no matching entries in passwd file");
        }
        resolved.uid = CheckRange(*uid_arg);
    }
    return "";
}

// The gid of the group named in "user:group", by name or number.
std::uint32_t ExplicitGroup(const std::string& group_arg, const std::vector<GroupEntry>& groups) {
    const std::optional<std::int64_t> gid_arg = ParseInt(group_arg);
    const auto match = std::find_if(groups.begin(), groups.end(), [&](const GroupEntry& g) {
        return gid_arg ? g.gid == *gid_arg : g.name == group_arg;
    });
    if (match != groups.end()) {
        return CheckRange(match->gid);
    }
    if (!gid_arg) {
        throw Error(Errc::kNotFound, "unable to find group " + group_arg + ": no matching entries in group file");
    }
    return CheckRange(*gid_arg);
}

}  // namespace

ResolvedUser ResolveUserFromFiles(std::string_view user,
                                  const std::vector<std::string>& group_add,
                                  const std::optional<std::string>& passwd,
                                  const std::optional<std::string>& group) {
    const std::size_t colon = user.find(':');
    const std::string user_arg(user.substr(0, colon));
    const std::string group_arg(colon == std::string_view::npos ? "" : user.substr(colon + 1));
    ResolvedUser resolved;
    const std::string matched_name =
        ApplyPasswd(user_arg, passwd ? ParsePasswd(*passwd) : std::vector<PasswdEntry>{}, resolved);
    const std::vector<GroupEntry> groups = group ? ParseGroup(*group) : std::vector<GroupEntry>{};
    if (!group_arg.empty()) {
        resolved.gid = ExplicitGroup(group_arg, groups);
    } else if (!matched_name.empty()) {
        // Supplementary groups only make sense when the group is implicit (runc's rule).
        for (const GroupEntry& g : groups) {
            if (std::find(g.members.begin(), g.members.end(), matched_name) != g.members.end()) {
                resolved.additional_gids.push_back(CheckRange(g.gid));
            }
        }
    }
    for (const std::uint32_t gid : AdditionalGroups(group_add, groups)) {
        if (std::find(resolved.additional_gids.begin(), resolved.additional_gids.end(), gid) ==
            resolved.additional_gids.end()) {
            resolved.additional_gids.push_back(gid);
        }
    }
    return resolved;
}

std::optional<std::string> ReadFileInRoot(const std::filesystem::path& rootfs, std::string_view path) {
    const int root_fd =
        CheckSyscall(open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC), "open rootfs " + rootfs.string());
    open_how how{};
    how.flags = O_RDONLY | O_CLOEXEC;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    const std::string relative(path);
    const long fd = syscall(SYS_openat2, root_fd, relative.c_str(), &how, sizeof how);
    const int saved_errno = errno;
    close(root_fd);
    if (fd < 0) {
        if (saved_errno == ENOENT) {
            return std::nullopt;
        }
        ThrowErrno("open " + relative + " in " + rootfs.string(), saved_errno);
    }
    std::string content;
    char buffer[65536];
    while (true) {
        const ssize_t count = read(static_cast<int>(fd), buffer, sizeof buffer);
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count <= 0) {
            const int read_errno = errno;
            close(static_cast<int>(fd));
            if (count < 0) {
                ThrowErrno("read " + relative + " in " + rootfs.string(), read_errno);
            }
            return content;
        }
        content.append(buffer, static_cast<std::size_t>(count));
    }
}

ResolvedUser ResolveUser(const std::filesystem::path& rootfs,
                         std::string_view user,
                         const std::vector<std::string>& group_add) {
    return ResolveUserFromFiles(
        user, group_add, ReadFileInRoot(rootfs, "/etc/passwd"), ReadFileInRoot(rootfs, "/etc/group"));
}

}  // namespace engine::runtime
