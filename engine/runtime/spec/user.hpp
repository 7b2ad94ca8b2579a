#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace engine::runtime {

/// The process identity a Docker `--user` value resolves to.
struct ResolvedUser final {
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
    /// Supplementary groups: the user's memberships in /etc/group (only when the value names
    /// no group), then the --group-add ones. The primary gid is not repeated here.
    std::vector<std::uint32_t> additional_gids;
    /// The passwd entry's home directory ("" when there is none).
    std::string home;
};

/// Resolves `user` ("", "name", "uid", "name:group", "uid:gid", "name:gid", ...) and `group_add`
/// as moby does through runc's user package, from the text of /etc/passwd and /etc/group
/// (nullopt: the file does not exist). "" means uid 0. A name must be in passwd, a group name
/// in group; numbers need no entry. Throws Error(kNotFound) with Docker's wording: "unable to
/// find user foo: no matching entries in passwd file", "unable to find group bar: no matching
/// entries in group file"; Error(kInvalidArgument) for ids outside 0-2147483647.
ResolvedUser ResolveUserFromFiles(std::string_view user,
                                  const std::vector<std::string>& group_add,
                                  const std::optional<std::string>& passwd,
                                  const std::optional<std::string>& group);

/// ResolveUserFromFiles with /etc/passwd and /etc/group read from the container's `rootfs`.
/// Symlinks and ".." are resolved inside the rootfs (openat2 RESOLVE_IN_ROOT), so an image
/// cannot make the daemon read a host file.
ResolvedUser ResolveUser(const std::filesystem::path& rootfs,
                         std::string_view user,
                         const std::vector<std::string>& group_add = {});

/// The content of `path` (absolute, as seen inside the container) in `rootfs`, resolved
/// without leaving the rootfs; nullopt when it does not exist. Throws Error for other failures.
std::optional<std::string> ReadFileInRoot(const std::filesystem::path& rootfs, std::string_view path);

}  // namespace engine::runtime
