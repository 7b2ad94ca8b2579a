#include "compose/loader/merge.hpp"

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "compose/loader/load_error.hpp"
#include "compose/loader/merge_keys.hpp"

namespace compose::loader {
namespace {

using model::Value;

constexpr std::string_view kResetTag = "!reset";
constexpr std::string_view kOverrideTag = "!override";

enum class Rule { kDefault, kReplace, kKeyValueMap, kHostMap, kUniqueList, kNameMap, kDependsOn, kLogging, kBuild };

using MergeKey = std::string (*)(const Value&, std::string_view);

struct PathRule final {
    std::string_view pattern;  // dotted path from the project root; '*' matches one segment
    Rule rule;
    MergeKey key = nullptr;  // kUniqueList only
};

// compose-go override/merge.go (mergeSpecials) and override/uncity.go (unique), in one table.
constexpr std::array kRules{
    PathRule{"services.*.command", Rule::kReplace},
    PathRule{"services.*.entrypoint", Rule::kReplace},
    PathRule{"services.*.healthcheck.test", Rule::kReplace},
    PathRule{"services.*.ulimits.*", Rule::kReplace},
    PathRule{"services.*.environment", Rule::kKeyValueMap},
    PathRule{"services.*.labels", Rule::kKeyValueMap},
    PathRule{"services.*.annotations", Rule::kKeyValueMap},
    PathRule{"services.*.sysctls", Rule::kKeyValueMap},
    PathRule{"services.*.build.args", Rule::kKeyValueMap},
    PathRule{"services.*.build.labels", Rule::kKeyValueMap},
    PathRule{"services.*.build.additional_contexts", Rule::kKeyValueMap},
    PathRule{"services.*.deploy.labels", Rule::kKeyValueMap},
    PathRule{"networks.*.labels", Rule::kKeyValueMap},
    PathRule{"volumes.*.labels", Rule::kKeyValueMap},
    PathRule{"services.*.extra_hosts", Rule::kHostMap},
    PathRule{"services.*.build.extra_hosts", Rule::kHostMap},
    PathRule{"services.*.ports", Rule::kUniqueList, &PortMergeKey},
    PathRule{"services.*.volumes", Rule::kUniqueList, &VolumeMergeKey},
    PathRule{"services.*.secrets", Rule::kUniqueList, &SecretMergeKey},
    PathRule{"services.*.configs", Rule::kUniqueList, &ConfigMergeKey},
    PathRule{"services.*.devices", Rule::kUniqueList, &DeviceMergeKey},
    PathRule{"services.*.env_file", Rule::kUniqueList, &EnvFileMergeKey},
    PathRule{"services.*.expose", Rule::kUniqueList, &ScalarMergeKey},
    PathRule{"services.*.dns", Rule::kUniqueList, &ScalarMergeKey},
    PathRule{"services.*.dns_search", Rule::kUniqueList, &ScalarMergeKey},
    PathRule{"services.*.dns_opt", Rule::kUniqueList, &ScalarMergeKey},
    PathRule{"services.*.cap_add", Rule::kUniqueList, &ScalarMergeKey},
    PathRule{"services.*.cap_drop", Rule::kUniqueList, &ScalarMergeKey},
    PathRule{"services.*.profiles", Rule::kUniqueList, &ScalarMergeKey},
    PathRule{"services.*.tmpfs", Rule::kUniqueList, &ScalarMergeKey},
    PathRule{"services.*.links", Rule::kUniqueList, &ScalarMergeKey},
    PathRule{"services.*.label_file", Rule::kUniqueList, &ScalarMergeKey},
    PathRule{"services.*.networks.*.aliases", Rule::kUniqueList, &ScalarMergeKey},
    PathRule{"services.*.networks.*.link_local_ips", Rule::kUniqueList, &ScalarMergeKey},
    PathRule{"services.*.build.tags", Rule::kUniqueList, &ScalarMergeKey},
    PathRule{"services.*.build.platforms", Rule::kUniqueList, &ScalarMergeKey},
    PathRule{"services.*.networks", Rule::kNameMap},
    PathRule{"services.*.models", Rule::kNameMap},
    PathRule{"services.*.depends_on", Rule::kDependsOn},
    PathRule{"services.*.logging", Rule::kLogging},
    PathRule{"services.*.build", Rule::kBuild},
};

bool Matches(std::string_view pattern, const std::vector<std::string>& path) {
    for (std::size_t index = 0;; ++index) {
        auto dot = pattern.find('.');
        std::string_view segment = pattern.substr(0, dot);
        if (index >= path.size() || (segment != "*" && segment != path[index])) {
            return false;
        }
        if (dot == std::string_view::npos) {
            return index + 1 == path.size();
        }
        pattern.remove_prefix(dot + 1);
    }
}

/// A deep copy of an override value as it is stored: tags cleared, !reset entries dropped.
Value Clean(const Value& value) {
    Value out;
    if (value.IsMap()) {
        out = Value::MakeMap();
        for (const auto& [key, child] : value.AsMap()) {
            if (child.tag != kResetTag) {
                out.AsMap().emplace(key, Clean(child));
            }
        }
    } else if (value.IsSeq()) {
        out = Value::MakeSeq();
        out.AsSeq().reserve(value.AsSeq().size());
        for (const Value& item : value.AsSeq()) {
            out.AsSeq().push_back(Clean(item));
        }
    } else {
        out = value;
        out.tag.clear();
    }
    out.mark = value.mark;
    out.key_mark = value.key_mark;
    return out;
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
Value ContextMap(const Value& context) {
    Value map = Value::MakeMap();
    Value text = Clean(context);
    text.key_mark = context.mark;
    map.AsMap().emplace("context", std::move(text));
    map.mark = context.mark;
    map.key_mark = context.key_mark;
    return map;
}

/// Walks an override over a base, tracking the path so the rules and messages can name it.
class Merger final {
  public:
    explicit Merger(std::vector<std::string> path) : path_(std::move(path)) {}

    /// Merges `over` into `slot`; a null slot is an absent base.
    void Merge(Value& slot, const Value& over);
    void MergeEntries(Value::Map& into, const Value::Map& from);

  private:
    void MergeDefault(Value& slot, const Value& over);
    void MergeConvertedMap(Value& slot, const Value& over, Rule rule);
    void MergeUniqueList(Value& slot, const Value& over, MergeKey key);
    void MergeNameMap(Value& slot, const Value& over, bool depends_on);
    void MergeLogging(Value& slot, const Value& over);
    void MergeBuild(Value& slot, const Value& over);
    std::string Where() const;

    std::vector<std::string> path_;
};

void Merger::Merge(Value& slot, const Value& over) {
    if (over.IsNull()) {
        // A key left empty in a later file says nothing; clearing takes an explicit !reset.
        if (slot.IsNull()) {
            slot = Clean(over);
        }
        return;
    }
    const PathRule* found = nullptr;
    for (const PathRule& rule : kRules) {
        if (Matches(rule.pattern, path_)) {
            found = &rule;
            break;
        }
    }
    switch (found == nullptr ? Rule::kDefault : found->rule) {
        case Rule::kDefault:
            return MergeDefault(slot, over);
        case Rule::kReplace:
            slot = Clean(over);
            return;
        case Rule::kKeyValueMap:
        case Rule::kHostMap:
            return MergeConvertedMap(slot, over, found->rule);
        case Rule::kUniqueList:
            return MergeUniqueList(slot, over, found->key);
        case Rule::kNameMap:
        case Rule::kDependsOn:
            return MergeNameMap(slot, over, found->rule == Rule::kDependsOn);
        case Rule::kLogging:
            return MergeLogging(slot, over);
        case Rule::kBuild:
            return MergeBuild(slot, over);
    }
}

void Merger::MergeEntries(Value::Map& into, const Value::Map& from) {
    for (const auto& [key, over] : from) {
        if (over.tag == kResetTag) {
            if (auto it = into.find(key); it != into.end()) {
                into.erase(it);
            }
            continue;
        }
        Value& slot = into[key];
        if (over.tag == kOverrideTag) {
            slot = Clean(over);
            continue;
        }
        if (slot.IsNull()) {
            slot.key_mark = over.key_mark;
        }
        path_.push_back(key);
        Merge(slot, over);
        path_.pop_back();
    }
}

void Merger::MergeDefault(Value& slot, const Value& over) {
    if (over.IsScalar()) {
        if (!slot.IsScalar()) {
            ThrowMismatch(Where(), slot, over);
        }
        slot = Clean(over);
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
        MergeEntries(slot.AsMap(), over.AsMap());
        return;
    }
    for (const Value& item : over.AsSeq()) {
        slot.AsSeq().push_back(Clean(item));
    }
}

void Merger::MergeConvertedMap(Value& slot, const Value& over, Rule rule) {
    const std::string where = Where();
    auto entries = rule == Rule::kHostMap ? &HostEntries : &KeyValueEntries;
    Value::Map merged = slot.IsMap() ? std::move(slot.AsMap()) : entries(slot, where);
    // Entries are values, not structures: the later one replaces, tags apply per entry.
    for (const auto& [key, value] : entries(over, where)) {
        if (value.tag == kResetTag) {
            merged.erase(key);
        } else {
            merged.insert_or_assign(key, Clean(value));
        }
    }
    Store(slot, Value(std::move(merged)), over);
}

void Merger::MergeUniqueList(Value& slot, const Value& over, MergeKey key) {
    const std::string where = Where();
    Value::Seq merged;
    std::unordered_map<std::string, std::size_t> positions;
    auto add = [&](Value item) {
        auto [it, inserted] = positions.try_emplace(key(item, where), merged.size());
        if (inserted) {
            merged.push_back(std::move(item));
        } else {
            merged[it->second] = std::move(item);
        }
    };
    for (Value& item : ListItems(slot, where)) {
        add(std::move(item));
    }
    for (const Value& item : ListItems(over, where)) {
        add(Clean(item));
    }
    Store(slot, Value(std::move(merged)), over);
}

void Merger::MergeNameMap(Value& slot, const Value& over, bool depends_on) {
    const std::string where = Where();
    Value merged(slot.IsMap() ? std::move(slot.AsMap()) : NameEntries(slot, where, depends_on));
    if (over.IsMap()) {
        MergeEntries(merged.AsMap(), over.AsMap());
    } else {
        MergeEntries(merged.AsMap(), NameEntries(over, where, depends_on));
    }
    Store(slot, std::move(merged), over);
}

void Merger::MergeLogging(Value& slot, const Value& over) {
    const Value* base_driver = slot.Find("driver");
    const Value* over_driver = over.Find("driver");
    // Options of one driver mean nothing to another (compose-go mergeLogging).
    if (base_driver != nullptr && over_driver != nullptr && *base_driver != *over_driver) {
        slot = Clean(over);
        return;
    }
    MergeDefault(slot, over);
}

void Merger::MergeBuild(Value& slot, const Value& over) {
    if (slot.IsString()) {
        slot = ContextMap(slot);
    }
    MergeDefault(slot, over.IsString() ? ContextMap(over) : over);
}

std::string Merger::Where() const {
    // MergeService alone runs at {"services", ""}: its paths are named relative to the service.
    std::size_t first = path_.size() >= 2 && path_[0] == "services" && path_[1].empty() ? 2 : 0;
    std::string out;
    for (std::size_t i = first; i < path_.size(); ++i) {
        out += (out.empty() ? "" : ".") + path_[i];
    }
    return out.empty() ? std::string("service") : out;
}

}  // namespace

void MergeProject(Value& base, const Value& override) {
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
    Merger({}).MergeEntries(base.AsMap(), override.AsMap());
}

void MergeService(Value& base, const Value& override) {
    if (override.tag == kOverrideTag) {
        base = Clean(override);
        return;
    }
    if (override.tag == kResetTag) {
        base = Value();
        return;
    }
    Merger({"services", ""}).Merge(base, override);
}

}  // namespace compose::loader
