#include "compose/loader/interpolation.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "compose/loader/interpolation_casts.hpp"
#include "compose/loader/load_error.hpp"

namespace compose::loader {
namespace {

bool IsNameStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsNameChar(char c) {
    return IsNameStart(c) || (c >= '0' && c <= '9');
}

std::string Quoted(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

// One code point from `pos`, so a message never cuts a UTF-8 sequence in half.
std::string_view CodePointAt(std::string_view text, std::size_t pos) {
    std::size_t end = pos + 1;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
        ++end;
    }
    return text.substr(pos, end - pos);
}

std::string RequiredMessage(std::string_view name, const std::string& reason) {
    std::string message = "required variable " + std::string(name) + " is missing a value";
    return reason.empty() ? message : message + ": " + reason;
}

// Expands one template. The text is walked once, recursing into nested ${...}. A part whose
// value is not needed (the default of a set variable, say) is still parsed, so a malformed
// template fails wherever it is, but it looks nothing up, reports no unset variable and raises
// no "required" error: defaults are lazy.
//
// A '$' that starts neither a name, a brace nor "$$" ("$ 5", "$1", "$}", a trailing '$') stays
// literal: current compose-go keeps such text as it is (its tests: "a $ string", "^REGEX$",
// "$}") and only an opened "${" must be well-formed.
//
// Braces nest through "${" only: inside an argument, a bare '{' is text and the first '}' that
// no "${" opened ends the expression, so "${A:-{x}}" is "{x" followed by a literal "}".
class Expander final {
  public:
    Expander(std::string_view text, const Lookup& lookup) : text_(text), lookup_(lookup) {}

    Substitution Run() {
        Substitution result;
        result.text = ExpandWord(0, /*nested=*/false, /*evaluate=*/true).text;
        result.unset = std::move(unset_);
        return result;
    }

  private:
    struct Piece {
        std::string text;
        std::size_t end;  // Index just past the piece, or of the '}' that ended a nested word.
    };

    // Expands from `pos` to the end of the text or, when nested, to the '}' that closes the
    // enclosing "${" (left unconsumed).
    Piece ExpandWord(std::size_t pos, bool nested, bool evaluate) {
        std::string out;
        const std::string_view stops = nested ? "$}" : "$";
        while (pos < text_.size()) {
            if (nested && text_[pos] == '}') {
                break;
            }
            if (text_[pos] != '$') {
                const std::size_t next = std::min(text_.find_first_of(stops, pos), text_.size());
                out.append(text_.substr(pos, next - pos));
                pos = next;
                continue;
            }
            Piece piece = ExpandDollar(pos, evaluate);
            out += piece.text;
            pos = piece.end;
        }
        return {std::move(out), pos};
    }

    Piece ExpandDollar(std::size_t dollar, bool evaluate) {
        const std::size_t next = dollar + 1;
        if (next >= text_.size()) {
            return {"$", next};
        }
        const char c = text_[next];
        if (c == '$') {
            return {"$", next + 1};
        }
        if (c == '{') {
            return ExpandBraced(dollar, evaluate);
        }
        if (!IsNameStart(c)) {
            return {"$", next};
        }
        std::size_t end = next + 1;
        while (end < text_.size() && IsNameChar(text_[end])) {
            ++end;
        }
        return {evaluate ? Resolve(text_.substr(next, end - next)) : std::string(), end};
    }

    Piece ExpandBraced(std::size_t dollar, bool evaluate) {
        const std::size_t close = FindClosingBrace(dollar);
        if (close == std::string_view::npos) {
            Fail(dollar, close, "missing closing brace");
        }
        const std::size_t name_begin = dollar + 2;
        std::size_t op = name_begin;
        if (IsNameStart(text_[op])) {
            while (IsNameChar(text_[++op])) {
            }
        }
        const std::string_view name = text_.substr(name_begin, op - name_begin);
        if (name.empty()) {
            Fail(dollar,
                 close,
                 op == close
                     ? "missing variable name"
                     : "a variable name must start with a letter or \"_\", not " + Quoted(CodePointAt(text_, op)));
        }
        if (op == close) {
            return {evaluate ? Resolve(name) : std::string(), close + 1};
        }
        const bool colon = text_[op] == ':';
        const std::size_t kind_at = colon ? op + 1 : op;
        const char kind = kind_at < close ? text_[kind_at] : '}';
        if (kind != '-' && kind != '?' && kind != '+') {
            std::string part = colon ? ":" : std::string(CodePointAt(text_, op));
            if (colon && kind_at < close) {
                part += CodePointAt(text_, kind_at);
            }
            Fail(dollar,
                 close,
                 "unexpected " + Quoted(part) + " after variable name " + Quoted(name) +
                     " (operators are :-, -, :?, ?, :+ and +)");
        }
        return ApplyOperator(dollar, name, colon, kind, kind_at + 1, evaluate);
    }

    // ${name:-arg} ${name-arg} ${name:?arg} ${name?arg} ${name:+arg} ${name+arg}.
    Piece ApplyOperator(
        std::size_t dollar, std::string_view name, bool colon, char kind, std::size_t arg_begin, bool evaluate) {
        const std::optional<std::string> value = evaluate ? lookup_(name) : std::nullopt;
        // With a colon an empty value counts as missing, as in the shell.
        const bool present = value.has_value() && (!colon || !value->empty());
        const bool use_arg = evaluate && (kind == '+' ? present : !present);
        Piece arg = ExpandWord(arg_begin, /*nested=*/true, use_arg);
        const std::size_t end = arg.end + 1;
        switch (kind) {
            case '-':
                return {present ? *value : arg.text, end};
            case '+':
                return {present ? arg.text : std::string(), end};
            default:
                if (use_arg) {
                    throw TemplateError(RequiredMessage(name, arg.text), dollar);
                }
                return {value.value_or(std::string()), end};
        }
    }

    // The '}' that closes the "${" at `dollar`, counting nested "${" and skipping "$$"; npos
    // when there is none. Must agree with ExpandWord, which stops at the same brace.
    std::size_t FindClosingBrace(std::size_t dollar) const {
        int depth = 0;
        for (std::size_t i = dollar + 2; i < text_.size(); ++i) {
            if (text_[i] == '$' && i + 1 < text_.size() && (text_[i + 1] == '$' || text_[i + 1] == '{')) {
                depth += text_[i + 1] == '{' ? 1 : 0;
                ++i;
            } else if (text_[i] == '}') {
                if (depth == 0) {
                    return i;
                }
                --depth;
            }
        }
        return std::string_view::npos;
    }

    std::string Resolve(std::string_view name) {
        std::optional<std::string> value = lookup_(name);
        if (value) {
            return std::move(*value);
        }
        if (std::find(unset_.begin(), unset_.end(), name) == unset_.end()) {
            unset_.emplace_back(name);
        }
        return {};
    }

    [[noreturn]] void Fail(std::size_t dollar, std::size_t close, const std::string& reason) const {
        const std::size_t length = close == std::string_view::npos ? close : close - dollar + 1;
        throw TemplateError("invalid interpolation format for " + Quoted(text_.substr(dollar, length)) + ": " + reason,
                            dollar);
    }

    std::string_view text_;
    const Lookup& lookup_;
    std::vector<std::string> unset_;
};

// Interpolates every string of a tree, building the "services.web.ports[0]" path as it goes so
// an error can say where it is.
class TreeInterpolator final {
  public:
    TreeInterpolator(const Lookup& lookup, Warnings& warnings) : lookup_(lookup), warnings_(warnings) {}

    void Walk(model::Value& value, std::string& path) {
        const std::size_t length = path.size();
        if (value.IsString()) {
            Interpolate(value, path);
        } else if (value.IsSeq()) {
            model::Value::Seq& items = value.AsSeq();
            for (std::size_t i = 0; i < items.size(); ++i) {
                path += "[" + std::to_string(i) + "]";
                Walk(items[i], path);
                path.resize(length);
            }
        } else if (value.IsMap()) {
            for (auto& [key, child] : value.AsMap()) {
                path += path.empty() ? key : "." + key;
                Walk(child, path);
                path.resize(length);
            }
        }
    }

  private:
    void Interpolate(model::Value& value, const std::string& path) {
        std::string& text = value.AsString();
        if (text.find('$') == std::string::npos) {
            return;
        }
        Substitution result;
        try {
            result = Substitute(text, lookup_);
        } catch (const TemplateError& e) {
            model::Mark mark = value.mark;
            // The offset maps to a column only while the scalar sits on one line. A quoted
            // scalar's mark is its quote, so the column is one short there: close enough.
            if (mark.Known() && text.find('\n') == std::string::npos) {
                mark.column += static_cast<int>(e.offset());
            }
            throw LoadError(mark, path.empty() ? std::string(e.what()) : path + ": " + e.what());
        }
        text = std::move(result.text);
        for (const std::string& name : result.unset) {
            warnings_.Add("the \"" + name + "\" variable is not set. Defaulting to a blank string.");
        }
    }

    const Lookup& lookup_;
    Warnings& warnings_;
};

}  // namespace

Substitution Substitute(std::string_view text, const Lookup& lookup) {
    return Expander(text, lookup).Run();
}

void InterpolateTree(model::Value& root, const Lookup& lookup, Warnings& warnings) {
    std::string path;
    TreeInterpolator(lookup, warnings).Walk(root, path);
    CastTypedPaths(root, warnings);
}

}  // namespace compose::loader
