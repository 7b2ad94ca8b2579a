#include <algorithm>
#include <iterator>

#include "compose/loader/json_schema_evaluator.hpp"

namespace compose::loader::impl {

using model::Value;

bool Evaluator::CheckProperties(const SchemaNode& node, const Value& v) {
    if (!v.IsMap() || (node.properties.empty() && node.pattern_properties.empty() && !node.additional_properties)) {
        return true;
    }
    bool ok = true;
    const auto eval = [&](const SchemaNode& schema, const Value& child, const std::string& key) {
        if (!EvalKey(schema, child, key)) {
            ok = false;
        }
        return ok || Collecting();
    };
    for (const auto& [key, child] : v.AsMap()) {
        const SchemaNode* declared = FindProperty(node, key);
        bool matched = declared != nullptr;
        if (declared != nullptr && !eval(*declared, child, key)) {
            return false;
        }
        for (const PatternRule& rule : node.pattern_properties) {
            if (rule.pattern.Matches(key)) {
                matched = true;
                if (!eval(*rule.schema, child, key)) {
                    return false;
                }
            }
        }
        if (matched || node.additional_properties == nullptr) {
            continue;
        }
        if (IsFalseSchema(*node.additional_properties)) {
            Report(child.key_mark.Known() ? child.key_mark : child.mark, [&, &key = key] {
                return "additional property " + Quote(key) + " is not allowed" + Hint(node, key);
            });
            ok = false;
            if (!Collecting()) {
                return false;
            }
        } else if (!eval(*node.additional_properties, child, key)) {
            return false;
        }
    }
    return ok;
}

bool Evaluator::CheckDependencies(const SchemaNode& node, const Value& v) {
    if (!v.IsMap()) {
        return true;
    }
    bool ok = true;
    for (const DependencyRule& rule : node.dependencies) {
        if (v.Find(rule.property) == nullptr) {
            continue;
        }
        for (const std::string& name : rule.required) {
            if (v.Find(name) == nullptr) {
                Report(v.mark,
                       [&] { return "property " + Quote(rule.property) + " requires property " + Quote(name); });
                ok = false;
            }
        }
        if (rule.schema != nullptr && !Eval(*rule.schema, v)) {
            ok = false;
        }
        if (!ok && !Collecting()) {
            return false;
        }
    }
    return ok;
}

bool Evaluator::CheckPropertyNames(const SchemaNode& node, const Value& v) {
    if (node.property_names == nullptr || !v.IsMap()) {
        return true;
    }
    bool ok = true;
    for (const auto& [key, child] : v.AsMap()) {
        Value name(key);
        name.mark = child.key_mark;
        if (Passes(*node.property_names, name)) {
            continue;
        }
        ok = false;
        if (!Collecting()) {
            return false;
        }
        std::vector<SchemaViolation> why;
        Evaluator(&why, {}, depth_).Eval(*node.property_names, name);
        Report(name.mark, [&, &key = key] {
            return "property name " + Quote(key) + " is not allowed" + (why.empty() ? "" : ": " + why.front().message);
        });
    }
    return ok;
}

bool Evaluator::CheckAllOf(const SchemaNode& node, const Value& v) {
    bool ok = true;
    for (const SchemaNode* branch : node.all_of) {
        if (!Eval(*branch, v)) {
            ok = false;
            if (!Collecting()) {
                return false;
            }
        }
    }
    return ok;
}

bool Evaluator::CheckAnyOf(const SchemaNode& node, const Value& v) {
    if (node.any_of.empty() ||
        std::any_of(node.any_of.begin(), node.any_of.end(), [&](const SchemaNode* b) { return Passes(*b, v); })) {
        return true;
    }
    ReportNoBranch(node.any_of, v);
    return false;
}

bool Evaluator::CheckOneOf(const SchemaNode& node, const Value& v) {
    if (node.one_of.empty()) {
        return true;
    }
    int passing = 0;
    for (const SchemaNode* branch : node.one_of) {
        if (Passes(*branch, v) && ++passing > 1) {
            Report(v.mark, [] { return std::string("must match exactly one of the allowed forms"); });
            return false;
        }
    }
    if (passing == 1) {
        return true;
    }
    ReportNoBranch(node.one_of, v);
    return false;
}

// No branch accepts v. Report what the user most likely got wrong: the errors of the one
// branch whose type fits, else the accepted types; never a dump of every branch.
void Evaluator::ReportNoBranch(const std::vector<const SchemaNode*>& branches, const Value& v) {
    if (!Collecting()) {
        return;
    }
    std::vector<const SchemaNode*> fitting;
    std::copy_if(branches.begin(), branches.end(), std::back_inserter(fitting), [&](const SchemaNode* b) {
        return TypeFits(*b, v, 0);
    });
    if (fitting.empty()) {
        std::vector<std::string_view> names;
        for (const SchemaNode* branch : branches) {
            for (std::string_view name : TypeNames(*branch, 0)) {
                AddUnique(names, name);
            }
        }
        Report(v.mark, [&] {
            return names.empty() ? "does not match any of the allowed forms"
                                 : "must be " + TypeList(names) + ", not " + Describe(v);
        });
        return;
    }
    // Several branches fit the type: the one with the fewest complaints is the closest miss.
    std::vector<SchemaViolation> best;
    for (const SchemaNode* branch : fitting) {
        std::vector<SchemaViolation> found;
        Evaluator(&found, path_, depth_).Eval(*branch, v);
        if (best.empty() || (!found.empty() && found.size() < best.size())) {
            best = std::move(found);
        }
    }
    if (best.empty()) {
        Report(v.mark, [] { return std::string("does not match any of the allowed forms"); });
    }
    sink_->insert(sink_->end(), std::make_move_iterator(best.begin()), std::make_move_iterator(best.end()));
}

bool Evaluator::CheckNot(const SchemaNode& node, const Value& v) {
    if (node.not_schema == nullptr || !Passes(*node.not_schema, v)) {
        return true;
    }
    Report(v.mark, [] { return std::string("must not match the excluded form"); });
    return false;
}

bool Evaluator::CheckConditional(const SchemaNode& node, const Value& v) {
    if (node.if_schema == nullptr) {
        return true;
    }
    const SchemaNode* then_or_else = Passes(*node.if_schema, v) ? node.then_schema : node.else_schema;
    return then_or_else == nullptr || Eval(*then_or_else, v);
}

}  // namespace compose::loader::impl
