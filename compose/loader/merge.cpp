#include "compose/loader/merge.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "compose/loader/load_error.hpp"
#include "compose/loader/merge_keys.hpp"
#include "compose/loader/merge_rules.hpp"

namespace compose::loader {
namespace {

using model::Value;

constexpr std::string_view kResetTag = "!reset";
constexpr std::string_view kOverrideTag = "!override";

using merge_rules::MergeKey;
using merge_rules::PathRule;
using merge_rules::Rule;
using merge_rules::RuleTrie;

/// Makes an override value what is stored, in place: tags cleared, !reset entries dropped.
void CleanInPlace(Value& value) {
    value.tag.clear();
    if (value.IsMap()) {
        Value::Map& map = value.AsMap();
        for (auto it = map.begin(); it != map.end();) {
            if (it->second.tag == kResetTag) {
                it = map.erase(it);
            } else {
                CleanInPlace(it->second);
                ++it;
            }
        }
    } else if (value.IsSeq()) {
        for (Value& item : value.AsSeq()) {
            CleanInPlace(item);
        }
    }
}

Value Clean(Value&& value) {
    CleanInPlace(value);
    return std::move(value);
}

/// Stores a merged container in `slot`, with the base's marks when there was a base value.
void Store(Value& slot, Value merged, const Value& over) {
    const Value& origin = slot.IsNull() ? over : slot;
    merged.mark = origin.mark;
    merged.key_mark = origin.key_mark;
    slot = std::move(merged);
}

[[noreturn]] void ThrowMismatch(std::string_view where, const Value& base, const Value& over) {
    throw LoadError(over.mark,
                    std::string(where) + ": cannot merge " + std::string(Value::KindName(over.kind())) + " into " +
                        std::string(Value::KindName(base.kind())) +
                        "; write both files in the same form, or tag the later value !override to replace the "
                        "earlier one");
}

/// `build: ./dir` as the mapping it abbreviates.
Value ContextMap(Value&& context) {
    Value map = Value::MakeMap();
    map.mark = context.mark;
    map.key_mark = context.key_mark;
    Value text = Clean(std::move(context));
    text.key_mark = text.mark;
    map.AsMap().emplace("context", std::move(text));
    return map;
}

/// A list-or-single-value attribute's items, taken from `value` (which is left moved-from).
Value::Seq TakeItems(Value& value, std::string_view where) {
    return value.IsSeq() ? std::move(value.AsSeq()) : ListItems(value, where);
}

/// Walks an override over a base, consuming the override: its nodes move into the result.
/// Tracks the path so the rules and messages can name it.
class Merger final {
  public:
    /// Starts at `path` (its segments), at the trie node `node` that path leads to.
    Merger(std::initializer_list<std::string_view> path, int node) : nodes_{node} {
        for (std::string_view segment : path) {
            Push(segment);
        }
    }

    /// Merges `over` into `slot`; a null slot is an absent base.
    void Merge(Value& slot, Value&& over);
    void MergeEntries(Value::Map& into, Value::Map&& from);

  private:
    void AdoptEntries(Value::Map& into, Value::Map&& from);
    /// Merges `value`, the override's entry for a key the base lacks, over nothing, in place.
    void MergeAbsent(std::string_view key, Value& value);
    void MergeDefault(Value& slot, Value&& over);
    void MergeConvertedMap(Value& slot, Value&& over, Rule rule);
    void MergeUniqueList(Value& slot, Value&& over, MergeKey key);
    void MergeNameMap(Value& slot, Value&& over, bool depends_on);
    void MergeLogging(Value& slot, Value&& over);
    void MergeBuild(Value& slot, Value&& over);
    /// Merges at `key` below the current path; `node` is the trie's step to it.
    void MergeChild(std::string_view key, int node, Value& slot, Value&& over);
    void Push(std::string_view segment);
    void Pop();
    /// The path for messages; valid until the path next changes.
    std::string_view Where() const;

    const RuleTrie& trie_ = RuleTrie::Get();
    // The dotted path, kept as one string so naming it in a message costs no allocation.
    std::string path_;
    std::vector<std::size_t> ends_;  // where each segment of path_ ends
    std::vector<int> nodes_;         // trie node of the root and of each path prefix
};

void Merger::Merge(Value& slot, Value&& over) {
    if (over.IsNull()) {
        // A key left empty in a later file says nothing; clearing takes an explicit !reset.
        if (slot.IsNull()) {
            slot = Clean(std::move(over));
        }
        return;
    }
    const PathRule* found = trie_.RuleAt(nodes_.back());
    switch (found == nullptr ? Rule::kDefault : found->rule) {
        case Rule::kDefault:
            return MergeDefault(slot, std::move(over));
        case Rule::kReplace:
            slot = Clean(std::move(over));
            return;
        case Rule::kKeyValueMap:
        case Rule::kHostMap:
            return MergeConvertedMap(slot, std::move(over), found->rule);
        case Rule::kUniqueList:
            return MergeUniqueList(slot, std::move(over), found->key);
        case Rule::kNameMap:
        case Rule::kDependsOn:
            return MergeNameMap(slot, std::move(over), found->rule == Rule::kDependsOn);
        case Rule::kLogging:
            return MergeLogging(slot, std::move(over));
        case Rule::kBuild:
            return MergeBuild(slot, std::move(over));
    }
}

void Merger::MergeChild(std::string_view key, int node, Value& slot, Value&& over) {
    Push(key);
    nodes_.push_back(node);
    Merge(slot, std::move(over));
    nodes_.pop_back();
    Pop();
}

void Merger::Push(std::string_view segment) {
    if (!ends_.empty()) {
        path_ += '.';
    }
    path_ += segment;
    ends_.push_back(path_.size());
}

void Merger::Pop() {
    ends_.pop_back();
    path_.resize(ends_.empty() ? 0 : ends_.back());
}

void Merger::MergeEntries(Value::Map& into, Value::Map&& from) {
    if (into.empty()) {
        return AdoptEntries(into, std::move(from));
    }
    // Both maps are sorted: walk them together, so each key costs a step rather than a search.
    // Entries absent from the base move over as whole map nodes: no key or node is copied.
    auto pos = into.begin();
    while (!from.empty()) {
        auto entry = from.extract(from.begin());
        while (pos != into.end() && pos->first < entry.key()) {
            ++pos;
        }
        Value& over = entry.mapped();
        if (pos == into.end() || pos->first != entry.key()) {
            if (over.tag != kResetTag) {
                MergeAbsent(entry.key(), over);
                into.insert(pos, std::move(entry));
            }
        } else if (over.tag == kResetTag) {
            pos = into.erase(pos);
        } else if (over.tag == kOverrideTag) {
            pos->second = Clean(std::move(over));
        } else {
            if (pos->second.IsNull()) {
                pos->second.key_mark = over.key_mark;
            }
            MergeChild(pos->first, trie_.Step(nodes_.back(), pos->first), pos->second, std::move(over));
        }
    }
}

void Merger::AdoptEntries(Value::Map& into, Value::Map&& from) {
    // Nothing to merge with: take the override's map whole and apply the rules in place.
    into = std::move(from);
    for (auto it = into.begin(); it != into.end();) {
        if (it->second.tag == kResetTag) {
            it = into.erase(it);
        } else {
            MergeAbsent(it->first, it->second);
            ++it;
        }
    }
}

void Merger::MergeAbsent(std::string_view key, Value& value) {
    const int node = trie_.Step(nodes_.back(), key);
    const PathRule* rule = trie_.RuleAt(node);
    // Over nothing, a value that no rule reshapes is stored as it is, only cleaned: skip the walk.
    const bool as_is = rule == nullptr ? value.IsScalar() || node == RuleTrie::kNoRules : rule->rule == Rule::kReplace;
    if (as_is || value.IsNull() || value.tag == kOverrideTag) {
        CleanInPlace(value);
        return;
    }
    // As a merge into a null slot that carries the key's mark.
    Value over = std::move(value);
    value = Value();
    value.key_mark = over.key_mark;
    MergeChild(key, node, value, std::move(over));
}

void Merger::MergeDefault(Value& slot, Value&& over) {
    if (over.IsScalar()) {
        if (!slot.IsScalar()) {
            ThrowMismatch(Where(), slot, over);
        }
        slot = Clean(std::move(over));
        return;
    }
    if (slot.IsScalar()) {
        // Nothing to merge with (absent, or a scalar the container replaces): start from an
        // empty container so the rules below this path still apply to the override's content.
        Value fresh = over.IsMap() ? Value::MakeMap() : Value::MakeSeq();
        fresh.mark = over.mark;
        fresh.key_mark = over.key_mark;
        slot = std::move(fresh);
    }
    if (slot.kind() != over.kind()) {
        ThrowMismatch(Where(), slot, over);
    }
    if (over.IsMap()) {
        MergeEntries(slot.AsMap(), std::move(over.AsMap()));
        return;
    }
    Value::Seq& into = slot.AsSeq();
    if (into.empty()) {
        into = std::move(over.AsSeq());
        for (Value& item : into) {
            CleanInPlace(item);
        }
        return;
    }
    into.reserve(into.size() + over.AsSeq().size());
    for (Value& item : over.AsSeq()) {
        into.push_back(Clean(std::move(item)));
    }
}

void Merger::MergeConvertedMap(Value& slot, Value&& over, Rule rule) {
    const std::string_view where = Where();
    auto entries = rule == Rule::kHostMap ? &HostEntries : &KeyValueEntries;
    Value::Map merged = slot.IsMap() ? std::move(slot.AsMap()) : entries(slot, where);
    Value::Map from = over.IsMap() ? std::move(over.AsMap()) : entries(over, where);
    // Entries are values, not structures: the later one replaces, tags apply per entry.
    while (!from.empty()) {
        auto entry = from.extract(from.begin());
        auto pos = merged.lower_bound(entry.key());
        const bool present = pos != merged.end() && pos->first == entry.key();
        if (entry.mapped().tag == kResetTag) {
            if (present) {
                merged.erase(pos);
            }
        } else if (present) {
            pos->second = Clean(std::move(entry.mapped()));
        } else {
            CleanInPlace(entry.mapped());
            merged.insert(pos, std::move(entry));
        }
    }
    Store(slot, Value(std::move(merged)), over);
}

void Merger::MergeUniqueList(Value& slot, Value&& over, MergeKey key) {
    const std::string_view where = Where();
    Value::Seq base_items = TakeItems(slot, where);
    Value::Seq over_items = TakeItems(over, where);
    Value::Seq merged;
    merged.reserve(base_items.size() + over_items.size());
    // Lists are short: a scan of the keys so far beats hashing, up to a point.
    constexpr std::size_t kScanLimit = 16;
    const bool scan = base_items.size() + over_items.size() <= kScanLimit;
    std::vector<std::string> keys;
    std::unordered_map<std::string, std::size_t> positions;
    auto add = [&](Value item) {
        std::string item_key = key(item, where);
        std::size_t at = merged.size();
        if (scan) {
            at = static_cast<std::size_t>(std::find(keys.begin(), keys.end(), item_key) - keys.begin());
            if (at == keys.size()) {
                keys.push_back(std::move(item_key));
            }
        } else {
            at = positions.try_emplace(std::move(item_key), merged.size()).first->second;
        }
        if (at == merged.size()) {
            merged.push_back(std::move(item));
        } else {
            merged[at] = std::move(item);
        }
    };
    for (Value& item : base_items) {
        add(std::move(item));
    }
    for (Value& item : over_items) {
        add(Clean(std::move(item)));
    }
    Store(slot, Value(std::move(merged)), over);
}

void Merger::MergeNameMap(Value& slot, Value&& over, bool depends_on) {
    const std::string_view where = Where();
    Value merged(slot.IsMap() ? std::move(slot.AsMap()) : NameEntries(slot, where, depends_on));
    Value::Map from = over.IsMap() ? std::move(over.AsMap()) : NameEntries(over, where, depends_on);
    MergeEntries(merged.AsMap(), std::move(from));
    Store(slot, std::move(merged), over);
}

void Merger::MergeLogging(Value& slot, Value&& over) {
    const Value* base_driver = slot.Find("driver");
    const Value* over_driver = over.Find("driver");
    // Options of one driver mean nothing to another (compose-go mergeLogging).
    if (base_driver != nullptr && over_driver != nullptr && *base_driver != *over_driver) {
        slot = Clean(std::move(over));
        return;
    }
    MergeDefault(slot, std::move(over));
}

void Merger::MergeBuild(Value& slot, Value&& over) {
    if (slot.IsString()) {
        slot = ContextMap(std::move(slot));
    }
    MergeDefault(slot, over.IsString() ? ContextMap(std::move(over)) : std::move(over));
}

std::string_view Merger::Where() const {
    // MergeService alone runs at {"services", ""}: its paths are named relative to the service.
    const bool relative = ends_.size() >= 2 && ends_[0] == 8 && ends_[1] == 9 && path_.starts_with("services");
    std::string_view out = path_;
    if (relative) {
        out.remove_prefix(std::min(out.size(), std::size_t{10}));
    }
    return out.empty() ? std::string_view("service") : out;
}

}  // namespace

void MergeProject(Value& base, const Value& override) {
    MergeProject(base, Value(override));
}

void MergeProject(Value& base, Value&& override) {
    if (override.IsNull()) {
        return;
    }
    if (!override.IsMap()) {
        throw LoadError(override.mark,
                        "a compose file must be a mapping at the top level, found " +
                            std::string(Value::KindName(override.kind())));
    }
    if (!base.IsMap()) {
        base = Value::MakeMap();
        base.mark = override.mark;
    }
    Merger({}, RuleTrie::Get().Root()).MergeEntries(base.AsMap(), std::move(override.AsMap()));
}

void MergeService(Value& base, const Value& override) {
    MergeService(base, Value(override));
}

void MergeService(Value& base, Value&& override) {
    if (override.tag == kOverrideTag) {
        base = Clean(std::move(override));
        return;
    }
    if (override.tag == kResetTag) {
        base = Value();
        return;
    }
    const RuleTrie& trie = RuleTrie::Get();
    Merger({"services", ""}, trie.Step(trie.Step(trie.Root(), "services"), "")).Merge(base, std::move(override));
}

}  // namespace compose::loader
