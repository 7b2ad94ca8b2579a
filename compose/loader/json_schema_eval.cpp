#include <algorithm>
#include <cmath>
#include <limits>

#include "compose/loader/json_schema_evaluator.hpp"
#include "compose/loader/json_value.hpp"

namespace compose::loader::impl {

using model::Value;

namespace {

// Instances are finite trees, so only $ref loops that consume no instance depth (allOf: [{$ref:
// "#"}]) could recurse forever; this bounds them without limiting any real document.
constexpr int kMaxDepth = 400;

// TypeFits/TypeNames look through nested oneOf/anyOf only this far; deeper schemas are
// treated as accepting any type, which only makes a message less specific.
constexpr int kMaxTypeProbeDepth = 16;

// Whether a number is an integer multiple of `step`. Floats allow a rounding error of 1e-9
// relative, so 0.0075 is a multiple of 0.0001 although the double division is not exact.
bool IsMultiple(const Value& v, double step) {
    if (v.IsInt() && std::floor(step) == step && std::fabs(step) < 9e15) {
        return v.AsInt() % static_cast<std::int64_t>(step) == 0;
    }
    const double quotient = v.AsNumber() / step;
    if (!std::isfinite(quotient)) {
        return false;
    }
    return std::fabs(quotient - std::round(quotient)) <= 1e-9 * std::max(1.0, std::fabs(quotient));
}

// JSON Schema lengths count characters (code points), not UTF-8 bytes.
std::size_t CodePoints(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

std::uint8_t InstanceTypes(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::kNull:
            return kTypeNull;
        case Value::Kind::kBool:
            return kTypeBoolean;
        case Value::Kind::kInt:
            return kTypeInteger | kTypeNumber;
        case Value::Kind::kFloat: {
            // Draft-07: "integer" is any number with a zero fractional part, 1.0 included.
            const double d = v.AsFloat();
            return std::isfinite(d) && std::floor(d) == d ? kTypeInteger | kTypeNumber : kTypeNumber;
        }
        case Value::Kind::kString:
            return kTypeString;
        case Value::Kind::kSeq:
            return kTypeArray;
        case Value::Kind::kMap:
            return kTypeObject;
    }
    return 0;
}

const SchemaNode& Target(const SchemaNode& node) {
    return node.ref != nullptr ? Target(*node.ref) : node;
}

bool IsFalseSchema(const SchemaNode& node) {
    return Target(node).boolean_schema == false;
}

namespace {

std::uint8_t EnumTypes(const SchemaNode& node) {
    std::uint8_t mask = 0;
    for (const Value& value : *node.enum_values) {
        mask |= InstanceTypes(value);
    }
    return mask;
}

}  // namespace

bool TypeFits(const SchemaNode& raw, const Value& v, int depth) {
    const SchemaNode& node = Target(raw);
    if (node.boolean_schema) {
        return *node.boolean_schema;
    }
    if (node.type_mask != 0) {
        return (node.type_mask & InstanceTypes(v)) != 0;
    }
    if (node.enum_values && !node.enum_values->empty()) {
        return (EnumTypes(node) & InstanceTypes(v)) != 0;
    }
    if (depth > kMaxTypeProbeDepth) {
        return true;
    }
    const auto fits = [&](const SchemaNode* branch) { return TypeFits(*branch, v, depth + 1); };
    if (!node.one_of.empty() && !std::any_of(node.one_of.begin(), node.one_of.end(), fits)) {
        return false;
    }
    if (!node.any_of.empty() && !std::any_of(node.any_of.begin(), node.any_of.end(), fits)) {
        return false;
    }
    return std::all_of(node.all_of.begin(), node.all_of.end(), fits);
}

void AddUnique(std::vector<std::string_view>& names, std::string_view name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
        names.push_back(name);
    }
}

std::vector<std::string_view> TypeNames(const SchemaNode& raw, int depth) {
    const SchemaNode& node = Target(raw);
    std::vector<std::string_view> names = node.type_names;
    if (names.empty() && node.enum_values) {
        for (const Value& value : *node.enum_values) {
            AddUnique(names, Value::KindName(value.kind()));
        }
    }
    if (names.empty() && depth < kMaxTypeProbeDepth) {
        for (const auto* list : {&node.one_of, &node.any_of}) {
            for (const SchemaNode* branch : *list) {
                for (std::string_view name : TypeNames(*branch, depth + 1)) {
                    AddUnique(names, name);
                }
            }
        }
    }
    return names;
}

const SchemaNode* FindProperty(const SchemaNode& node, std::string_view key) {
    const auto it = std::lower_bound(
        node.properties.begin(), node.properties.end(), key, [](const PropertyRule& rule, std::string_view k) {
            return rule.name < k;
        });
    return it != node.properties.end() && it->name == key ? it->schema : nullptr;
}

bool Evaluator::Eval(const SchemaNode& node, const Value& v) {
    if (depth_ >= kMaxDepth) {
        Report(v.mark, [] { return std::string("the schema nests too deeply here"); });
        return false;
    }
    if (node.boolean_schema) {
        if (!*node.boolean_schema) {
            Report(v.mark, [] { return std::string("no value is allowed here"); });
        }
        return *node.boolean_schema;
    }
    ++depth_;
    struct Restore final {
        int& depth;
        ~Restore() { --depth; }
    } restore{depth_};
    if (node.ref != nullptr) {
        return Eval(*node.ref, v);
    }
    // A value of the wrong type would only collect noise from the other keywords.
    if (!CheckType(node, v)) {
        return false;
    }
    static constexpr Check kChecks[] = {
        &Evaluator::CheckValues,
        &Evaluator::CheckNumber,
        &Evaluator::CheckString,
        &Evaluator::CheckArraySize,
        &Evaluator::CheckItems,
        &Evaluator::CheckUnique,
        &Evaluator::CheckObjectSize,
        &Evaluator::CheckProperties,
        &Evaluator::CheckDependencies,
        &Evaluator::CheckPropertyNames,
        &Evaluator::CheckAllOf,
        &Evaluator::CheckAnyOf,
        &Evaluator::CheckOneOf,
        &Evaluator::CheckNot,
        &Evaluator::CheckConditional,
    };
    bool ok = true;
    for (Check check : kChecks) {
        if (!(this->*check)(node, v)) {
            ok = false;
            if (!Collecting()) {
                return false;
            }
        }
    }
    return ok;
}

bool Evaluator::Passes(const SchemaNode& node, const Value& v) {
    if (!Collecting()) {
        return Eval(node, v);
    }
    Evaluator fast(nullptr, {}, depth_);
    return fast.Eval(node, v);
}

bool Evaluator::EvalKey(const SchemaNode& node, const Value& v, std::string_view key) {
    if (!Collecting()) {
        return Eval(node, v);
    }
    const std::size_t old_size = path_.size();
    path_ += path_.empty() ? "" : ".";
    path_ += key;
    const bool ok = Eval(node, v);
    path_.resize(old_size);
    return ok;
}

bool Evaluator::EvalIndex(const SchemaNode& node, const Value& v, std::size_t index) {
    if (!Collecting()) {
        return Eval(node, v);
    }
    const std::size_t old_size = path_.size();
    path_ += IndexText(index);
    const bool ok = Eval(node, v);
    path_.resize(old_size);
    return ok;
}

bool Evaluator::CheckType(const SchemaNode& node, const Value& v) {
    if (node.type_mask == 0 || (node.type_mask & InstanceTypes(v)) != 0) {
        return true;
    }
    Report(v.mark, [&] { return "must be " + TypeList(node.type_names) + ", not " + Describe(v); });
    return false;
}

bool Evaluator::CheckValues(const SchemaNode& node, const Value& v) {
    const auto equal = [&](const Value& allowed) { return JsonEqual(allowed, v); };
    if (node.enum_values && std::none_of(node.enum_values->begin(), node.enum_values->end(), equal)) {
        Report(v.mark, [&] {
            const bool one = node.enum_values->size() == 1;
            return (one ? "must be " : "must be one of ") + node.enum_text + ", not " + Show(v);
        });
        return false;
    }
    if (node.const_value && !equal(*node.const_value)) {
        Report(v.mark, [&] { return "must be " + node.const_text + ", not " + Show(v); });
        return false;
    }
    return true;
}

bool Evaluator::CheckNumber(const SchemaNode& node, const Value& v) {
    if (!v.IsNumber()) {
        return true;
    }
    const double x = v.AsNumber();
    const auto fail = [&](std::string_view bound, double limit) {
        Report(v.mark, [&] { return "must be " + std::string(bound) + " " + NumberText(limit) + ", not " + Show(v); });
        return false;
    };
    if (node.minimum && x < *node.minimum)
        return fail("at least", *node.minimum);
    if (node.maximum && x > *node.maximum)
        return fail("at most", *node.maximum);
    if (node.exclusive_minimum && x <= *node.exclusive_minimum)
        return fail("greater than", *node.exclusive_minimum);
    if (node.exclusive_maximum && x >= *node.exclusive_maximum)
        return fail("less than", *node.exclusive_maximum);
    if (node.multiple_of && !IsMultiple(v, *node.multiple_of))
        return fail("a multiple of", *node.multiple_of);
    return true;
}

bool Evaluator::CheckString(const SchemaNode& node, const Value& v) {
    if (!v.IsString() || (!node.min_length && !node.max_length && !node.pattern)) {
        return true;
    }
    const std::string& s = v.AsString();
    const std::size_t length = CodePoints(s);
    if (node.min_length && length < *node.min_length) {
        Report(v.mark, [&] { return "must be at least " + Plural(*node.min_length, "character") + " long"; });
        return false;
    }
    if (node.max_length && length > *node.max_length) {
        Report(v.mark, [&] { return "must be at most " + Plural(*node.max_length, "character") + " long"; });
        return false;
    }
    if (node.pattern && !node.pattern->Matches(s)) {
        Report(v.mark, [&] { return Quote(s) + " does not match pattern " + node.pattern->source(); });
        return false;
    }
    return true;
}

bool Evaluator::CheckArraySize(const SchemaNode& node, const Value& v) {
    if (!v.IsSeq()) {
        return true;
    }
    std::size_t max_items = node.max_items.value_or(std::numeric_limits<std::size_t>::max());
    if (node.has_tuple_items && node.additional_items != nullptr && IsFalseSchema(*node.additional_items)) {
        max_items = std::min(max_items, node.tuple_items.size());
    }
    const std::size_t size = v.AsSeq().size();
    if (node.min_items && size < *node.min_items) {
        Report(v.mark, [&] { return "must have at least " + Plural(*node.min_items, "item") + Has(size); });
        return false;
    }
    if (size > max_items) {
        Report(v.mark, [&] { return "must have at most " + Plural(max_items, "item") + Has(size); });
        return false;
    }
    return true;
}

bool Evaluator::CheckItems(const SchemaNode& node, const Value& v) {
    if (!v.IsSeq()) {
        return true;
    }
    const auto& seq = v.AsSeq();
    bool ok = true;
    for (std::size_t i = 0; i < seq.size(); ++i) {
        const SchemaNode* schema = node.items;
        if (node.has_tuple_items) {
            schema = i < node.tuple_items.size() ? node.tuple_items[i] : node.additional_items;
            if (schema != nullptr && i >= node.tuple_items.size() && IsFalseSchema(*schema)) {
                break;  // reported once, as a length, by CheckArraySize
            }
        }
        if (schema != nullptr && !EvalIndex(*schema, seq[i], i)) {
            ok = false;
            if (!Collecting()) {
                return false;
            }
        }
    }
    if (node.contains != nullptr &&
        std::none_of(seq.begin(), seq.end(), [&](const Value& item) { return Passes(*node.contains, item); })) {
        Report(v.mark, [] { return std::string("must contain at least one matching item"); });
        ok = false;
    }
    return ok;
}

bool Evaluator::CheckUnique(const SchemaNode& node, const Value& v) {
    if (!node.unique_items || !v.IsSeq()) {
        return true;
    }
    const auto& seq = v.AsSeq();
    bool ok = true;
    for (std::size_t j = 1; j < seq.size(); ++j) {
        for (std::size_t i = 0; i < j; ++i) {
            if (!JsonEqual(seq[i], seq[j])) {
                continue;
            }
            if (!Collecting()) {
                return false;
            }
            ok = false;
            path_ += IndexText(j);
            Report(seq[j].mark, [&] { return "duplicate of " + IndexText(i) + "; items must be unique"; });
            path_.resize(path_.size() - IndexText(j).size());
            break;
        }
    }
    return ok;
}

bool Evaluator::CheckObjectSize(const SchemaNode& node, const Value& v) {
    if (!v.IsMap()) {
        return true;
    }
    bool ok = true;
    for (const std::string& name : node.required) {
        if (v.Find(name) == nullptr) {
            Report(v.mark, [&] { return "missing required property " + Quote(name); });
            ok = false;
        }
    }
    const std::size_t size = v.AsMap().size();
    if (node.min_properties && size < *node.min_properties) {
        Report(v.mark, [&] { return "must have at least " + Plural(*node.min_properties, "property") + Has(size); });
        ok = false;
    }
    if (node.max_properties && size > *node.max_properties) {
        Report(v.mark, [&] { return "must have at most " + Plural(*node.max_properties, "property") + Has(size); });
        ok = false;
    }
    return ok;
}

bool Matches(const SchemaNode& schema, const model::Value& instance) {
    return Evaluator(nullptr, {}, 0).Eval(schema, instance);
}

std::vector<SchemaViolation> CollectViolations(const SchemaNode& schema, const model::Value& instance) {
    std::vector<SchemaViolation> violations;
    Evaluator(&violations, {}, 0).Eval(schema, instance);
    return violations;
}

}  // namespace compose::loader::impl
