#include "compose/loader/json_schema_messages.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace compose::loader::impl {
namespace {

// A typo fix further than this is a guess, not a suggestion.
constexpr std::size_t kMaxSuggestDistance = 2;

std::string WithArticle(std::string_view name) {
    if (name == "null") {
        return "null";
    }
    const bool vowel = !name.empty() && std::string_view("aeiou").find(name.front()) != std::string_view::npos;
    return (vowel ? "an " : "a ") + std::string(name);
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::string WithPath(const std::string& path, std::string message) {
    return path.empty() ? message : path + ": " + message;
}

std::string IndexText(std::size_t index) {
    // Appending, not "[" + ... + "]": GCC 12 -O3 reports a bogus -Wrestrict on the latter.
    std::string out = "[";
    out += std::to_string(index);
    out += ']';
    return out;
}

std::string TypeList(const std::vector<std::string_view>& names) {
    std::string out;
    for (std::string_view name : names) {
        out += out.empty() ? WithArticle(name) : " or " + std::string(name);
    }
    return out;
}

std::string Describe(const model::Value& value) {
    return WithArticle(model::Value::KindName(value.kind()));
}

std::string Show(const model::Value& value) {
    if (value.IsString()) {
        return Quote(value.AsString());
    }
    if (value.IsNull()) {
        return "null";
    }
    return value.IsScalar() ? value.ScalarText() : Describe(value);
}

std::string Quote(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (static_cast<unsigned char>(c) < 0x20) {
            std::array<char, 8> buf{};
            auto res = std::to_chars(buf.data(), buf.data() + buf.size(), static_cast<int>(c), 16);
            out += "\\u00" + std::string(res.ptr - buf.data() < 2 ? "0" : "") + std::string(buf.data(), res.ptr);
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string NumberText(double number) {
    if (std::floor(number) == number && std::fabs(number) < 1e15) {
        return std::to_string(static_cast<long long>(number));
    }
    return model::Value(number).ScalarText();
}

std::string Plural(std::size_t count, std::string_view noun) {
    std::string out = std::to_string(count) + " ";
    if (count == 1) {
        return out + std::string(noun);
    }
    if (noun.size() > 1 && noun.back() == 'y') {
        return out + std::string(noun.substr(0, noun.size() - 1)) + "ies";
    }
    return out + std::string(noun) + "s";
}

std::string Has(std::size_t count) {
    return " (has " + std::to_string(count) + ")";
}

std::string Hint(const SchemaNode& node, std::string_view key) {
    const std::string* best = nullptr;
    std::size_t best_distance = kMaxSuggestDistance + 1;
    for (const PropertyRule& property : node.properties) {
        const std::size_t distance = EditDistance(key, property.name);
        // Ties keep the alphabetically first name: properties are sorted.
        if (distance < best_distance && distance < key.size()) {
            best = &property.name;
            best_distance = distance;
        }
    }
    if (best != nullptr) {
        return " (did you mean " + Quote(*best) + "?)";
    }
    if (!node.properties.empty() || node.pattern_properties.empty()) {
        return {};
    }
    std::string patterns;
    for (const PatternRule& rule : node.pattern_properties) {
        patterns += (patterns.empty() ? "" : " or ") + rule.pattern.source();
    }
    return " (names must match " + patterns + ")";
}

}  // namespace compose::loader::impl
