#include "compose/loader/yaml_reader.hpp"

#include <cstdio>
#include <new>
#include <optional>
#include <utility>

#include <yaml.h>

#include "compose/loader/load_error.hpp"
#include "compose/loader/yaml_source.hpp"
#include "compose/loader/yaml_tree_builder.hpp"

namespace compose::loader {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string FormatSize(std::size_t bytes) {
    constexpr double kMiB = 1024.0 * 1024.0;
    if (bytes < 1024 * 1024) {
        return std::to_string(bytes) + " bytes";
    }
    if (bytes % (1024 * 1024) == 0) {
        return std::to_string(bytes / (1024 * 1024)) + " MiB";
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / kMiB);
    return buf;
}

bool InRange(unsigned char c, unsigned char lo, unsigned char hi) {
    return c >= lo && c <= hi;
}

// The offset of the first NUL byte or invalid UTF-8 sequence (RFC 3629: no overlong forms,
// no surrogates, nothing above U+10FFFF), or npos for clean text.
std::size_t FindBinaryByte(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c == 0) {
            return i;
        }
        if (c < 0x80) {
            ++i;
            continue;
        }
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        std::size_t length = 0;
        if (InRange(c, 0xC2, 0xDF)) {
            length = 2;
        } else if (InRange(c, 0xE0, 0xEF)) {
            length = 3;
            lo = c == 0xE0 ? 0xA0 : 0x80;
            hi = c == 0xED ? 0x9F : 0xBF;
        } else if (InRange(c, 0xF0, 0xF4)) {
            length = 4;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return i;
        }
        if (i + length > text.size() || !InRange(static_cast<unsigned char>(text[i + 1]), lo, hi)) {
            return i;
        }
        for (std::size_t k = 2; k < length; ++k) {
            if (!InRange(static_cast<unsigned char>(text[i + k]), 0x80, 0xBF)) {
                return i;
            }
        }
        i += length;
    }
    return std::string_view::npos;
}

std::string_view LineAt(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t start = offset == 0 ? 0 : text.rfind('\n', offset - 1);
    start = start == std::string_view::npos || offset == 0 ? 0 : start + 1;
    std::size_t end = text.find('\n', offset);
    return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

// The offset of a tab in the indentation of the line holding `offset`, or npos. libyaml
// reports such a tab as a character that cannot start a token or one that violates the
// indentation, at the tab's own line.
std::size_t FindIndentTab(std::string_view text, std::size_t offset) {
    std::string_view line = LineAt(text, offset);
    std::size_t start = static_cast<std::size_t>(line.data() - text.data());
    std::size_t indent_end = line.find_first_not_of(" \t");
    std::size_t tab = line.substr(0, indent_end).find('\t');
    return tab == std::string_view::npos ? tab : start + tab;
}

// Skips a block scalar's header line and its content: the lines after it that are blank or
// indented deeper than the line holding the header.
std::size_t SkipBlockScalar(std::string_view text, std::size_t i) {
    std::size_t line_start = i == 0 ? 0 : text.rfind('\n', i - 1);
    line_start = line_start == std::string_view::npos || i == 0 ? 0 : line_start + 1;
    std::size_t indent = text.find_first_not_of(' ', line_start) - line_start;
    i = text.find('\n', i);
    while (i < text.size()) {
        std::size_t next = i + 1;
        std::size_t content = text.find_first_not_of(" \t\r", next);
        if (content < text.size() && text[content] != '\n' && content - next <= indent) {
            return next;
        }
        i = text.find('\n', next);
    }
    return text.size();
}

struct FlowProblem {
    std::size_t offset = 0;
    bool too_deep = false;  // else too many entries
};

// Fails fast, before any parsing, on flow collections nested or filled beyond the limits: this
// scan finds flow nesting and counts flow entries (each `,` separates nodes) cheaply. It
// follows quotes, comments and block scalars, and reads a `[` or `{` as an opener only where a
// node may start, so it errs only on text with hundreds of unmatched brackets.
std::optional<FlowProblem> FindFlowProblem(std::string_view text, const YamlLimits& limits) {
    auto is_blank = [&](std::size_t k) {
        return k >= text.size() || text[k] == ' ' || text[k] == '\t' || text[k] == '\r' || text[k] == '\n';
    };
    int depth = 0;
    std::size_t entries = 0;
    bool node_start = true;
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (c == '\n') {
            node_start = node_start || depth == 0;
            ++i;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            ++i;
        } else if (c == '#' && (i == 0 || is_blank(i - 1))) {
            i = std::min(text.size(), text.find('\n', i));
        } else if (node_start && (c == '"' || c == '\'')) {
            i = std::min(text.size(), QuotedEnd(text, i));
            node_start = false;
        } else if (node_start && (c == '!' || c == '&')) {
            i = std::min(text.size(), text.find_first_of(" \t\r\n,[]{}", i + 1));
        } else if (node_start && depth == 0 && (c == '|' || c == '>')) {
            i = SkipBlockScalar(text, i);
        } else if ((c == '[' || c == '{') && (node_start || depth > 0)) {
            if (++depth > limits.max_depth) {
                return FlowProblem{i, true};
            }
            node_start = true;
            ++i;
        } else {
            bool indicator = (c == ':' || c == '?' || c == '-') && is_blank(i + 1);
            if ((c == ']' || c == '}') && depth > 0) {
                --depth;
            }
            node_start = indicator || (c == ',' && depth > 0);
            if (c == ',' && depth > 0 && ++entries > limits.max_nodes) {
                return FlowProblem{i, false};
            }
            ++i;
        }
    }
    return std::nullopt;
}

// Owns a libyaml parser reading `text`, which must outlive it.
class Parser final {
  public:
    explicit Parser(std::string_view text) {
        if (yaml_parser_initialize(&parser_) == 0) {
            throw std::bad_alloc();
        }
        yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    }
    ~Parser() { yaml_parser_delete(&parser_); }
    Parser(const Parser&) = delete;
    Parser& operator=(const Parser&) = delete;

    const yaml_parser_t& state() const { return parser_; }

    /// The next event into `event`; false on a syntax error, described by state().
    bool Next(yaml_event_t& event) { return yaml_parser_parse(&parser_, &event) != 0; }

  private:
    yaml_parser_t parser_{};
};

// Owns one event; libyaml zeroes it before parsing, so deleting is right even after an error.
class Event final {
  public:
    Event() = default;
    ~Event() { yaml_event_delete(&event_); }
    Event(const Event&) = delete;
    Event& operator=(const Event&) = delete;

    yaml_event_t& get() { return event_; }

  private:
    yaml_event_t event_{};
};

std::string CodePoint(unsigned value) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", value);
    return buf;
}

// libyaml's problem and context strings are fixed literals; the common ones get our wording.
std::string DescribeSyntaxError(std::string_view problem,
                                std::string_view context,
                                const model::Mark& context_mark,
                                char found) {
    // The error's own mark names the file; the other place needs only line and column.
    std::string context_at = std::to_string(context_mark.line) + ":" + std::to_string(context_mark.column);
    const std::string indentation = " (check the indentation of this line and the ones above)";
    if (problem == "did not find expected <document start>") {
        // After a `...` end marker, any content is a second document.
        return SecondDocumentMessage();
    }
    if (problem == "did not find expected ',' or ']'") {
        return "invalid YAML: a `[` list is not closed, or a `,` is missing";
    }
    if (problem == "did not find expected ',' or '}'") {
        return "invalid YAML: a `{` mapping is not closed, or a `,` is missing";
    }
    if (problem == "mapping values are not allowed in this context") {
        return "invalid YAML: unexpected `:` (quote a value that contains \": \")";
    }
    if (problem == "did not find expected key") {
        return "invalid YAML: expected a key of the mapping that starts at " + context_at + indentation;
    }
    if (problem == "did not find expected '-' indicator") {
        return "invalid YAML: expected a `-` item of the list that starts at " + context_at + indentation;
    }
    if (problem == "found character that cannot start any token" && (found == '@' || found == '`')) {
        return std::string("invalid YAML: a plain value cannot start with `") + found + "`; quote it";
    }
    if (problem == "found unknown escape character") {
        return "invalid YAML: unknown escape in a double-quoted string; write `\\\\` for a backslash, or use single "
               "quotes";
    }
    std::string message = "invalid YAML: " + std::string(problem);
    if (!context.empty()) {
        message += " (" + std::string(context) + " at " + context_at + ")";
    }
    return message;
}

[[noreturn]] void ThrowParserError(const yaml_parser_t& parser, SourceMarks& marks, std::size_t bom_bytes) {
    std::string_view problem = parser.problem != nullptr ? parser.problem : "unknown error";
    std::string_view context = parser.context != nullptr ? parser.context : "";
    if (parser.error == YAML_MEMORY_ERROR) {
        throw std::bad_alloc();
    }
    if (parser.error == YAML_READER_ERROR) {
        // Invalid UTF-8 and NUL were refused before parsing; what is left are control characters.
        std::string where = "at byte " + std::to_string(parser.problem_offset + 1 + bom_bytes);
        if (parser.problem_value >= 0) {
            throw LoadError(marks.AtOffset(parser.problem_offset),
                            "invalid YAML: control character " +
                                CodePoint(static_cast<unsigned>(parser.problem_value)) + " " + where +
                                "; remove it, or write it as an escape in a double-quoted string");
        }
        throw LoadError(marks.AtOffset(parser.problem_offset), "invalid YAML: " + std::string(problem) + " " + where);
    }
    model::Mark context_mark = marks.AtIndex(parser.context_mark.index);
    if (context == "while scanning a quoted scalar" &&
        (problem == "found unexpected end of stream" || problem == "found unexpected document indicator")) {
        throw LoadError(context_mark, "invalid YAML: a quoted string is not closed");
    }
    if (problem == "could not find expected ':'") {
        throw LoadError(context_mark,
                        "invalid YAML: expected a `:` after this key, or the lines below are indented wrongly");
    }
    model::Mark problem_mark = marks.AtIndex(parser.problem_mark.index);
    std::string_view text = marks.text();
    std::size_t offset = marks.last_offset();
    if (std::size_t tab = FindIndentTab(text, offset); tab != std::string_view::npos) {
        throw LoadError(marks.AtOffset(tab), "tab character in indentation; YAML indents with spaces only");
    }
    char found = offset < text.size() ? text[offset] : '\0';
    throw LoadError(problem_mark, DescribeSyntaxError(problem, context, context_mark, found));
}

}  // namespace

model::Value ReadYaml(std::string_view text, std::shared_ptr<const std::string> file_name, const YamlLimits& limits) {
    if (text.size() > limits.max_bytes) {
        throw LoadError(model::Mark{file_name, 1, 1},
                        "file is " + FormatSize(text.size()) + ", larger than the " + FormatSize(limits.max_bytes) +
                            " limit for a compose file");
    }
    // Byte offsets in messages count the BOM, marks do not: editors hide it.
    bool has_bom = text.substr(0, kBom.size()) == kBom;
    if (has_bom) {
        text.remove_prefix(kBom.size());
    }
    if (std::size_t bad = FindBinaryByte(text); bad != std::string_view::npos) {
        SourceMarks marks(text, file_name);
        std::size_t byte = bad + 1 + (has_bom ? kBom.size() : 0);
        throw LoadError(marks.AtOffset(bad), "not a text file (binary data at byte " + std::to_string(byte) + ")");
    }
    SourceMarks marks(text, file_name);
    if (auto problem = FindFlowProblem(text, limits)) {
        throw LoadError(marks.AtOffset(problem->offset),
                        problem->too_deep ? NestingTooDeepMessage(limits) : TooManyNodesMessage(limits));
    }
    YamlTreeBuilder builder(marks, limits);
    Parser parser(text);
    for (;;) {
        Event event;
        if (!parser.Next(event.get())) {
            ThrowParserError(parser.state(), marks, has_bom ? kBom.size() : 0);
        }
        if (event.get().type == YAML_STREAM_END_EVENT) {
            break;
        }
        builder.OnEvent(event.get());
    }
    model::Value root = builder.TakeRoot();
    if (!root.mark.Known()) {
        root.mark = model::Mark{std::move(file_name), 1, 1};
    }
    return root;
}

}  // namespace compose::loader
