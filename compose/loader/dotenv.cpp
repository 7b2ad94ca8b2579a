#include "compose/loader/dotenv.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

#include "compose/loader/load_error.hpp"

namespace compose::loader {
namespace {

// Spaces within a line; '\r' too, so a lone carriage return never sticks to a value.
bool IsBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

// compose-go also takes any Unicode letter and '[' ']'; we keep to the portable set.
bool IsKeyChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
}

std::string_view TrimBlanks(std::string_view text) {
    while (!text.empty() && IsBlank(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && IsBlank(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

std::string Normalized(std::string_view text) {
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (text.substr(0, kBom.size()) == kBom) {
        text.remove_prefix(kBom.size());
    }
    // CRLF files parse like LF ones, quoted multi-line values included.
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
            out += text[i];
        }
    }
    return out;
}

// Parses statement after statement, as compose-go's dotenv parser does: a statement is a key,
// then '=' (or ':') and a value that may span lines when quoted, or a lone key.
class DotenvParser final {
  public:
    DotenvParser(std::string_view text, const std::string& file_name, const Lookup& lookup)
        : text_(Normalized(text)), file_(std::make_shared<const std::string>(file_name)), lookup_(lookup) {}

    EnvPairs Parse() {
        while (SkipToStatement()) {
            ParseStatement();
        }
        return std::move(pairs_);
    }

  private:
    // Skips blank lines and comment lines; false at the end of the text.
    bool SkipToStatement() {
        while (pos_ < text_.size()) {
            if (IsBlank(text_[pos_]) || text_[pos_] == '\n') {
                ++pos_;
            } else if (text_[pos_] == '#') {
                pos_ = LineEnd(pos_);
            } else {
                return true;
            }
        }
        return false;
    }

    void ParseStatement() {
        constexpr std::string_view kExport = "export";
        if (text_.compare(pos_, kExport.size(), kExport) == 0 && pos_ + kExport.size() < text_.size() &&
            IsBlank(text_[pos_ + kExport.size()])) {
            pos_ += kExport.size();
            while (pos_ < text_.size() && IsBlank(text_[pos_])) {
                ++pos_;
            }
        }
        const std::size_t key_begin = pos_;
        const std::size_t separator = std::min(text_.find_first_of("=:\n", pos_), text_.size());
        const std::string key(TrimBlanks(std::string_view(text_).substr(key_begin, separator - key_begin)));
        CheckKey(key, key_begin, separator);
        if (separator == text_.size() || text_[separator] == '\n') {
            // A lone KEY passes the variable through from the lookup, when it is set there.
            pos_ = separator;
            if (std::optional<std::string> value = lookup_(key)) {
                Set(key, std::move(*value));
            }
            return;
        }
        pos_ = separator + 1;
        while (pos_ < text_.size() && IsBlank(text_[pos_])) {
            ++pos_;
        }
        const char quote = pos_ < text_.size() ? text_[pos_] : '\0';
        if (quote == '"' || quote == '\'') {
            Set(key, ParseQuoted(key, quote));
        } else {
            Set(key, ParseUnquoted(key, separator + 1));
        }
    }

    void CheckKey(const std::string& key, std::size_t key_begin, std::size_t separator) const {
        if (key.empty()) {
            const std::string what = separator < text_.size() && text_[separator] != '\n'
                                         ? "before \"" + std::string(1, text_[separator]) + "\""
                                         : "on this line";
            throw LoadError(MarkAt(key_begin), "missing variable name " + what);
        }
        if (!std::all_of(key.begin(), key.end(), IsKeyChar)) {
            throw LoadError(
                MarkAt(key_begin),
                "invalid variable name \"" + key + R"(": a name may only contain letters, digits, "_", "." and "-")");
        }
    }

    // Up to the end of the line; " #" (blank then hash) starts a comment, so "a#b" keeps its hash
    // and "KEY= # note" is empty, as Docker's .env documentation says.
    std::string ParseUnquoted(const std::string& key, std::size_t after_separator) {
        const std::size_t end = LineEnd(pos_);
        std::size_t cut = end;
        for (std::size_t i = after_separator; i < end; ++i) {
            if (text_[i] == '#' && i > after_separator && IsBlank(text_[i - 1])) {
                cut = i;
                break;
            }
        }
        const std::size_t begin = std::min(pos_, cut);
        const std::string_view raw = TrimBlanks(std::string_view(text_).substr(begin, cut - begin));
        pos_ = end;
        return Interpolate(key, raw, begin, /*exact_offsets=*/true);
    }

    // Single quotes are literal except for \' ; double quotes take escapes and interpolate. Both
    // may span lines. compose-go: an escaped quote drops its backslash in either kind.
    std::string ParseQuoted(const std::string& key, char quote) {
        const std::size_t open = pos_;
        std::string value;
        std::size_t i = open + 1;
        for (; i < text_.size() && text_[i] != quote; ++i) {
            if (text_[i] != '\\' || i + 1 >= text_.size()) {
                value += text_[i];
            } else if (quote == '\'') {
                value += text_[i + 1] == '\'' ? "'" : std::string_view(text_).substr(i, 2);
                ++i;
            } else {
                value += DoubleQuotedEscape(text_[++i]);
            }
        }
        if (i >= text_.size()) {
            throw LoadError(MarkAt(open),
                            std::string("the value of \"") + key + "\" opens a " +
                                (quote == '"' ? "double" : "single") + " quote that is never closed; add a closing " +
                                quote);
        }
        pos_ = i + 1;
        ExpectLineEnd(key);
        return quote == '"' ? Interpolate(key, value, open, /*exact_offsets=*/false) : value;
    }

    // "\$" becomes "$$", so the interpolation that follows yields a literal '$'. Unknown escapes
    // keep their backslash, as in compose-go.
    static std::string DoubleQuotedEscape(char c) {
        switch (c) {
            case 'n':
                return "\n";
            case 'r':
                return "\r";
            case 't':
                return "\t";
            case 'a':
                return "\a";
            case 'b':
                return "\b";
            case 'f':
                return "\f";
            case 'v':
                return "\v";
            case '\\':
                return "\\";
            case '"':
                return "\"";
            case '$':
                return "$$";
            default:
                return std::string("\\") + c;
        }
    }

    // After a closing quote only blanks and a comment may follow on the line.
    void ExpectLineEnd(const std::string& key) {
        while (pos_ < text_.size() && IsBlank(text_[pos_])) {
            ++pos_;
        }
        if (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '#') {
            throw LoadError(MarkAt(pos_),
                            "unexpected text after the quoted value of \"" + key +
                                R"("; start a comment with "#" or quote the whole value)");
        }
        pos_ = LineEnd(pos_);
    }

    // Earlier variables of the file are visible, but the lookup (the OS environment) wins, as in
    // compose-go since compose-spec/compose-go#403.
    std::string Interpolate(const std::string& key, std::string_view value, std::size_t at, bool exact_offsets) {
        const Lookup lookup = [this](std::string_view name) -> std::optional<std::string> {
            if (std::optional<std::string> found = lookup_(name)) {
                return found;
            }
            if (auto it = values_.find(name); it != values_.end()) {
                return it->second;
            }
            return std::nullopt;
        };
        try {
            return Substitute(value, lookup).text;
        } catch (const TemplateError& e) {
            // Offsets into a quoted value no longer match the text once escapes are undone.
            throw LoadError(MarkAt(exact_offsets ? at + e.offset() : at), key + ": " + e.what());
        }
    }

    void Set(const std::string& key, std::string value) {
        if (values_.insert_or_assign(key, value).second) {
            pairs_.emplace_back(key, std::move(value));
            return;
        }
        // A later duplicate overrides the value but keeps the first position.
        auto it = std::find_if(pairs_.begin(), pairs_.end(), [&](const auto& pair) { return pair.first == key; });
        it->second = std::move(value);
    }

    std::size_t LineEnd(std::size_t from) const { return std::min(text_.find('\n', from), text_.size()); }

    model::Mark MarkAt(std::size_t offset) const {
        const std::string_view before = std::string_view(text_).substr(0, offset);
        const std::size_t line_start = before.rfind('\n');
        const std::size_t column = line_start == std::string_view::npos ? offset : offset - line_start - 1;
        return model::Mark{
            file_, static_cast<int>(std::count(before.begin(), before.end(), '\n')) + 1, static_cast<int>(column) + 1};
    }

    std::string text_;
    std::shared_ptr<const std::string> file_;
    const Lookup& lookup_;
    std::size_t pos_ = 0;
    EnvPairs pairs_;
    std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace

EnvPairs ParseDotenv(std::string_view text, const std::string& file_name, const Lookup& lookup) {
    return DotenvParser(text, file_name, lookup).Parse();
}

}  // namespace compose::loader
