#include "compose/loader/merge_rules.hpp"

#include <array>

#include "compose/loader/merge_keys.hpp"

namespace compose::loader::merge_rules {
namespace {

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

}  // namespace

RuleTrie::RuleTrie() : nodes_(2) {
    for (const PathRule& rule : kRules) {
        int node = kRoot;
        for (std::string_view pattern = rule.pattern;;) {
            auto dot = pattern.find('.');
            node = Child(node, pattern.substr(0, dot));
            if (dot == std::string_view::npos) {
                break;
            }
            pattern.remove_prefix(dot + 1);
        }
        if (nodes_[node].rule == nullptr) {  // the first matching pattern wins, as in the table
            nodes_[node].rule = &rule;
        }
    }
}

const RuleTrie& RuleTrie::Get() {
    static const RuleTrie trie;
    return trie;
}

int RuleTrie::Child(int node, std::string_view segment) {
    const bool wildcard = segment == "*";
    if (wildcard && nodes_[node].wildcard != kNoRules) {
        return nodes_[node].wildcard;
    }
    if (!wildcard) {
        for (const auto& [name, child] : nodes_[node].named) {
            if (name == segment) {
                return child;
            }
        }
    }
    const int created = static_cast<int>(nodes_.size());
    nodes_.emplace_back();
    if (wildcard) {
        nodes_[node].wildcard = created;
    } else {
        nodes_[node].named.emplace_back(segment, created);
    }
    return created;
}

}  // namespace compose::loader::merge_rules
