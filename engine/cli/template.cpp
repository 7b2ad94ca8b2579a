#include "engine/cli/template.hpp"

#include <algorithm>
#include <cctype>

#include "engine/base/error.hpp"
#include "engine/cli/template_ast.hpp"

namespace engine::cli {
namespace {

using detail::TemplateArg;
using detail::TemplateCommand;
using detail::TemplatePipeline;
using NodeList = std::vector<std::unique_ptr<Template::Node>>;

[[noreturn]] void ThrowParse(int line, const std::string& what) {
    throw Error(Errc::kInvalidArgument, "template parsing error: template: :" + std::to_string(line) + ": " + what);
}

// The template cut into text and action pieces, with {{- and -}} trimming already applied.
struct Piece {
    bool action = false;
    std::string text;
    int line = 1;
    int column = 1;
};

bool IsSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::vector<Piece> Cut(std::string_view text) {
    std::vector<Piece> pieces;
    std::size_t pos = 0;
    int line = 1;
    bool trim_next = false;
    while (pos <= text.size()) {
        const std::size_t open = text.find("{{", pos);
        std::string literal(text.substr(pos, open == std::string_view::npos ? std::string_view::npos : open - pos));
        if (trim_next) {
            literal.erase(0,
                          literal.find_first_not_of(" \t\r\n") == std::string::npos
                              ? literal.size()
                              : literal.find_first_not_of(" \t\r\n"));
        }
        const bool trim_before = open != std::string_view::npos && text.substr(open + 2).starts_with("- ");
        if (trim_before) {
            while (!literal.empty() && IsSpace(literal.back())) {
                literal.pop_back();
            }
        }
        if (!literal.empty()) {
            pieces.push_back({false, literal, line, 1});
        }
        for (std::size_t i = pos; i < (open == std::string_view::npos ? text.size() : open); ++i) {
            line += text[i] == '\n';
        }
        if (open == std::string_view::npos) {
            break;
        }
        const std::size_t close = text.find("}}", open + 2);
        if (close == std::string_view::npos) {
            ThrowParse(line, "unclosed action");
        }
        std::string_view inside = text.substr(open + 2, close - open - 2);
        if (trim_before) {
            inside.remove_prefix(2);
        }
        trim_next = inside.ends_with(" -");
        if (trim_next) {
            inside.remove_suffix(2);
        }
        const int column =
            static_cast<int>(open -
                             (text.rfind('\n', open) == std::string_view::npos ? 0 : text.rfind('\n', open) + 1)) +
            1;
        pieces.push_back({true, std::string(inside), line, column});
        pos = close + 2;
    }
    return pieces;
}

std::string ReadQuoted(std::string_view text, std::size_t& pos, int line) {
    const char quote = text[pos++];
    std::string value;
    while (pos < text.size() && text[pos] != quote) {
        char c = text[pos++];
        if (quote == '"' && c == '\\' && pos < text.size()) {
            const char escaped = text[pos++];
            c = escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped == 'r' ? '\r' : escaped;
        }
        value += c;
    }
    if (pos >= text.size()) {
        ThrowParse(line, "unterminated quoted string");
    }
    ++pos;
    return value;
}

bool IsIdentChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

TemplateArg ReadField(std::string_view text, std::size_t& pos) {
    TemplateArg arg;
    while (pos < text.size() && text[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        while (pos < text.size() && IsIdentChar(text[pos])) {
            ++pos;
        }
        if (pos > start) {
            arg.path.emplace_back(text.substr(start, pos - start));
        }
    }
    return arg;
}

TemplateArg ReadWord(std::string_view text, std::size_t& pos, int line) {
    const std::size_t start = pos;
    while (pos < text.size() && (IsIdentChar(text[pos]) || text[pos] == '-' || text[pos] == '.')) {
        ++pos;
    }
    const std::string word(text.substr(start, pos - start));
    TemplateArg arg;
    arg.kind = TemplateArg::Kind::kLiteral;
    if (word == "true" || word == "false") {
        arg.literal = word == "true";
    } else if (word == "nil") {
        arg.literal = nullptr;
    } else if (std::isdigit(static_cast<unsigned char>(word[0])) || word[0] == '-') {
        try {
            std::size_t used = 0;
            arg.literal = std::stoll(word, &used);
            if (used != word.size()) {
                arg.literal = std::stod(word);
            }
        } catch (const std::exception&) {
            ThrowParse(line, "bad number syntax: \"" + word + "\"");
        }
    } else if (detail::IsTemplateFunction(word)) {
        arg.kind = TemplateArg::Kind::kFunction;
        arg.name = word;
    } else {
        ThrowParse(line, "function \"" + word + "\" not defined");
    }
    return arg;
}

TemplatePipeline ParsePipeline(const Piece& piece) {
    TemplatePipeline pipeline;
    pipeline.text = piece.text;
    pipeline.line = piece.line;
    pipeline.column = piece.column;
    pipeline.commands.emplace_back();
    const std::string_view text = piece.text;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const char c = text[pos];
        if (IsSpace(c)) {
            ++pos;
        } else if (c == '|') {
            if (pipeline.commands.back().args.empty()) {
                ThrowParse(piece.line, "missing command");
            }
            pipeline.commands.emplace_back();
            ++pos;
        } else if (c == '.') {
            pipeline.commands.back().args.push_back(ReadField(text, pos));
        } else if (c == '"' || c == '`') {
            TemplateArg arg;
            arg.kind = TemplateArg::Kind::kLiteral;
            arg.literal = ReadQuoted(text, pos, piece.line);
            pipeline.commands.back().args.push_back(std::move(arg));
        } else if (IsIdentChar(c) || c == '-') {
            pipeline.commands.back().args.push_back(ReadWord(text, pos, piece.line));
        } else if (c == '$') {
            ThrowParse(piece.line, "variables are not supported");
        } else if (c == '(' || c == ')') {
            ThrowParse(piece.line, "parenthesized pipelines are not supported");
        } else {
            ThrowParse(piece.line, std::string("unexpected \"") + c + "\" in command");
        }
    }
    if (pipeline.commands.back().args.empty()) {
        ThrowParse(piece.line, "missing value for command");
    }
    return pipeline;
}

// The keyword an action starts with ("if", "end", ...), or "" for a plain pipeline.
std::string Keyword(const std::string& action) {
    const std::size_t start = action.find_first_not_of(" \t\r\n");
    if (start == std::string::npos) {
        return "";
    }
    std::size_t end = start;
    while (end < action.size() && IsIdentChar(action[end])) {
        ++end;
    }
    const std::string word = action.substr(start, end - start);
    for (const char* keyword : {"if", "else", "end", "range", "with", "define", "template", "block"}) {
        if (word == keyword) {
            return word;
        }
    }
    return "";
}

class Parser final {
  public:
    explicit Parser(std::vector<Piece> pieces) : pieces_(std::move(pieces)) {}

    // Parses nodes until {{else}} / {{end}} (returned in `stop`) or the end of the pieces.
    NodeList ParseList(std::string& stop) {
        NodeList nodes;
        while (index_ < pieces_.size()) {
            const Piece& piece = pieces_[index_++];
            if (!piece.action) {
                auto node = std::make_unique<Template::Node>();
                node->text = piece.text;
                nodes.push_back(std::move(node));
                continue;
            }
            const std::string keyword = Keyword(piece.text);
            if (keyword == "else" || keyword == "end") {
                stop = keyword;
                last_line_ = piece.line;
                return nodes;
            }
            nodes.push_back(ParseAction(piece, keyword));
        }
        stop.clear();
        if (!pieces_.empty()) {  // an unclosed block ends on the template's last line
            const Piece& last = pieces_.back();
            last_line_ = last.line + static_cast<int>(std::count(last.text.begin(), last.text.end(), '\n'));
        }
        return nodes;
    }

  private:
    std::unique_ptr<Template::Node> ParseAction(const Piece& piece, const std::string& keyword) {
        auto node = std::make_unique<Template::Node>();
        if (keyword.empty()) {
            node->kind = Template::Node::Kind::kAction;
            node->pipeline = ParsePipeline(piece);
            return node;
        }
        if (keyword != "if" && keyword != "range" && keyword != "with") {
            ThrowParse(piece.line, "{{" + keyword + "}} is not supported");
        }
        node->kind = keyword == "if"      ? Template::Node::Kind::kIf
                     : keyword == "range" ? Template::Node::Kind::kRange
                                          : Template::Node::Kind::kWith;
        Piece rest = piece;
        rest.text = piece.text.substr(piece.text.find(keyword) + keyword.size());
        node->pipeline = ParsePipeline(rest);
        std::string stop;
        node->body = ParseList(stop);
        if (stop == "else") {
            node->else_body = ParseList(stop);
        }
        if (stop != "end") {
            ThrowParse(last_line_, "unexpected EOF");
        }
        return node;
    }

    std::vector<Piece> pieces_;
    std::size_t index_ = 0;
    int last_line_ = 1;
};

}  // namespace

Template::Template(std::vector<std::unique_ptr<Node>> nodes) : nodes_(std::move(nodes)) {}
Template::~Template() = default;
Template::Template(Template&&) noexcept = default;
Template& Template::operator=(Template&&) noexcept = default;

Template Template::Parse(std::string_view text) {
    Parser parser(Cut(text));
    std::string stop;
    NodeList nodes = parser.ParseList(stop);
    if (!stop.empty()) {
        ThrowParse(1, "unexpected {{" + stop + "}}");
    }
    return Template(std::move(nodes));
}

}  // namespace engine::cli
