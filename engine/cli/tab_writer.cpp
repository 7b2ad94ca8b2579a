#include "engine/cli/tab_writer.hpp"

#include <algorithm>

namespace engine::cli {
namespace {

struct Widths {
    std::size_t min_width;
    std::size_t padding;
};

using Line = std::vector<std::string>;  // cells; the last one is the unaligned tail

std::vector<Line> SplitLines(std::string_view text) {
    std::vector<Line> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        Line line;
        const std::string_view row = text.substr(start, end - start);
        std::size_t cell_start = 0;
        for (std::size_t tab = row.find('\t'); tab != std::string_view::npos; tab = row.find('\t', cell_start)) {
            line.emplace_back(row.substr(cell_start, tab - cell_start));
            cell_start = tab + 1;
        }
        line.emplace_back(row.substr(cell_start));
        lines.push_back(std::move(line));
        start = end + 1;
    }
    return lines;
}

// tabwriter's column blocks: for column `column`, the run of consecutive lines starting at
// `first` that all have a cell there gets one width.
void AlignColumn(std::vector<Line>& lines, std::size_t column, std::size_t first, std::size_t last, Widths widths) {
    std::size_t index = first;
    while (index < last) {
        if (lines[index].size() <= column + 1) {
            ++index;
            continue;
        }
        std::size_t block_end = index;
        std::size_t width = widths.min_width;
        while (block_end < last && lines[block_end].size() > column + 1) {
            width = std::max(width, TextWidth(lines[block_end][column]) + widths.padding);
            ++block_end;
        }
        for (std::size_t i = index; i < block_end; ++i) {
            std::string& cell = lines[i][column];
            cell.append(width - TextWidth(cell), ' ');
        }
        AlignColumn(lines, column + 1, index, block_end, widths);
        index = block_end;
    }
}

}  // namespace

std::size_t TextWidth(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void TabWriter::Write(std::string_view text) {
    pending_.append(text);
}

void TabWriter::Flush(std::ostream& out) {
    const bool trailing_newline = !pending_.empty() && pending_.back() == '\n';
    std::vector<Line> lines = SplitLines(pending_);
    AlignColumn(lines, 0, 0, lines.size(), Widths{min_width_, padding_});
    for (std::size_t i = 0; i < lines.size(); ++i) {
        for (const std::string& cell : lines[i]) {
            out << cell;
        }
        if (i + 1 < lines.size() || trailing_newline) {
            out << '\n';
        }
    }
    pending_.clear();
}

}  // namespace engine::cli
