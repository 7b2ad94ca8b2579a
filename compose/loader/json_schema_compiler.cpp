// Compiles a JSON Schema document into SchemaNodes (see json_schema_compiled.hpp).

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "compose/loader/json_schema_compiled.hpp"
#include "compose/loader/json_value.hpp"

namespace compose::loader::impl {
namespace {

using nlohmann::json;

struct TypeName final {
    std::string_view name;
    std::uint8_t bit;
};

constexpr TypeName kTypeNames[] = {
    {"null", kTypeNull},
    {"boolean", kTypeBoolean},
    {"integer", kTypeInteger},
    {"number", kTypeNumber},
    {"string", kTypeString},
    {"array", kTypeArray},
    {"object", kTypeObject},
};

// Enum lists longer than this are cut in messages: nobody reads forty choices in one line.
constexpr std::size_t kMaxEnumShown = 12;

std::string EscapeToken(std::string_view token) {
    std::string out;
    for (char c : token) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

int HexDigit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    const char lower = static_cast<char>(c | 0x20);
    return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
}

// $ref values are URI references, so their fragment may be %-encoded ("#/percent%25field").
std::string PercentDecode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && HexDigit(text[i + 1]) >= 0 && HexDigit(text[i + 2]) >= 0) {
            out += static_cast<char>(HexDigit(text[i + 1]) * 16 + HexDigit(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

/// Turns schema JSON into SchemaNodes. Each subschema is compiled once per JSON pointer, so a
/// $ref to an already compiled place shares its node and recursive schemas stay finite.
class Compiler final {
  public:
    Compiler(const json& document, JsonSchema::Compiled& out) : document_(document), out_(out) {
        if (document.is_object() && document.contains("$id") && document["$id"].is_string()) {
            base_id_ = document["$id"].get<std::string>();
        }
    }

    const SchemaNode* Compile(const json& schema, const std::string& location);
    void ResolveRefs();

  private:
    [[noreturn]] static void Fail(const std::string& location, std::string_view what) {
        throw std::runtime_error("invalid JSON schema at #" + location + ": " + std::string(what));
    }
    const SchemaNode* Sub(const json& parent, const std::string& location, std::string_view keyword) {
        return Compile(parent[std::string(keyword)], location + "/" + EscapeToken(keyword));
    }
    std::string RefPointer(const std::string& location, const std::string& ref) const;
    void CompileTypes(SchemaNode& node, const json& type);
    void CompileValues(SchemaNode& node, const json& schema);
    void CompileObject(SchemaNode& node, const json& schema);
    void CompileDependencies(SchemaNode& node, const json& deps);
    void CompileArray(SchemaNode& node, const json& schema);
    void CompileScalars(SchemaNode& node, const json& schema);
    void CompileCombinators(SchemaNode& node, const json& schema);
    std::vector<const SchemaNode*> CompileList(const json& schema,
                                               const std::string& location,
                                               std::string_view keyword);
    void CheckRefCycles() const;

    const json& document_;
    JsonSchema::Compiled& out_;
    std::string base_id_;
    std::unordered_map<std::string, SchemaNode*> by_location_;
    std::vector<std::pair<SchemaNode*, std::string>> pending_refs_;
};

const SchemaNode* Compiler::Compile(const json& schema, const std::string& location) {
    if (auto it = by_location_.find(location); it != by_location_.end()) {
        return it->second;
    }
    SchemaNode& node = out_.nodes.emplace_back();
    node.location = location;
    by_location_.emplace(location, &node);
    if (schema.is_boolean()) {
        node.boolean_schema = schema.get<bool>();
        return &node;
    }
    if (!schema.is_object()) {
        Fail(location, "a schema must be an object or a boolean");
    }
    if (auto ref = schema.find("$ref"); ref != schema.end()) {
        if (!ref->is_string()) {
            Fail(location, "\"$ref\" must be a string");
        }
        pending_refs_.emplace_back(&node, ref->get<std::string>());
        return &node;
    }
    if (auto type = schema.find("type"); type != schema.end()) {
        CompileTypes(node, *type);
    }
    CompileValues(node, schema);
    CompileObject(node, schema);
    CompileArray(node, schema);
    CompileScalars(node, schema);
    CompileCombinators(node, schema);
    return &node;
}

std::string Compiler::RefPointer(const std::string& location, const std::string& ref) const {
    std::string_view fragment = ref;
    if (!base_id_.empty() && fragment.substr(0, base_id_.size()) == base_id_) {
        fragment.remove_prefix(base_id_.size());  // "compose_spec.json#/..." names this document
    }
    if (fragment.empty()) {
        return {};
    }
    if (fragment.front() != '#') {
        Fail(location, "unsupported $ref \"" + ref + "\": only references within the document (\"#/...\") work");
    }
    std::string pointer = PercentDecode(fragment.substr(1));
    if (!pointer.empty() && pointer.front() != '/') {
        Fail(location, "unsupported $ref \"" + ref + "\": only JSON pointers (\"#/...\") work");
    }
    return pointer;
}

void Compiler::ResolveRefs() {
    while (!pending_refs_.empty()) {
        auto [node, ref] = pending_refs_.back();
        pending_refs_.pop_back();
        const std::string pointer_text = RefPointer(node->location, ref);
        try {
            const json::json_pointer pointer(pointer_text);
            node->ref = Compile(document_.at(pointer), pointer.to_string());
        } catch (const json::exception&) {
            Fail(node->location, "$ref \"" + ref + "\" does not point to anything in the schema");
        }
    }
    CheckRefCycles();
}

void Compiler::CheckRefCycles() const {
    // A chain of pure $refs that loops would recurse forever without consuming the instance.
    for (const SchemaNode& node : out_.nodes) {
        const SchemaNode* at = &node;
        for (std::size_t steps = 0; at->ref != nullptr; ++steps) {
            if (steps > out_.nodes.size()) {
                Fail(node.location, "$ref cycle");
            }
            at = at->ref;
        }
    }
}

void Compiler::CompileTypes(SchemaNode& node, const json& type) {
    const auto add = [&](const json& name) {
        if (!name.is_string()) {
            Fail(node.location, "\"type\" must be a type name or an array of them");
        }
        const auto it = std::find_if(std::begin(kTypeNames), std::end(kTypeNames), [&](const TypeName& t) {
            return t.name == name.get_ref<const std::string&>();
        });
        if (it == std::end(kTypeNames)) {
            Fail(node.location, "unknown type \"" + name.get<std::string>() + "\"");
        }
        if ((node.type_mask & it->bit) == 0) {
            node.type_mask |= it->bit;
            node.type_names.push_back(it->name);
        }
    };
    if (type.is_array()) {
        for (const auto& name : type) {
            add(name);
        }
    } else {
        add(type);
    }
}

std::string RenderValues(const json& values) {
    std::string text;
    std::size_t shown = 0;
    for (const auto& value : values) {
        if (shown == kMaxEnumShown) {
            return text + ", ...";
        }
        text += (shown++ == 0 ? "" : ", ") + value.dump();
    }
    return text;
}

void Compiler::CompileValues(SchemaNode& node, const json& schema) {
    if (auto it = schema.find("enum"); it != schema.end()) {
        if (!it->is_array()) {
            Fail(node.location, "\"enum\" must be an array");
        }
        auto& values = node.enum_values.emplace();
        for (const auto& value : *it) {
            values.push_back(ValueFromJson(value));
        }
        node.enum_text = RenderValues(*it);
    }
    if (auto it = schema.find("const"); it != schema.end()) {
        node.const_value = ValueFromJson(*it);
        node.const_text = it->dump();
    }
}

std::vector<std::string> StringList(const json& list) {
    std::vector<std::string> out;
    if (!list.is_array()) {
        throw std::invalid_argument("not an array");
    }
    for (const auto& item : list) {
        if (!item.is_string()) {
            throw std::invalid_argument("not a string");
        }
        out.push_back(item.get<std::string>());
    }
    return out;
}

void Compiler::CompileObject(SchemaNode& node, const json& schema) {
    const std::string& loc = node.location;
    if (auto it = schema.find("properties"); it != schema.end() && it->is_object()) {
        for (const auto& [name, sub] : it->items()) {
            node.properties.push_back({name, Compile(sub, loc + "/properties/" + EscapeToken(name))});
        }
        std::sort(node.properties.begin(), node.properties.end(), [](const auto& a, const auto& b) {
            return a.name < b.name;
        });
    }
    if (auto it = schema.find("patternProperties"); it != schema.end() && it->is_object()) {
        for (const auto& [source, sub] : it->items()) {
            node.pattern_properties.push_back(
                {SchemaPattern(source), Compile(sub, loc + "/patternProperties/" + EscapeToken(source))});
        }
    }
    if (schema.contains("additionalProperties")) {
        node.additional_properties = Sub(schema, loc, "additionalProperties");
    }
    if (auto it = schema.find("required"); it != schema.end()) {
        try {
            node.required = StringList(*it);
        } catch (const std::invalid_argument&) {
            Fail(loc, "\"required\" must be an array of strings");
        }
    }
    if (auto it = schema.find("dependencies"); it != schema.end()) {
        CompileDependencies(node, *it);
    }
    if (schema.contains("propertyNames")) {
        node.property_names = Sub(schema, loc, "propertyNames");
    }
}

void Compiler::CompileDependencies(SchemaNode& node, const json& deps) {
    if (!deps.is_object()) {
        Fail(node.location, "\"dependencies\" must be an object");
    }
    for (const auto& [name, dep] : deps.items()) {
        DependencyRule rule{name, {}, nullptr};
        if (dep.is_array()) {
            try {
                rule.required = StringList(dep);
            } catch (const std::invalid_argument&) {
                Fail(node.location, "\"dependencies\" lists must hold strings");
            }
        } else {
            rule.schema = Compile(dep, node.location + "/dependencies/" + EscapeToken(name));
        }
        node.dependencies.push_back(std::move(rule));
    }
}

void Compiler::CompileArray(SchemaNode& node, const json& schema) {
    const std::string& loc = node.location;
    if (auto it = schema.find("items"); it != schema.end()) {
        if (it->is_array()) {
            node.has_tuple_items = true;
            node.tuple_items = CompileList(schema, loc, "items");
        } else {
            node.items = Sub(schema, loc, "items");
        }
    }
    if (schema.contains("additionalItems")) {
        node.additional_items = Sub(schema, loc, "additionalItems");
    }
    if (schema.contains("contains")) {
        node.contains = Sub(schema, loc, "contains");
    }
    if (auto it = schema.find("uniqueItems"); it != schema.end() && it->is_boolean()) {
        node.unique_items = it->get<bool>();
    }
}

std::optional<double> Number(const json& schema, const char* keyword, const std::string& location) {
    auto it = schema.find(keyword);
    if (it == schema.end()) {
        return std::nullopt;
    }
    if (!it->is_number()) {
        throw std::runtime_error("invalid JSON schema at #" + location + ": \"" + keyword + "\" must be a number");
    }
    return it->get<double>();
}

std::optional<std::size_t> Count(const json& schema, const char* keyword, const std::string& location) {
    const auto number = Number(schema, keyword, location);
    if (number && (*number < 0 || std::floor(*number) != *number)) {
        throw std::runtime_error("invalid JSON schema at #" + location + ": \"" + keyword +
                                 "\" must be a non-negative integer");
    }
    return number ? std::optional<std::size_t>(static_cast<std::size_t>(*number)) : std::nullopt;
}

void Compiler::CompileScalars(SchemaNode& node, const json& schema) {
    const std::string& loc = node.location;
    node.minimum = Number(schema, "minimum", loc);
    node.maximum = Number(schema, "maximum", loc);
    node.exclusive_minimum = Number(schema, "exclusiveMinimum", loc);
    node.exclusive_maximum = Number(schema, "exclusiveMaximum", loc);
    node.multiple_of = Number(schema, "multipleOf", loc);
    if (node.multiple_of && *node.multiple_of <= 0) {
        Fail(loc, "\"multipleOf\" must be greater than 0");
    }
    node.min_length = Count(schema, "minLength", loc);
    node.max_length = Count(schema, "maxLength", loc);
    node.min_items = Count(schema, "minItems", loc);
    node.max_items = Count(schema, "maxItems", loc);
    node.min_properties = Count(schema, "minProperties", loc);
    node.max_properties = Count(schema, "maxProperties", loc);
    if (auto it = schema.find("pattern"); it != schema.end()) {
        if (!it->is_string()) {
            Fail(loc, "\"pattern\" must be a string");
        }
        node.pattern.emplace(it->get<std::string>());
    }
}

std::vector<const SchemaNode*> Compiler::CompileList(const json& schema,
                                                     const std::string& location,
                                                     std::string_view keyword) {
    const json& list = schema[std::string(keyword)];
    if (!list.is_array()) {
        Fail(location, "\"" + std::string(keyword) + "\" must be an array of schemas");
    }
    std::vector<const SchemaNode*> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        out.push_back(Compile(list[i], location + "/" + EscapeToken(keyword) + "/" + std::to_string(i)));
    }
    return out;
}

void Compiler::CompileCombinators(SchemaNode& node, const json& schema) {
    const std::string& loc = node.location;
    const auto list = [&](std::string_view keyword) {
        return schema.contains(keyword) ? CompileList(schema, loc, keyword) : std::vector<const SchemaNode*>{};
    };
    node.all_of = list("allOf");
    node.any_of = list("anyOf");
    node.one_of = list("oneOf");
    const auto sub = [&](std::string_view keyword) {
        return schema.contains(keyword) ? Sub(schema, loc, keyword) : nullptr;
    };
    node.not_schema = sub("not");
    node.if_schema = sub("if");
    node.then_schema = sub("then");
    node.else_schema = sub("else");
}

}  // namespace

std::shared_ptr<const JsonSchema::Compiled> CompileSchema(const nlohmann::json& document) {
    auto compiled = std::make_shared<JsonSchema::Compiled>();
    Compiler compiler(document, *compiled);
    compiled->root = compiler.Compile(document, "");
    compiler.ResolveRefs();
    return compiled;
}

}  // namespace compose::loader::impl
