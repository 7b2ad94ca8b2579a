#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace engine::cli {

/// The subset of Go's text/template that docker --format strings use, evaluated over JSON:
///   text and {{actions}} with {{- and -}} trimming;
///   {{.}}, {{.Field.Sub}}, "strings", `raw strings`, numbers, true/false;
///   function calls and pipelines: {{json .}}, {{join .RepoTags ", "}}, {{.Name | upper}};
///   {{if P}}…{{else}}…{{end}}, {{range P}}…{{else}}…{{end}}, {{with P}}…{{end}}.
/// Functions: docker's json, join, split, upper, lower, title, truncate, pad, println, plus
/// Go's index, len, eq, ne, not, and, or. Values print as Go's %v prints decoded JSON: strings
/// raw, arrays "[a b]", objects "map[k:v]", null "<nil>", a missing field "<no value>".
/// Variables ($x), comparisons beyond eq/ne, parentheses and template definitions are not
/// supported and fail to parse with a message naming them.
class Template final {
  public:
    struct Node;

    /// Parses `text`. Throws Error(kInvalidArgument) worded like docker's:
    /// "template parsing error: template: :1: function \"foo\" not defined".
    static Template Parse(std::string_view text);

    /// Renders the template with `dot` as ".". Throws Error(kInvalidArgument,
    /// "template: :1:2: executing \"\" at <.Name>: ...") when evaluation fails (a field of a
    /// string, a bad index, wrong argument counts).
    std::string Execute(const nlohmann::json& dot) const;

    ~Template();
    Template(Template&&) noexcept;
    Template& operator=(Template&&) noexcept;

  private:
    explicit Template(std::vector<std::unique_ptr<Node>> nodes);

    std::vector<std::unique_ptr<Node>> nodes_;
};

/// A decoded JSON value printed as Go's fmt %v prints it (see Template).
std::string FormatGoValue(const nlohmann::json& value);

}  // namespace engine::cli
