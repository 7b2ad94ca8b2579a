#include <stdexcept>

#include "compose/loader/json_schema_compiled.hpp"

namespace compose::loader::impl {
namespace {

constexpr std::string_view kRegexSyntax = "\\^$.|?*+()[]{}";

bool IsLiteral(std::string_view text) {
    return text.find_first_of(kRegexSyntax) == std::string_view::npos;
}

bool IsLineBreak(char c) {
    return c == '\n' || c == '\r';
}

// Parses the body of "[...]" made only of plain characters and ranges (no escapes, no
// negation, no nested classes). Empty result: not that simple, use std::regex.
std::bitset<256> SimpleClass(std::string_view body) {
    std::bitset<256> set;
    if (body.empty() || body.front() == '^' || body.find_first_of("\\[]") != std::string_view::npos) {
        return {};
    }
    for (std::size_t i = 0; i < body.size(); ++i) {
        const auto from = static_cast<unsigned char>(body[i]);
        if (i + 2 < body.size() && body[i + 1] == '-') {
            const auto to = static_cast<unsigned char>(body[i + 2]);
            if (to < from) {
                return {};
            }
            for (unsigned c = from; c <= to; ++c) {
                set.set(c);
            }
            i += 2;
        } else {
            set.set(from);
        }
    }
    return set;
}

}  // namespace

SchemaPattern::SchemaPattern(std::string source) : source_(std::move(source)) {
    try {
        regex_ = std::regex(source_, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
        throw std::runtime_error("invalid JSON schema: bad pattern \"" + source_ + "\": " + e.what());
    }
    const std::string_view s = source_;
    if (IsLiteral(s)) {
        kind_ = Kind::kContains;
        literal_ = source_;
    } else if (s.front() == '^' && IsLiteral(s.substr(1))) {
        kind_ = Kind::kPrefix;
        literal_ = source_.substr(1);
    } else if (s == ".+") {
        kind_ = Kind::kAnyChar;
    } else if (s == "^.+$") {
        kind_ = Kind::kWholeLine;
    } else if (s.size() > 5 && s.substr(0, 2) == "^[" && s.substr(s.size() - 3) == "]+$") {
        class_ = SimpleClass(s.substr(2, s.size() - 5));
        if (class_.any()) {
            kind_ = Kind::kClassPlus;
        }
    }
}

bool SchemaPattern::Matches(std::string_view text) const {
    switch (kind_) {
        case Kind::kContains:
            return text.find(literal_) != std::string_view::npos;
        case Kind::kPrefix:
            return text.substr(0, literal_.size()) == literal_;
        case Kind::kAnyChar:
            // ECMAScript "." matches anything but a line terminator.
            for (char c : text) {
                if (!IsLineBreak(c)) {
                    return true;
                }
            }
            return false;
        case Kind::kWholeLine:
            for (char c : text) {
                if (IsLineBreak(c)) {
                    return false;
                }
            }
            return !text.empty();
        case Kind::kClassPlus:
            for (char c : text) {
                if (!class_.test(static_cast<unsigned char>(c))) {
                    return false;
                }
            }
            return !text.empty();
        case Kind::kRegex:
            break;
    }
    return std::regex_search(text.begin(), text.end(), regex_);
}

}  // namespace compose::loader::impl
