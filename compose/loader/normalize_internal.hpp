#pragma once

// Pieces of NormalizeProject, split by topic. Not part of the loader's public API: only
// normalize*.cpp and their tests include this.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "compose/loader/normalize.hpp"
#include "compose/model/value.hpp"

namespace compose::loader::normalize_internal {

using model::Value;

/// Throws LoadError at `at`'s mark.
[[noreturn]] void Fail(const Value& at, std::string message);

/// `value` with the marks of `origin` (its mark as both mark and key_mark), for nodes made
/// from another node, so errors about them point at the user's text.
Value Derived(Value value, const Value& origin);

/// Puts `value` in `slot`, keeping the slot's marks (the key and the place the user wrote the
/// value being replaced).
void Replace(Value& slot, Value value);

/// A scalar as text: strings as they are, numbers and bools as written ("1", "true").
std::string ScalarString(const Value& value);

/// `text` in double quotes, for messages.
std::string Quoted(std::string_view text);

std::optional<std::string> LookupEnvironment(const NormalizeContext& ctx, std::string_view name);

/// Parses a Go duration ("1h2m3.5s", "500ms", "-1s", "0"), plus the `d` (24h) and `w` units
/// Compose accepts, into nanoseconds. nullopt when malformed or out of range.
std::optional<std::int64_t> ParseDuration(std::string_view text);

/// Go's time.Duration.String(): "1m30s", "1h0m0s", "500ms", "1.5µs", "0s".
std::string FormatDuration(std::int64_t nanoseconds);

/// A memory size in bytes: "512", "512m", "1.5G", "100k", "512mb", "1024b", "2 GiB"
/// (units b k m g t p, case-insensitive, powers of 1024, fractions truncated). A plain
/// integer may be negative ("-1" means unlimited for memswap_limit). nullopt when malformed.
std::optional<std::int64_t> ParseByteSize(std::string_view text);

/// Thrown by SplitShellWords with what is wrong.
class ShellWordsError final : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Splits a command string into words: whitespace separates, '...' is literal, "..." groups
/// and a backslash escapes the next character (outside single quotes). Throws
/// ShellWordsError for an unterminated quote or escape, and for an unquoted ; & | < >.
std::vector<std::string> SplitShellWords(std::string_view text);

// The service normalizers. `path` is "services.<name>", for messages.
void NormalizeBuild(Value& service, const std::string& path, const NormalizeContext& ctx);
void NormalizeEnvironment(Value& service, const std::string& path, const NormalizeContext& ctx);
void NormalizePorts(Value& service, const std::string& path);
void NormalizeExpose(Value& service);
void NormalizeVolumes(Value& service, const std::string& path, const NormalizeContext& ctx);
void NormalizeResources(Value& service, const std::string& path);
void NormalizeDependencies(Value& service);
void NormalizeService(Value& service, const std::string& name, const NormalizeContext& ctx);

/// A list or map of `KEY[=VALUE]` turned into a map of name to string (used for labels and
/// the like); `KEY` alone in a list and null map values give "".
void ListOrDictToStrings(Value& field);

/// A list or map of `KEY[=VALUE]` turned into a map of name to string, where a key without a
/// value takes its value from the project environment, or stays null (environment and build
/// args).
void ListOrDictToEnvironment(Value& field, const NormalizeContext& ctx);

/// A value that should be a list: a single string becomes a one-element list. Null-safe.
void StringToList(Value* field);

/// A path made absolute against the project directory, with "~" expanded from HOME.
std::string HostPath(const Value& at, const std::string& path, const std::string& text, const NormalizeContext& ctx);

}  // namespace compose::loader::normalize_internal
