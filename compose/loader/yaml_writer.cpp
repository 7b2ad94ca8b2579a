#include "compose/loader/yaml_writer.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "compose/loader/yaml_scalar.hpp"

namespace compose::loader {
namespace {

using model::Value;

bool IsKeyword(std::string_view text) {
    // YAML 1.2 core-schema words plus the YAML 1.1 booleans PyYAML-based tools still read.
    static constexpr std::array<std::string_view, 14> kWords = {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf", "-.inf", "+.inf", ".nan"};
    if (text.size() > 5) {
        return false;
    }
    auto same = [text](std::string_view word) {
        return word.size() == text.size() && std::equal(word.begin(), word.end(), text.begin(), [](char a, char b) {
                   return a == std::tolower(static_cast<unsigned char>(b));
               });
    };
    return std::any_of(kWords.begin(), kWords.end(), same);
}

bool NeedsQuotes(std::string_view text) {
    if (text.empty() || IsKeyword(text)) {
        return true;
    }
    // Only text starting like a number can resolve to one; words were checked above.
    if (std::isalpha(static_cast<unsigned char>(text.front())) == 0 && !ResolvePlainScalar(text).IsString()) {
        return true;
    }
    // Digits with separators ("1:30", "1_000", "127.0.0.1") are numbers to YAML 1.1 readers.
    if (text.find_first_not_of("0123456789_:.+-eE") == std::string_view::npos &&
        text.find_first_of("0123456789") != std::string_view::npos) {
        return true;
    }
    const unsigned char first = text.front();
    // "-" or "- x" would start a sequence entry; "---" and "..." can mark documents.
    if (text.starts_with("---") || text.starts_with("...") || first == ' ' || text.back() == ' ' ||
        text.back() == ':' || (first == '-' && (text.size() == 1 || text[1] == ' '))) {
        return true;
    }
    static constexpr std::string_view kIndicators = "?:,[]{}#&*!|>'\"%@`";
    if (kIndicators.find(static_cast<char>(first)) != std::string_view::npos) {
        return true;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = text[i];
        if (c < 0x20 || c == 0x7f) {
            return true;
        }
        if ((c == ':' && i + 1 < text.size() && text[i + 1] == ' ') || (c == '#' && i > 0 && text[i - 1] == ' ')) {
            return true;
        }
    }
    return false;
}

std::string DoubleQuoted(std::string_view text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    static constexpr std::string_view kHex = "0123456789abcdef";
                    out += "\\x";
                    out += kHex[c >> 4U];
                    out += kHex[c & 0xfU];
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

class YamlWriter final {
  public:
    explicit YamlWriter(const WriteOptions& options) : options_(options) {}

    std::string Write(const Value& root) {
        if (root.IsMap() && !root.AsMap().empty()) {
            WriteMapBody(root, 0);
        } else if (root.IsSeq() && !root.AsSeq().empty()) {
            WriteSeqBody(root, 0);
        } else {
            out_ += Inline(root) + "\n";
        }
        return std::move(out_);
    }

  private:
    std::string String(std::string_view text) const {
        std::string escaped = options_.escape_dollars ? EscapeDollars(text) : std::string(text);
        return NeedsQuotes(escaped) ? DoubleQuoted(escaped) : escaped;
    }

    static std::string Key(std::string_view key) { return NeedsQuotes(key) ? DoubleQuoted(key) : std::string(key); }

    // Scalars and empty collections, which fit on the line of their key or dash.
    std::string Inline(const Value& value) const {
        switch (value.kind()) {
            case Value::Kind::kNull:
                return "null";
            case Value::Kind::kString:
                return String(value.AsString());
            case Value::Kind::kSeq:
                return "[]";
            case Value::Kind::kMap:
                return "{}";
            case Value::Kind::kFloat: {
                std::string text = value.ScalarText();
                // Keep floats floats: "2" would read back as an integer.
                if (text.find_first_of(".eEn") == std::string::npos) {
                    text += ".0";
                }
                return text;
            }
            default:
                return value.ScalarText();
        }
    }

    static bool IsBlock(const Value& value) {
        return (value.IsMap() && !value.AsMap().empty()) || (value.IsSeq() && !value.AsSeq().empty());
    }

    void Indent(int depth) { out_.append(static_cast<std::size_t>(depth) * 2, ' '); }

    void WriteMapBody(const Value& map, int depth) {
        for (const auto& [key, child] : map.AsMap()) {
            Indent(depth);
            out_ += Key(key);
            out_ += ':';
            WriteChild(child, depth + 1);
        }
    }

    void WriteSeqBody(const Value& seq, int depth) {
        for (const Value& item : seq.AsSeq()) {
            Indent(depth);
            out_ += "-";
            if (item.IsMap() && !item.AsMap().empty()) {
                // "- key: value" with the rest of the map aligned under the first key.
                bool first = true;
                for (const auto& [key, child] : item.AsMap()) {
                    if (!first) {
                        Indent(depth + 1);
                    } else {
                        out_ += ' ';
                    }
                    first = false;
                    out_ += Key(key);
                    out_ += ':';
                    WriteChild(child, depth + 2);
                }
            } else {
                WriteChild(item, depth + 1);
            }
        }
    }

    void WriteChild(const Value& child, int depth) {
        if (!IsBlock(child)) {
            out_ += ' ';
            out_ += Inline(child);
            out_ += '\n';
            return;
        }
        out_ += "\n";
        if (child.IsMap()) {
            WriteMapBody(child, depth);
        } else {
            WriteSeqBody(child, depth);
        }
    }

    const WriteOptions& options_;
    std::string out_;
};

}  // namespace

std::string EscapeDollars(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        out += c;
        if (c == '$') {
            out += '$';
        }
    }
    return out;
}

std::string WriteYaml(const model::Value& value, const WriteOptions& options) {
    return YamlWriter(options).Write(value);
}

}  // namespace compose::loader
