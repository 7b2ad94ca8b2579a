#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace engine::image {

/// Looks a variable up for expansion; nullopt when it is not set.
using VariableLookup = std::function<std::optional<std::string>(std::string_view name)>;

/// Splits a Dockerfile instruction's arguments into words on unquoted whitespace, keeping the
/// quotes and escapes inside each word for ProcessWord (moby's parser parseWords).
std::vector<std::string> SplitWords(std::string_view text);

/// Evaluates one word as moby's shell lexer does for Dockerfile instructions: '…' is literal,
/// "…" allows \" \\ \$ and expansion, an unquoted backslash escapes the next character, and
/// $NAME, ${NAME}, ${NAME:-word}, ${NAME:+word} are replaced from `lookup` (unset is "").
/// Throws Error(kInvalidArgument) for an unterminated quote or "${".
std::string ProcessWord(std::string_view word, const VariableLookup& lookup);

}  // namespace engine::image
