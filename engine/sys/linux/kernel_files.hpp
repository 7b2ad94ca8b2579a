#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Parsing of procfs, sysfs and cgroup files for this folder; not part of the public API.
namespace engine::sys::detail {

/// The content of `directory`/`file`, or nullopt when it does not exist or `directory` is
/// empty (an unmounted controller). Throws Error for other failures.
std::optional<std::string> ReadIfExists(const std::filesystem::path& directory, std::string_view file);

/// A cgroup counter: a decimal number, or "max" which gives UINT64_MAX. Throws
/// Error(kInvalidArgument) naming `what` for anything else.
std::uint64_t ParseCounter(std::string_view text, std::string_view what);

/// The counter in `directory`/`file`, 0 when the file does not exist.
std::uint64_t ReadCounter(const std::filesystem::path& directory, std::string_view file);

/// "key value" lines (memory.stat, cpu.stat, memory.events, ...) as a map; lines that do not
/// have that shape are skipped, since kernels add fields over time.
std::map<std::string, std::uint64_t> ParseFlatKeyed(std::string_view text);

/// The "key value" file `directory`/`file`, empty when it does not exist.
std::map<std::string, std::uint64_t> ReadFlatKeyed(const std::filesystem::path& directory, std::string_view file);

/// `text` split at any of `separators`, empty pieces dropped.
std::vector<std::string_view> SplitFields(std::string_view text, std::string_view separators = " \t\n");

/// A path field of /proc/<pid>/mountinfo with its \ooo escapes (space, tab, newline,
/// backslash) decoded.
std::string DecodeMountinfoPath(std::string_view field);

}  // namespace engine::sys::detail
