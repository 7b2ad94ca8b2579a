#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compose/model/value.hpp"

// The merge rules of compose-go (override/merge.go mergeSpecials, override/uncity.go unique)
// as data, and the trie the merge walks them with. Internal to merge.cpp.
namespace compose::loader::merge_rules {

enum class Rule { kDefault, kReplace, kKeyValueMap, kHostMap, kUniqueList, kNameMap, kDependsOn, kLogging, kBuild };

using MergeKey = std::string (*)(const model::Value&, std::string_view);

struct PathRule final {
    std::string_view pattern;  // dotted path from the project root; '*' matches one segment
    Rule rule;
    MergeKey key = nullptr;  // kUniqueList only
};

/// The rule table as a trie over path segments, so that each step down the tree costs one
/// lookup among the children instead of matching every pattern against the whole path.
class RuleTrie final {
  public:
    static constexpr int kNoRules = 0;  // a subtree no pattern reaches: everything merges by default

    RuleTrie();

    /// The trie of the whole table, built once.
    static const RuleTrie& Get();

    int Root() const { return kRoot; }

    /// The node for `segment` below `node`; an exact name takes precedence over '*'. No node in
    /// the table has both, so there is nothing to backtrack to.
    int Step(int node, std::string_view segment) const {
        const Node& from = nodes_[node];
        for (const auto& [name, child] : from.named) {
            if (name == segment) {
                return child;
            }
        }
        return from.wildcard;
    }

    const PathRule* RuleAt(int node) const { return nodes_[node].rule; }

  private:
    static constexpr int kRoot = 1;

    struct Node final {
        std::vector<std::pair<std::string_view, int>> named;
        int wildcard = kNoRules;
        const PathRule* rule = nullptr;
    };

    int Child(int node, std::string_view segment);

    std::vector<Node> nodes_;  // [0] is the empty kNoRules node
};

}  // namespace compose::loader::merge_rules
