#pragma once

// Internal to the JSON Schema validator: the walk of an instance over compiled SchemaNodes,
// split over json_schema_eval.cpp (scalars, arrays) and json_schema_eval_object.cpp (objects,
// combinators).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compose/loader/json_schema_compiled.hpp"
#include "compose/loader/json_schema_messages.hpp"
#include "compose/model/value.hpp"

namespace compose::loader::impl {

/// The TypeBits an instance satisfies (an Int is both integer and number).
std::uint8_t InstanceTypes(const model::Value& v);
/// The node a chain of $refs ends at.
const SchemaNode& Target(const SchemaNode& node);
bool IsFalseSchema(const SchemaNode& node);
/// Whether `node` could accept an instance of v's type, judging by "type" alone (and enum
/// values, and the branches of nested oneOf/anyOf/allOf). Picks the branch the user meant.
bool TypeFits(const SchemaNode& node, const model::Value& v, int depth);
/// Type names a schema accepts, in schema order, for "must be a string or object".
std::vector<std::string_view> TypeNames(const SchemaNode& node, int depth);
void AddUnique(std::vector<std::string_view>& names, std::string_view name);
/// The "properties" entry for `key`, or nullptr.
const SchemaNode* FindProperty(const SchemaNode& node, std::string_view key);

/// One walk of an instance against a schema. Without a sink it is the fast boolean pass and
/// stops at the first failure; with a sink it records every violation with its path.
class Evaluator final {
  public:
    Evaluator(std::vector<SchemaViolation>* sink, std::string path, int depth)
        : sink_(sink), path_(std::move(path)), depth_(depth) {}

    bool Eval(const SchemaNode& node, const model::Value& v);

  private:
    using Check = bool (Evaluator::*)(const SchemaNode&, const model::Value&);

    bool Collecting() const { return sink_ != nullptr; }
    template <typename MakeMessage>
    void Report(const model::Mark& mark, MakeMessage&& make_message) {
        if (sink_ != nullptr) {
            sink_->push_back({path_, mark, WithPath(path_, make_message())});
        }
    }
    bool Passes(const SchemaNode& node, const model::Value& v);
    bool EvalKey(const SchemaNode& node, const model::Value& v, std::string_view key);
    bool EvalIndex(const SchemaNode& node, const model::Value& v, std::size_t index);

    bool CheckType(const SchemaNode& node, const model::Value& v);
    bool CheckValues(const SchemaNode& node, const model::Value& v);
    bool CheckNumber(const SchemaNode& node, const model::Value& v);
    bool CheckString(const SchemaNode& node, const model::Value& v);
    bool CheckArraySize(const SchemaNode& node, const model::Value& v);
    bool CheckItems(const SchemaNode& node, const model::Value& v);
    bool CheckUnique(const SchemaNode& node, const model::Value& v);
    bool CheckObjectSize(const SchemaNode& node, const model::Value& v);
    bool CheckProperties(const SchemaNode& node, const model::Value& v);
    bool CheckDependencies(const SchemaNode& node, const model::Value& v);
    bool CheckPropertyNames(const SchemaNode& node, const model::Value& v);
    bool CheckAllOf(const SchemaNode& node, const model::Value& v);
    bool CheckAnyOf(const SchemaNode& node, const model::Value& v);
    bool CheckOneOf(const SchemaNode& node, const model::Value& v);
    bool CheckNot(const SchemaNode& node, const model::Value& v);
    bool CheckConditional(const SchemaNode& node, const model::Value& v);
    void ReportNoBranch(const std::vector<const SchemaNode*>& branches, const model::Value& v);

    std::vector<SchemaViolation>* sink_;
    std::string path_;
    int depth_;
};

}  // namespace compose::loader::impl
