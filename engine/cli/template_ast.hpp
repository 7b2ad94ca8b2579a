#pragma once

// The parsed form of a Template, shared by its parser (template.cpp) and evaluator
// (template_eval.cpp). Internal to engine/cli.

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/cli/template.hpp"

namespace engine::cli::detail {

/// One operand of a command: a field chain from dot (empty path = dot), a literal, or the name
/// of a function (only first in a command).
struct TemplateArg {
    enum class Kind { kField, kLiteral, kFunction } kind = Kind::kField;
    std::vector<std::string> path;
    nlohmann::json literal;
    std::string name;
};

/// Operands separated by spaces; a pipeline is commands separated by '|', each receiving the
/// previous result as its last argument.
struct TemplateCommand {
    std::vector<TemplateArg> args;
};

struct TemplatePipeline {
    std::vector<TemplateCommand> commands;
    std::string text;  ///< the action as written, for error messages ("<.Name>")
    int line = 1;
    int column = 1;
};

/// The functions a template may call; parsing rejects other names as Go does.
bool IsTemplateFunction(const std::string& name);

/// Evaluates one pipeline (throws Error(kInvalidArgument) worded like Go's exec errors).
nlohmann::json EvaluatePipeline(const TemplatePipeline& pipeline, const nlohmann::json& dot);

/// Go's truth: false, 0, "", null, empty arrays and objects are false.
bool IsTrue(const nlohmann::json& value);

}  // namespace engine::cli::detail

namespace engine::cli {

struct Template::Node {
    enum class Kind { kText, kAction, kIf, kRange, kWith } kind = Kind::kText;
    std::string text;  ///< kText
    detail::TemplatePipeline pipeline;
    std::vector<std::unique_ptr<Node>> body;
    std::vector<std::unique_ptr<Node>> else_body;
};

}  // namespace engine::cli
