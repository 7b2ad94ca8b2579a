#include "compose/loader/yaml_source.hpp"

#include <algorithm>
#include <utility>

namespace compose::loader {
namespace {

bool IsContinuationByte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Where a node's content starts: after its properties (tags, anchors), blanks and comments.
// yaml-cpp's events do not say whether a tagged scalar was quoted, or whether a quoted one was
// closed; the text does.
std::size_t ContentStart(std::string_view text, int pos) {
    std::size_t i = pos < 0 ? text.size() : static_cast<std::size_t>(pos);
    while (i < text.size()) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
        } else if (c == '!' || c == '&') {
            i = std::min(text.size(), text.find_first_of(" \t\r\n", i));
        } else if (c == '#') {
            i = std::min(text.size(), text.find('\n', i));
        } else {
            break;
        }
    }
    return i;
}

}  // namespace

std::size_t QuotedEnd(std::string_view text, std::size_t open) {
    char quote = text[open];
    for (std::size_t i = open + 1; i < text.size(); ++i) {
        if (quote == '"' && text[i] == '\\') {
            ++i;  // an escaped character, maybe a quote
        } else if (text[i] == quote) {
            // In single quotes '' is an escaped quote, not the end.
            if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
                ++i;
                continue;
            }
            return i + 1;
        }
    }
    return std::string_view::npos;
}

bool IsPlainScalarAt(std::string_view text, int pos) {
    std::size_t start = ContentStart(text, pos);
    return start >= text.size() || std::string_view("\"'|>").find(text[start]) == std::string_view::npos;
}

bool IsUnclosedQuoteAt(std::string_view text, int pos) {
    std::size_t start = ContentStart(text, pos);
    return start < text.size() && (text[start] == '"' || text[start] == '\'') &&
           QuotedEnd(text, start) == std::string_view::npos;
}

bool IsNullLiteralAt(std::string_view text, int pos) {
    std::string_view rest = text.substr(std::min(text.size(), static_cast<std::size_t>(std::max(pos, 0))));
    for (std::string_view word : {"~", "null", "Null", "NULL", "!", "&"}) {
        if (rest.substr(0, word.size()) == word) {
            return true;
        }
    }
    return false;
}

std::string AliasNameAt(std::string_view text, int pos) {
    if (pos < 0 || static_cast<std::size_t>(pos) >= text.size() || text[pos] != '*') {
        return {};
    }
    auto start = static_cast<std::size_t>(pos) + 1;
    std::size_t end = std::min(text.size(), text.find_first_of(" \t\r\n,[]{}", start));
    return std::string(text.substr(start, end - start));
}

SourceMarks::SourceMarks(std::string_view text, std::shared_ptr<const std::string> file)
    : text_(text), file_(std::move(file)) {}

model::Mark SourceMarks::AtOffset(std::size_t offset) {
    offset = std::min(offset, text_.size());
    if (offset >= cached_offset_) {
        for (std::size_t i = cached_offset_; i < offset; ++i) {
            if (text_[i] == '\n') {
                ++cached_line_;
                cached_column_ = 1;
            } else if (!IsContinuationByte(text_[i])) {
                ++cached_column_;
            }
        }
    } else {
        // Going back is rare (errors pointing at an earlier node): recount that line.
        auto between = text_.substr(offset, cached_offset_ - offset);
        cached_line_ -= static_cast<int>(std::count(between.begin(), between.end(), '\n'));
        auto line_end = text_.rfind('\n', offset == 0 ? std::string_view::npos : offset - 1);
        std::size_t line_start = offset == 0 || line_end == std::string_view::npos ? 0 : line_end + 1;
        cached_column_ = 1;
        for (std::size_t i = line_start; i < offset; ++i) {
            cached_column_ += IsContinuationByte(text_[i]) ? 0 : 1;
        }
    }
    cached_offset_ = offset;
    return model::Mark{file_, cached_line_, cached_column_};
}

model::Mark SourceMarks::At(const YAML::Mark& mark) {
    if (mark.pos >= 0) {
        return AtOffset(static_cast<std::size_t>(mark.pos));
    }
    if (mark.line >= 0) {
        return model::Mark{file_, mark.line + 1, mark.column + 1};
    }
    return model::Mark{};
}

}  // namespace compose::loader
