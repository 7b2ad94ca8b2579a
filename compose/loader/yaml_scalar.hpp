#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "compose/model/value.hpp"

namespace compose::loader {

// Scalar typing by the YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#103-core-schema).
// Like Go's yaml.v3, which Docker Compose uses, `yes`/`no`/`on`/`off` are strings, not booleans.
// Only plain (unquoted, non-block) scalars are typed this way; the reader keeps every other
// scalar a string. The functions below return values without marks.

/// True for `~`, `null`, `Null`, `NULL` and the empty string.
bool IsCoreNull(std::string_view text);

/// `true|True|TRUE|false|False|FALSE`; nullopt otherwise.
std::optional<bool> ParseCoreBool(std::string_view text);

/// An integer as Go's yaml.v3 (Docker Compose's parser) reads one: optional sign, '_'
/// separators dropped, `0x1F` hex, `0o17` or `017` octal, `0b101` binary, else decimal; within
/// int64, nullopt otherwise (also for digits that do not fit in int64).
std::optional<std::int64_t> ParseCoreInt(std::string_view text);

/// `1.5`, `-1e3`, `.5`, `1.`, `.inf`, `-.Inf`, `.nan` and every integer form above (as a
/// double); nullopt for anything else, or for a finite number out of double's range.
std::optional<double> ParseCoreFloat(std::string_view text);

/// The value of a plain scalar: null, bool, int, float, in that order, else the string itself.
/// An integer too large for int64 becomes a float when it parses as one.
model::Value ResolvePlainScalar(std::string_view text);

}  // namespace compose::loader
