#include "engine/daemon/image_filters.hpp"

#include <algorithm>
#include <string>

#include "engine/base/error.hpp"
#include "engine/daemon/event_routes.hpp"

namespace engine::daemon {
namespace {

Error InvalidFilter(std::string_view key, const std::vector<std::string>& values) {
    std::string joined;
    for (const std::string& value : values) {
        joined += (joined.empty() ? "" : " ") + value;
    }
    return Error(Errc::kInvalidArgument, "invalid filter '" + std::string(key) + "=[" + joined + "]'");
}

// A time without a zone gets UTC, the daemon's own zone here (moby uses the daemon's local zone).
std::string WithZone(std::string text) {
    if (text.find('T') == std::string::npos) {
        return text + "T00:00:00Z";
    }
    const std::size_t colons = static_cast<std::size_t>(std::count(text.begin(), text.end(), ':'));
    return text + (colons == 0 ? ":00:00Z" : colons == 1 ? ":00Z" : "Z");
}

}  // namespace

image::UnixNanos ParseFilterTime(std::string_view value, image::UnixNanos now) {
    if (value != "0") {
        try {
            return now - image::ParseGoDuration(value).count();
        } catch (const Error&) {
            // not a duration: try the other forms
        }
    }
    const std::string text(value);
    const bool has_zone =
        text.find_first_of("zZ+") != std::string::npos || std::count(text.begin(), text.end(), '-') == 3;
    try {
        if (text.find('-') != std::string::npos) {
            return image::ParseRfc3339Nano(has_zone ? text : WithZone(text));
        }
        if (const std::optional<std::int64_t> seconds = ParseTimestampParameter("until", text)) {
            return *seconds;
        }
    } catch (const Error&) {
        // reported below with moby's text
    }
    throw Error(Errc::kInvalidArgument, "failed to parse value as time or duration: \"" + text + "\"");
}

image::ListOptions ImageListOptions(const api::Query& query) {
    const api::Filters filters = api::ParseFilters(query.Get("filters"));
    filters.Validate({"dangling", "label", "before", "since", "reference"});
    image::ListOptions options;
    options.all = query.BoolValue("all");
    if (filters.Has("dangling")) {
        if (filters.ExactMatch("dangling", "true") || filters.ExactMatch("dangling", "1")) {
            options.dangling = true;
        } else if (filters.ExactMatch("dangling", "false") || filters.ExactMatch("dangling", "0")) {
            options.dangling = false;
        } else {
            throw InvalidFilter("dangling", filters.Values("dangling"));
        }
    }
    for (const char* key : {"before", "since"}) {
        const std::vector<std::string> values = filters.Values(key);
        if (!values.empty()) {
            (std::string_view(key) == "before" ? options.before : options.since) = values.back();
        }
    }
    options.references = filters.Values("reference");
    if (filters.Has("label")) {
        options.label_match = [filters](const image::Labels& labels) { return filters.MatchKVList("label", labels); };
    }
    return options;
}

image::PruneOptions ImagePruneOptions(const api::Filters& filters, image::UnixNanos now) {
    filters.Validate({"dangling", "label", "label!", "until"});
    image::PruneOptions options;
    if (filters.Has("dangling")) {
        if (filters.ExactMatch("dangling", "false") || filters.ExactMatch("dangling", "0")) {
            options.dangling_only = false;
        } else if (!filters.ExactMatch("dangling", "true") && !filters.ExactMatch("dangling", "1")) {
            throw InvalidFilter("dangling", filters.Values("dangling"));
        }
    }
    const std::vector<std::string> until = filters.Values("until");
    if (until.size() > 1) {
        throw Error(Errc::kInvalidArgument, "more than one until filter specified");
    }
    if (!until.empty()) {
        options.until = ParseFilterTime(until.front(), now);
    }
    if (filters.Has("label") || filters.Has("label!")) {
        // moby's matchLabels: every "label" must hold and no "label!" may.
        options.label_match = [filters](const image::Labels& labels) {
            return filters.MatchKVList("label", labels) &&
                   !(filters.Has("label!") && filters.MatchKVList("label!", labels));
        };
    }
    return options;
}

}  // namespace engine::daemon
