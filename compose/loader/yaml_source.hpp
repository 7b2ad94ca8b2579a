#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "compose/model/mark.hpp"

namespace compose::loader {

/// Turns positions in a compose file's text into our 1-based marks, with columns counted in
/// characters (code points), as an editor shows them. Lines end at '\n' only. `text` must be
/// valid UTF-8 and outlive this object. Consecutive lookups at growing positions cost only the
/// distance between them; going back costs the distance back.
class SourceMarks final {
  public:
    SourceMarks(std::string_view text, std::shared_ptr<const std::string> file);

    /// The mark of byte `offset` (clamped to the end of the text).
    model::Mark AtOffset(std::size_t offset);
    /// The mark of the `index`-th character (code point) of the text, counted from 0, which is
    /// what libyaml's yaml_mark_t::index holds; clamped to the end of the text.
    model::Mark AtIndex(std::size_t index);

    std::string_view text() const { return text_; }
    /// The byte offset of the last position looked up.
    std::size_t last_offset() const { return cached_offset_; }

  private:
    std::string_view text_;
    std::shared_ptr<const std::string> file_;
    // The last position looked up, in bytes and in characters, and its line and column.
    std::size_t cached_offset_ = 0;
    std::size_t cached_index_ = 0;
    int cached_line_ = 1;
    int cached_column_ = 1;
};

/// The offset just past the quoted scalar whose opening quote (`"` or `'`) is at `open`,
/// following `\"` escapes and `''` doubling; npos when the text ends first.
std::size_t QuotedEnd(std::string_view text, std::size_t open);

}  // namespace compose::loader
