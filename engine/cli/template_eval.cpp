// Evaluation of parsed templates and the functions they may call.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>
#include <map>

#include "engine/base/error.hpp"
#include "engine/cli/template.hpp"
#include "engine/cli/template_ast.hpp"

namespace engine::cli {
namespace detail {
namespace {

using json = nlohmann::json;
using Args = std::vector<json>;

// Function failures carry only the reason; EvaluatePipeline adds Go's position prefix.
struct EvalFailure {
    std::string reason;
};

std::string AsString(const json& value, const char* function) {
    if (!value.is_string()) {
        throw EvalFailure{std::string("error calling ") + function + ": expected a string, got " +
                          FormatGoValue(value)};
    }
    return value.get<std::string>();
}

void RequireArgs(const Args& args, std::size_t count, const char* function) {
    if (args.size() != count) {
        throw EvalFailure{"wrong number of args for " + std::string(function) + ": want " + std::to_string(count) +
                          " got " + std::to_string(args.size())};
    }
}

json Join(const Args& args) {
    RequireArgs(args, 2, "join");
    std::string out;
    if (!args[0].is_array() && !args[0].is_null()) {
        throw EvalFailure{"error calling join: expected a list, got " + FormatGoValue(args[0])};
    }
    bool first = true;
    for (const json& element : args[0].is_null() ? json::array() : args[0]) {
        out += (first ? "" : AsString(args[1], "join")) + FormatGoValue(element);
        first = false;
    }
    return out;
}

json Split(const Args& args) {
    RequireArgs(args, 2, "split");
    const std::string text = AsString(args[0], "split");
    const std::string sep = AsString(args[1], "split");
    json parts = json::array();
    std::size_t start = 0;
    for (std::size_t at = sep.empty() ? std::string::npos : text.find(sep); at != std::string::npos;
         at = text.find(sep, start)) {
        parts.push_back(text.substr(start, at - start));
        start = at + sep.size();
    }
    parts.push_back(text.substr(start));
    return parts;
}

json Index(const Args& args) {
    if (args.empty()) {
        throw EvalFailure{"wrong number of args for index: want at least 1 got 0"};
    }
    json current = args[0];
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (current.is_object() && args[i].is_string()) {
            const auto it = current.find(args[i].get<std::string>());
            current = it == current.end() ? json() : *it;
        } else if (current.is_array() && args[i].is_number_integer()) {
            const auto at = args[i].get<std::int64_t>();
            if (at < 0 || static_cast<std::size_t>(at) >= current.size()) {
                throw EvalFailure{"error calling index: index out of range: " + std::to_string(at)};
            }
            current = current[static_cast<std::size_t>(at)];
        } else {
            throw EvalFailure{"error calling index: cannot index " + FormatGoValue(current) + " with " +
                              FormatGoValue(args[i])};
        }
    }
    return current;
}

json MapString(const Args& args, const char* function, const std::function<char(char)>& map) {
    RequireArgs(args, 1, function);
    std::string text = FormatGoValue(args[0]);
    std::transform(text.begin(), text.end(), text.begin(), map);
    return text;
}

json Title(const Args& args) {
    RequireArgs(args, 1, "title");
    std::string text = FormatGoValue(args[0]);
    bool word_start = true;
    for (char& c : text) {
        if (word_start) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        word_start = std::isspace(static_cast<unsigned char>(c)) != 0;
    }
    return text;
}

json Truncate(const Args& args) {
    RequireArgs(args, 2, "truncate");
    const std::string text = FormatGoValue(args[0]);
    if (!args[1].is_number_integer() || args[1].get<std::int64_t>() < 0) {
        throw EvalFailure{"error calling truncate: length must be a non-negative integer"};
    }
    return text.substr(0, static_cast<std::size_t>(args[1].get<std::int64_t>()));
}

json Pad(const Args& args) {
    RequireArgs(args, 3, "pad");
    if (!args[1].is_number_integer() || !args[2].is_number_integer()) {
        throw EvalFailure{"error calling pad: widths must be integers"};
    }
    return std::string(static_cast<std::size_t>(std::max<std::int64_t>(0, args[1].get<std::int64_t>())), ' ') +
           FormatGoValue(args[0]) +
           std::string(static_cast<std::size_t>(std::max<std::int64_t>(0, args[2].get<std::int64_t>())), ' ');
}

json Println(const Args& args) {
    std::string out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        out += (i == 0 ? "" : " ") + FormatGoValue(args[i]);
    }
    return out + "\n";
}

json Len(const Args& args) {
    RequireArgs(args, 1, "len");
    if (args[0].is_string()) {
        return args[0].get<std::string>().size();
    }
    if (args[0].is_array() || args[0].is_object()) {
        return args[0].size();
    }
    throw EvalFailure{"error calling len: len of " + FormatGoValue(args[0])};
}

json Compare(const Args& args, bool equal) {
    if (args.size() < 2) {
        throw EvalFailure{"missing argument for comparison"};
    }
    const bool any = std::any_of(args.begin() + 1, args.end(), [&](const json& other) { return other == args[0]; });
    return equal ? any : !any;
}

json Logic(const Args& args, bool want) {
    if (args.empty()) {
        throw EvalFailure{"wrong number of args: want at least 1 got 0"};
    }
    for (const json& arg : args) {
        if (IsTrue(arg) != want) {
            return arg;
        }
    }
    return args.back();
}

using Function = std::function<json(const Args&)>;

const std::map<std::string, Function, std::less<>>& Functions() {
    static const std::map<std::string, Function, std::less<>> kFunctions = {
        {"json", [](const Args& args) { return (RequireArgs(args, 1, "json"), json(args[0].dump())); }},
        {"join", Join},
        {"split", Split},
        {"index", Index},
        {"upper",
         [](const Args& args) {
             return MapString(
                 args, "upper", [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
         }},
        {"lower",
         [](const Args& args) {
             return MapString(
                 args, "lower", [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
         }},
        {"title", Title},
        {"truncate", Truncate},
        {"pad", Pad},
        {"println", Println},
        {"len", Len},
        {"eq", [](const Args& args) { return Compare(args, true); }},
        {"ne", [](const Args& args) { return Compare(args, false); }},
        {"not", [](const Args& args) { return (RequireArgs(args, 1, "not"), json(!IsTrue(args[0]))); }},
        {"and", [](const Args& args) { return Logic(args, true); }},
        {"or", [](const Args& args) { return Logic(args, false); }},
    };
    return kFunctions;
}

// A missing field evaluates to this marker so it prints as Go's "<no value>".
const json& NoValue() {
    static const json kNoValue = json::object({{"\x01no value", true}});
    return kNoValue;
}

json Field(const json& dot, const std::vector<std::string>& path) {
    json current = dot;
    for (const std::string& name : path) {
        if (current.is_null() || current == NoValue()) {
            return NoValue();
        }
        if (!current.is_object()) {
            throw EvalFailure{"can't evaluate field " + name + " in type " +
                              (current.is_string()  ? "string"
                               : current.is_array() ? "[]interface {}"
                                                    : "value")};
        }
        const auto it = current.find(name);
        if (it == current.end()) {
            return NoValue();
        }
        current = *it;
    }
    return current;
}

json EvaluateArg(const TemplateArg& arg, const json& dot) {
    return arg.kind == TemplateArg::Kind::kLiteral ? arg.literal : Field(dot, arg.path);
}

json EvaluateCommand(const TemplateCommand& command, const json& dot, const json* piped) {
    const TemplateArg& head = command.args.front();
    if (head.kind != TemplateArg::Kind::kFunction) {
        if (command.args.size() > 1 || piped != nullptr) {
            throw EvalFailure{"can't give argument to non-function " + FormatGoValue(EvaluateArg(head, dot))};
        }
        return EvaluateArg(head, dot);
    }
    Args args;
    for (std::size_t i = 1; i < command.args.size(); ++i) {
        if (command.args[i].kind == TemplateArg::Kind::kFunction) {
            throw EvalFailure{"function " + command.args[i].name + " used as an argument; use a pipeline instead"};
        }
        args.push_back(EvaluateArg(command.args[i], dot));
    }
    if (piped != nullptr) {
        args.push_back(*piped);
    }
    return Functions().find(head.name)->second(args);
}

}  // namespace

bool IsTemplateFunction(const std::string& name) {
    return Functions().contains(name);
}

bool IsTrue(const json& value) {
    if (value.is_boolean()) {
        return value.get<bool>();
    }
    if (value.is_number()) {
        return value != 0;
    }
    if (value.is_string()) {
        return !value.get_ref<const std::string&>().empty();  // json::empty() is false for strings
    }
    if (value.is_array()) {
        return !value.empty();
    }
    if (value.is_object()) {
        return !value.empty() && value != NoValue();
    }
    return false;
}

json EvaluatePipeline(const TemplatePipeline& pipeline, const json& dot) {
    try {
        json result;
        for (std::size_t i = 0; i < pipeline.commands.size(); ++i) {
            result = EvaluateCommand(pipeline.commands[i], dot, i == 0 ? nullptr : &result);
        }
        return result;
    } catch (const EvalFailure& failure) {
        std::string where = pipeline.text;
        where.erase(0, where.find_first_not_of(' '));
        where.erase(where.find_last_not_of(' ') + 1);
        throw Error(Errc::kInvalidArgument,
                    "template: :" + std::to_string(pipeline.line) + ":" + std::to_string(pipeline.column + 2) +
                        ": executing \"\" at <" + where + ">: " + failure.reason);
    }
}

}  // namespace detail

namespace {

using nlohmann::json;

// Go's %v for a float64 (strconv 'g', shortest): exponent form when the exponent is < -4 or
// >= 6, so 1e6 prints "1e+06" and 100000.0 "100000".
std::string FormatFloat(double value) {
    char digits[64];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value, std::chars_format::scientific);
    if (ec != std::errc()) {
        return "NaN";
    }
    const std::string text(digits, end);
    const std::size_t e = text.find('e');
    const int exponent = std::stoi(text.substr(e + 1));
    if (exponent < -4 || exponent >= 6) {
        std::string mantissa = text.substr(0, e);
        const std::string sign = exponent < 0 ? "-" : "+";
        const std::string magnitude = std::to_string(exponent < 0 ? -exponent : exponent);
        return mantissa + "e" + sign + (magnitude.size() < 2 ? "0" : "") + magnitude;
    }
    const auto [fixed_end, fixed_ec] = std::to_chars(digits, digits + sizeof digits, value, std::chars_format::fixed);
    return fixed_ec == std::errc() ? std::string(digits, fixed_end) : text;
}

void Run(const std::vector<std::unique_ptr<Template::Node>>& nodes, const json& dot, std::string& out);

void RunNode(const Template::Node& node, const json& dot, std::string& out) {
    using Kind = Template::Node::Kind;
    if (node.kind == Kind::kText) {
        out += node.text;
        return;
    }
    const json value = detail::EvaluatePipeline(node.pipeline, dot);
    switch (node.kind) {
        case Kind::kAction:
            out += FormatGoValue(value);
            return;
        case Kind::kIf:
            Run(detail::IsTrue(value) ? node.body : node.else_body, dot, out);
            return;
        case Kind::kWith:
            if (detail::IsTrue(value)) {
                Run(node.body, value, out);
            } else {
                Run(node.else_body, dot, out);
            }
            return;
        case Kind::kRange:
            if (!detail::IsTrue(value)) {
                Run(node.else_body, dot, out);
            } else if (value.is_array() || value.is_object()) {
                // Go ranges over a map's values in key order; nlohmann keeps objects sorted.
                for (const json& element : value) {
                    Run(node.body, element, out);
                }
            } else {
                throw Error(Errc::kInvalidArgument,
                            "template: :" + std::to_string(node.pipeline.line) + ": range can't iterate over " +
                                FormatGoValue(value));
            }
            return;
        case Kind::kText:
            return;
    }
}

void Run(const std::vector<std::unique_ptr<Template::Node>>& nodes, const json& dot, std::string& out) {
    for (const auto& node : nodes) {
        RunNode(*node, dot, out);
    }
}

}  // namespace

std::string FormatGoValue(const json& value) {
    switch (value.type()) {
        case json::value_t::string:
            return value.get<std::string>();
        case json::value_t::null:
            return "<nil>";
        case json::value_t::boolean:
            return value.get<bool>() ? "true" : "false";
        case json::value_t::number_float:
            return FormatFloat(value.get<double>());
        case json::value_t::array: {
            std::string out = "[";
            for (std::size_t i = 0; i < value.size(); ++i) {
                out += (i == 0 ? "" : " ") + FormatGoValue(value[i]);
            }
            return out + "]";
        }
        case json::value_t::object: {
            if (value.size() == 1 && value.contains("\x01no value")) {
                return "<no value>";
            }
            std::string out = "map[";
            bool first = true;
            for (const auto& [key, element] : value.items()) {
                out += (first ? "" : " ") + key + ":" + FormatGoValue(element);
                first = false;
            }
            return out + "]";
        }
        default:
            return value.dump();
    }
}

std::string Template::Execute(const json& dot) const {
    std::string out;
    Run(nodes_, dot, out);
    return out;
}

}  // namespace engine::cli
