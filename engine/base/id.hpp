#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace engine {

/// `byte_count` cryptographically random bytes as 2 * byte_count lowercase hex digits.
/// Throws Error(kInternal) if the system cannot provide randomness.
std::string RandomHex(std::size_t byte_count);

/// A new object id as Docker makes them: 64 lowercase hex digits (32 random bytes).
std::string NewObjectId();

/// True when `text` has the form of an object id: exactly 64 lowercase hex digits.
bool IsObjectId(std::string_view text);

/// The 12-character prefix Docker shows for an id (all of `id` when it is shorter).
std::string ShortId(std::string_view id);

}  // namespace engine
