#include "engine/daemon/prune_filter.hpp"

#include "engine/base/error.hpp"
#include "engine/daemon/image_filters.hpp"

namespace engine::daemon {

PruneFilter PruneFilter::Parse(const api::Filters& filters, std::int64_t now) {
    filters.Validate({"label", "label!", "until"});
    PruneFilter filter(filters);
    if (filters.Has("until")) {
        const std::vector<std::string> values = filters.Values("until");
        if (values.size() != 1) {
            throw Error(Errc::kInvalidArgument, "more than one until filter specified");
        }
        filter.until_ = ParseFilterTime(values.front(), now);
    }
    return filter;
}

bool PruneFilter::Matches(std::int64_t created, const std::map<std::string, std::string, std::less<>>& labels) const {
    if (until_ && created > *until_) {
        return false;
    }
    return filters_.MatchKVList("label", labels) && !(filters_.Has("label!") && filters_.MatchKVList("label!", labels));
}

}  // namespace engine::daemon
