#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <yaml-cpp/mark.h>

#include "compose/model/mark.hpp"

namespace compose::loader {

// Looks at the source text where yaml-cpp's events fall short: marks in characters, whether a
// scalar was quoted, whether a quote was closed, an alias's name.

/// Turns yaml-cpp's 0-based byte positions into our 1-based marks, with columns counted in
/// characters (code points), as an editor shows them. `text` must be valid UTF-8 and outlive
/// this object. Consecutive lookups at growing offsets cost only the distance between them.
class SourceMarks final {
  public:
    SourceMarks(std::string_view text, std::shared_ptr<const std::string> file);

    /// The mark of byte `offset` (clamped to the end of the text).
    model::Mark AtOffset(std::size_t offset);
    /// The mark of a yaml-cpp mark; unknown (line 0) for yaml-cpp's null mark.
    model::Mark At(const YAML::Mark& mark);

    std::string_view text() const { return text_; }

  private:
    std::string_view text_;
    std::shared_ptr<const std::string> file_;
    std::size_t cached_offset_ = 0;
    int cached_line_ = 1;
    int cached_column_ = 1;
};

/// The offset just past the quoted scalar whose opening quote (`"` or `'`) is at `open`,
/// following `\"` escapes and `''` doubling; npos when the text ends first.
std::size_t QuotedEnd(std::string_view text, std::size_t open);

/// Whether the node at byte `pos` (its properties, `!tag` and `&anchor`, included) is a plain
/// scalar: not quoted and not a `|` or `>` block scalar.
bool IsPlainScalarAt(std::string_view text, int pos);

/// Whether the node at byte `pos` is a quoted scalar left open at the end of the text, which
/// yaml-cpp 0.7 accepts as if it were closed.
bool IsUnclosedQuoteAt(std::string_view text, int pos);

/// Whether the text at byte `pos` starts with a null literal or a node property, i.e. a null
/// that was written rather than left out.
bool IsNullLiteralAt(std::string_view text, int pos);

/// The name of the alias written at byte `pos` of `text` (`*name`), or "" when there is none.
std::string AliasNameAt(std::string_view text, int pos);

}  // namespace compose::loader
