#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace engine::cli {

/// Aligns tab-separated lines into columns the way docker's tables come out of Go's
/// text/tabwriter with docker's settings (minwidth 10, padding 3, padded with spaces): each cell
/// before the last tab of a line is padded to the widest cell of its column plus 3, at least 10;
/// the text after the last tab is written as is. Widths count UTF-8 code points. Consecutive lines
/// form one block per column as in tabwriter, so a line with fewer cells ends the column above.
class TabWriter final {
  public:
    /// docker's table settings by default; `docker version` uses (20, 1), `docker info` (0, 1).
    explicit TabWriter(std::size_t min_width = 10, std::size_t padding = 3)
        : min_width_(min_width), padding_(padding) {}

    /// Adds text; lines end at '\n'. Nothing is written until Flush.
    void Write(std::string_view text);

    /// Writes every complete line (and a final incomplete one) aligned to `out` and clears.
    void Flush(std::ostream& out);

  private:
    std::size_t min_width_;
    std::size_t padding_;
    std::string pending_;
};

/// The display width tabwriter uses: the number of UTF-8 code points.
std::size_t TextWidth(std::string_view text);

}  // namespace engine::cli
