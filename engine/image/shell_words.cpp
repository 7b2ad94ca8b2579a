#include "engine/image/shell_words.hpp"

#include "engine/base/error.hpp"

namespace engine::image {
namespace {

bool IsSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool IsNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The lexer over one word; `pos_` moves forward only.
class WordLexer final {
  public:
    WordLexer(std::string_view word, const VariableLookup& lookup) : word_(word), lookup_(lookup) {}

    std::string Run() {
        std::string out;
        while (pos_ < word_.size()) {
            const char c = word_[pos_++];
            if (c == '\'') {
                out += SingleQuoted();
            } else if (c == '"') {
                out += DoubleQuoted();
            } else if (c == '\\') {
                if (pos_ < word_.size()) {
                    out += word_[pos_++];
                }
            } else if (c == '$') {
                out += Variable();
            } else {
                out += c;
            }
        }
        return out;
    }

  private:
    std::string SingleQuoted() {
        const std::size_t end = word_.find('\'', pos_);
        if (end == std::string_view::npos) {
            throw Error(Errc::kInvalidArgument, "unexpected end of statement while looking for matching single-quote");
        }
        std::string text(word_.substr(pos_, end - pos_));
        pos_ = end + 1;
        return text;
    }

    std::string DoubleQuoted() {
        std::string out;
        while (pos_ < word_.size()) {
            const char c = word_[pos_++];
            if (c == '"') {
                return out;
            }
            if (c == '\\' && pos_ < word_.size() && (word_[pos_] == '"' || word_[pos_] == '$' || word_[pos_] == '\\')) {
                out += word_[pos_++];
            } else if (c == '$') {
                out += Variable();
            } else {
                out += c;
            }
        }
        throw Error(Errc::kInvalidArgument, "unexpected end of statement while looking for matching double-quote");
    }

    std::string Lookup(std::string_view name) const {
        std::optional<std::string> value = lookup_ ? lookup_(name) : std::nullopt;
        return value.value_or("");
    }

    // After a '$': "${…}", "$NAME", or a literal '$' when neither follows.
    std::string Variable() {
        if (pos_ < word_.size() && word_[pos_] == '{') {
            return BracedVariable();
        }
        const std::size_t start = pos_;
        while (pos_ < word_.size() && IsNameChar(word_[pos_])) {
            ++pos_;
        }
        if (pos_ == start) {
            return "$";
        }
        return Lookup(word_.substr(start, pos_ - start));
    }

    std::string BracedVariable() {
        const std::size_t end = word_.find('}', pos_);
        if (end == std::string_view::npos) {
            throw Error(Errc::kInvalidArgument, "missing '}' in \"" + std::string(word_) + "\"");
        }
        const std::string_view inside = word_.substr(pos_ + 1, end - pos_ - 1);
        pos_ = end + 1;
        const std::size_t colon = inside.find(':');
        const std::string_view name = inside.substr(0, colon);
        const std::optional<std::string> value = lookup_ ? lookup_(name) : std::nullopt;
        if (colon == std::string_view::npos) {
            return value.value_or("");
        }
        const std::string_view modifier = inside.substr(colon + 1);
        const std::string alternative =
            ProcessWord(modifier.substr(std::min<std::size_t>(1, modifier.size())), lookup_);
        if (modifier.starts_with('-')) {
            return value && !value->empty() ? *value : alternative;
        }
        if (modifier.starts_with('+')) {
            return value && !value->empty() ? alternative : "";
        }
        throw Error(Errc::kInvalidArgument,
                    "unsupported modifier (" + std::string(modifier.substr(0, 1)) + ") in substitution \"${" +
                        std::string(inside) + "}\"");
    }

    std::string_view word_;
    const VariableLookup& lookup_;
    std::size_t pos_ = 0;
};

}  // namespace

std::vector<std::string> SplitWords(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    bool blank_ok = false;  // a quoted empty word ("") still counts
    char quote = 0;
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
        const char c = text[pos];
        if (quote == 0 && IsSpace(c)) {
            if (in_word && (blank_ok || !word.empty())) {
                words.push_back(word);
            }
            word.clear();
            in_word = blank_ok = false;
            continue;
        }
        in_word = true;
        if (quote == 0 && (c == '\'' || c == '"')) {
            quote = c;
            blank_ok = true;
        } else if (quote != 0 && c == quote) {
            quote = 0;
        }
        // An escape keeps the next character with it (except inside single quotes).
        if (c == '\\' && quote != '\'') {
            if (pos + 1 < text.size()) {
                word += c;
                word += text[++pos];
            }
            continue;  // an escape at the very end is dropped, as moby does
        }
        word += c;
    }
    if (in_word && (blank_ok || !word.empty())) {
        words.push_back(word);
    }
    return words;
}

std::string ProcessWord(std::string_view word, const VariableLookup& lookup) {
    return WordLexer(word, lookup).Run();
}

}  // namespace engine::image
