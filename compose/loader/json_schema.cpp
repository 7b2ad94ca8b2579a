#include "compose/loader/json_schema.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>

#include <nlohmann/json.hpp>

#include "compose/loader/compose_spec_schema.hpp"
#include "compose/loader/json_schema_compiled.hpp"

namespace compose::loader {
namespace {

bool ViolationLess(const SchemaViolation& a, const SchemaViolation& b) {
    return std::tie(a.mark.line, a.mark.column, a.path, a.message) <
           std::tie(b.mark.line, b.mark.column, b.path, b.message);
}

bool ViolationSame(const SchemaViolation& a, const SchemaViolation& b) {
    return a.mark.line == b.mark.line && a.mark.column == b.mark.column && a.path == b.path && a.message == b.message;
}

}  // namespace

JsonSchema JsonSchema::Parse(std::string_view schema_json) {
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(schema_json);
    } catch (const nlohmann::json::parse_error& e) {
        throw std::runtime_error(std::string("invalid JSON schema: ") + e.what());
    }
    return JsonSchema(impl::CompileSchema(document));
}

bool JsonSchema::IsValid(const model::Value& instance) const {
    return impl::Matches(*compiled_->root, instance);
}

std::vector<SchemaViolation> JsonSchema::Validate(const model::Value& instance) const {
    // Most instances are valid: the message-free pass settles them without building strings.
    if (IsValid(instance)) {
        return {};
    }
    auto violations = impl::CollectViolations(*compiled_->root, instance);
    if (violations.empty()) {
        // The two passes share one evaluator, so this is a bug; still never accept silently.
        violations.push_back({"", instance.mark, "does not match the schema"});
    }
    std::sort(violations.begin(), violations.end(), ViolationLess);
    violations.erase(std::unique(violations.begin(), violations.end(), ViolationSame), violations.end());
    return violations;
}

const JsonSchema& ComposeSpecJsonSchema() {
    static const JsonSchema schema = JsonSchema::Parse(ComposeSpecSchemaText());
    return schema;
}

}  // namespace compose::loader
