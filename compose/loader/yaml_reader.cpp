#include "compose/loader/yaml_reader.hpp"

#include <cstdio>
#include <optional>
#include <sstream>
#include <utility>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

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

// The offset of a tab in the indentation of the line holding `offset` or of the line before
// (yaml-cpp often notices a tab-indented line only at the next token), or npos.
std::size_t FindIndentTab(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::string_view line = LineAt(text, offset);
    for (int tries = 0; tries < 2; ++tries) {
        std::size_t start = static_cast<std::size_t>(line.data() - text.data());
        std::size_t indent_end = line.find_first_not_of(" \t");
        std::size_t tab = line.substr(0, indent_end).find('\t');
        if (tab != std::string_view::npos) {
            return start + tab;
        }
        if (start == 0) {
            break;
        }
        line = LineAt(text, start - 1);
    }
    return std::string_view::npos;
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

// yaml-cpp queues every token of a flow collection until the collection closes, and only then
// do our events see its depth or size: 8 MiB of `[` would cost gigabytes before failing. This
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

std::string DescribeParserError(const std::string& msg) {
    namespace em = YAML::ErrorMsg;
    if (msg == em::END_OF_MAP || msg == em::END_OF_SEQ) {
        return "invalid YAML: " + msg + " (check the indentation of this line and the ones above)";
    }
    if (msg == em::END_OF_MAP_FLOW) {
        return "invalid YAML: a `{` mapping is not closed, or a `,` is missing";
    }
    if (msg == em::END_OF_SEQ_FLOW) {
        return "invalid YAML: a `[` list is not closed, or a `,` is missing";
    }
    if (msg == em::MAP_VALUE) {
        return "invalid YAML: unexpected `:` (quote a value that contains \": \")";
    }
    if (msg == em::EOF_IN_SCALAR) {
        return "invalid YAML: a quoted string is not closed";
    }
    return "invalid YAML: " + msg;
}

[[noreturn]] void ThrowParserError(const YAML::ParserException& error, SourceMarks& marks) {
    std::string_view text = marks.text();
    std::size_t offset = error.mark.pos >= 0 ? static_cast<std::size_t>(error.mark.pos) : text.size();
    if (std::size_t tab = FindIndentTab(text, offset); tab != std::string_view::npos) {
        throw LoadError(marks.AtOffset(tab), "tab character in indentation; YAML indents with spaces only");
    }
    if (error.msg.rfind(YAML::ErrorMsg::UNKNOWN_ANCHOR, 0) == 0) {
        throw LoadError(marks.At(error.mark), "unknown anchor \"" + AliasNameAt(text, error.mark.pos) + "\"");
    }
    throw LoadError(marks.At(error.mark), DescribeParserError(error.msg));
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
    std::istringstream input{std::string(text)};
    try {
        YAML::Parser parser(input);
        while (parser.HandleNextDocument(builder)) {
        }
    } catch (const YAML::DeepRecursion& error) {
        throw LoadError(
            marks.At(error.mark),
            "nesting deeper than " + std::to_string(error.depth() - 1) + " levels, the most the YAML parser accepts");
    } catch (const YAML::ParserException& error) {
        ThrowParserError(error, marks);
    }
    model::Value root = builder.TakeRoot();
    if (!root.mark.Known()) {
        root.mark = model::Mark{std::move(file_name), 1, 1};
    }
    return root;
}

}  // namespace compose::loader
