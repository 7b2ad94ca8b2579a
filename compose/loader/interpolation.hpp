#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "compose/loader/warnings.hpp"
#include "compose/model/value.hpp"

namespace compose::loader {

/// Looks a variable up; nullopt when it is unset (an empty value is set).
using Lookup = std::function<std::optional<std::string>(std::string_view name)>;

/// A malformed template ("${", "${A:}", a bad name ...). offset() is the byte offset in the
/// template where the problem starts, so callers can turn it into a column.
class TemplateError final : public std::runtime_error {
  public:
    TemplateError(std::string message, std::size_t offset) : std::runtime_error(std::move(message)), offset_(offset) {}
    std::size_t offset() const { return offset_; }

  private:
    std::size_t offset_;
};

struct Substitution final {
    std::string text;
    /// Names used without a value and without a default, in order of first use.
    std::vector<std::string> unset;
};

/// Substitutes $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e}, ${VAR:+a}, ${VAR+a}
/// (defaults and alternatives nest) and $$ in one string, as the Compose specification says.
/// Throws TemplateError for a malformed template, and for ${VAR:?e}/${VAR?e} when they fire
/// (message: "required variable VAR is missing a value: e").
Substitution Substitute(std::string_view text, const Lookup& lookup);

/// Interpolates every string value (never a key) of a parsed compose file in place, then casts
/// the strings at typed paths (ports[*].target, read_only, healthcheck.retries, ...) to the type
/// the schema expects, as Docker Compose does. An unset variable warns once
/// ("the \"X\" variable is not set. Defaulting to a blank string.") and becomes "".
/// Throws LoadError with file:line:column for a malformed template or a failed cast.
void InterpolateTree(model::Value& root, const Lookup& lookup, Warnings& warnings);

}  // namespace compose::loader
