#include "engine/api/network_filter.hpp"

#include "engine/api/network_create.hpp"
#include "engine/base/error.hpp"

namespace engine::api {
namespace {

constexpr std::string_view kAcceptedKeys[] = {"dangling", "driver", "id", "label", "name", "scope", "type"};

Error Invalid(std::string message) {
    return Error(Errc::kInvalidArgument, std::move(message));
}

std::optional<bool> ParseDangling(const Filters& filters) {
    const std::vector<std::string> values = filters.Values("dangling");
    if (values.empty()) {
        return std::nullopt;
    }
    if (values.size() > 1) {
        throw Invalid("got more than one value for filter key \"dangling\"");
    }
    if (values.front() == "1" || values.front() == "true") {
        return true;
    }
    if (values.front() == "0" || values.front() == "false") {
        return false;
    }
    throw Invalid("invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")");
}

}  // namespace

NetworkFilter NetworkFilter::Make(const Filters& filters) {
    filters.Validate(std::span<const std::string_view>(kAcceptedKeys));
    NetworkFilter filter(filters);
    filter.dangling_ = ParseDangling(filters);
    if (filters.Has("type")) {
        filter.custom_ = false;
        filter.builtin_ = false;
        for (const std::string& value : filters.Values("type")) {
            if (value != "custom" && value != "builtin") {
                throw Invalid("invalid filter 'type=" + value + "'");
            }
            (value == "custom" ? filter.custom_ : filter.builtin_) = true;
        }
    }
    return filter;
}

bool NetworkFilter::Matches(const NetworkView& network) const {
    const std::map<std::string, std::string, std::less<>> labels(network.labels.begin(), network.labels.end());
    if (!filters_.ExactMatch("driver", network.driver) || !filters_.Match("name", network.name) ||
        !filters_.Match("id", network.id) || !filters_.MatchKVList("label", labels) ||
        !filters_.ExactMatch("scope", network.scope)) {
        return false;
    }
    const bool predefined = IsPredefinedNetworkName(network.name);
    if (dangling_ && *dangling_ != (!predefined && network.containers.empty())) {
        return false;
    }
    return predefined ? builtin_ : custom_;
}

std::vector<const NetworkView*> NetworkFilter::Apply(std::span<const NetworkView> networks) const {
    std::vector<const NetworkView*> shown;
    for (const NetworkView& network : networks) {
        if (Matches(network)) {
            shown.push_back(&network);
        }
    }
    return shown;
}

}  // namespace engine::api
