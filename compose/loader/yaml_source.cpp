#include "compose/loader/yaml_source.hpp"

#include <algorithm>
#include <utility>

namespace compose::loader {
namespace {

bool IsContinuationByte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
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

SourceMarks::SourceMarks(std::string_view text, std::shared_ptr<const std::string> file)
    : text_(text), file_(std::move(file)) {}

model::Mark SourceMarks::AtOffset(std::size_t offset) {
    offset = std::min(offset, text_.size());
    if (offset >= cached_offset_) {
        for (std::size_t i = cached_offset_; i < offset; ++i) {
            if (text_[i] == '\n') {
                ++cached_line_;
                cached_column_ = 1;
                ++cached_index_;
            } else if (!IsContinuationByte(text_[i])) {
                ++cached_column_;
                ++cached_index_;
            }
        }
    } else {
        // Going back is rare (errors pointing at an earlier node): recount that line.
        auto between = text_.substr(offset, cached_offset_ - offset);
        cached_line_ -= static_cast<int>(std::count(between.begin(), between.end(), '\n'));
        cached_index_ -= static_cast<std::size_t>(
            std::count_if(between.begin(), between.end(), [](char c) { return !IsContinuationByte(c); }));
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

model::Mark SourceMarks::AtIndex(std::size_t index) {
    if (index < cached_index_) {
        std::size_t offset = cached_offset_;
        for (std::size_t back = cached_index_ - index; back > 0 && offset > 0; --back) {
            do {
                --offset;
            } while (offset > 0 && IsContinuationByte(text_[offset]));
        }
        return AtOffset(offset);
    }
    // One pass moves the byte offset, the line and the column a character at a time.
    std::size_t offset = cached_offset_;
    while (cached_index_ < index && offset < text_.size()) {
        if (text_[offset] == '\n') {
            ++cached_line_;
            cached_column_ = 1;
        } else {
            ++cached_column_;
        }
        ++offset;
        while (offset < text_.size() && IsContinuationByte(text_[offset])) {
            ++offset;
        }
        ++cached_index_;
    }
    cached_offset_ = offset;
    return model::Mark{file_, cached_line_, cached_column_};
}

}  // namespace compose::loader
