#include "engine/api/filters.hpp"

#include <algorithm>
#include <optional>
#include <regex>

#include <nlohmann/json.hpp>

#include "engine/base/error.hpp"

namespace engine::api {
namespace {

using Json = nlohmann::json;

Error InvalidFilter() {
    return Error(Errc::kInvalidArgument, "invalid filter");
}

// The map form, as Go decodes into map[string]map[string]bool: a null set is an empty set and
// a null flag is false. nullopt when the document has another shape.
std::optional<Filters::Fields> FromMapForm(const Json& document) {
    Filters::Fields fields;
    for (const auto& [key, set] : document.items()) {
        auto& values = fields[key];
        if (set.is_null()) {
            continue;
        }
        if (!set.is_object()) {
            return std::nullopt;
        }
        for (const auto& [value, flag] : set.items()) {
            if (!flag.is_boolean() && !flag.is_null()) {
                return std::nullopt;
            }
            values[value] = flag.is_boolean() && flag.get<bool>();
        }
    }
    return fields;
}

// The legacy list form, as Go decodes into map[string][]string (a null item is "").
std::optional<Filters::Fields> FromListForm(const Json& document) {
    Filters::Fields fields;
    for (const auto& [key, list] : document.items()) {
        auto& values = fields[key];
        if (list.is_null()) {
            continue;
        }
        if (!list.is_array()) {
            return std::nullopt;
        }
        for (const Json& item : list) {
            if (!item.is_string() && !item.is_null()) {
                return std::nullopt;
            }
            values[item.is_string() ? item.get<std::string>() : std::string()] = true;
        }
    }
    return fields;
}

// Go's fmt "%s" of a []string: "[a b]".
std::string GoList(const std::vector<std::string>& values) {
    std::string out = "[";
    for (std::size_t i = 0; i < values.size(); ++i) {
        out += (i == 0 ? "" : " ") + values[i];
    }
    return out + "]";
}

}  // namespace

bool Filters::Has(std::string_view key) const {
    return fields_.find(key) != fields_.end();
}

std::vector<std::string> Filters::Keys() const {
    std::vector<std::string> keys;
    for (const auto& [key, values] : fields_) {
        keys.push_back(key);
    }
    return keys;
}

std::vector<std::string> Filters::Values(std::string_view key) const {
    std::vector<std::string> out;
    if (const auto found = fields_.find(key); found != fields_.end()) {
        for (const auto& [value, flag] : found->second) {
            out.push_back(value);
        }
    }
    return out;
}

bool Filters::ExactMatch(std::string_view key, std::string_view source) const {
    const auto found = fields_.find(key);
    if (found == fields_.end() || found->second.empty()) {
        return true;
    }
    const auto value = found->second.find(source);
    return value != found->second.end() && value->second;
}

bool Filters::Match(std::string_view key, std::string_view source) const {
    if (ExactMatch(key, source)) {
        return true;
    }
    for (const std::string& pattern : Values(key)) {
        try {
            if (std::regex_search(source.begin(), source.end(), std::regex(pattern))) {
                return true;
            }
        } catch (const std::regex_error&) {
            // moby skips a value that does not compile as a pattern.
        }
    }
    return false;
}

bool Filters::FuzzyMatch(std::string_view key, std::string_view source) const {
    if (ExactMatch(key, source)) {
        return true;
    }
    const std::vector<std::string> prefixes = Values(key);
    return std::any_of(prefixes.begin(), prefixes.end(), [source](const std::string& prefix) {
        return source.substr(0, prefix.size()) == prefix;
    });
}

bool Filters::MatchKVList(std::string_view key, const std::map<std::string, std::string, std::less<>>& labels) const {
    const std::vector<std::string> wanted = Values(key);
    if (wanted.empty()) {
        return true;
    }
    return std::all_of(wanted.begin(), wanted.end(), [&labels](const std::string& condition) {
        const std::size_t equals = condition.find('=');
        const auto label = labels.find(std::string_view(condition).substr(0, equals));
        if (label == labels.end()) {
            return false;
        }
        return equals == std::string::npos || label->second == condition.substr(equals + 1);
    });
}

bool Filters::BoolOrDefault(std::string_view key, bool default_value) const {
    const auto found = fields_.find(key);
    if (found == fields_.end()) {
        return default_value;
    }
    const auto flagged = [&found](std::string_view value) {
        const auto entry = found->second.find(value);
        return entry != found->second.end() && entry->second;
    };
    const bool is_false = flagged("0") || flagged("false");
    const bool is_true = flagged("1") || flagged("true");
    if (is_false == is_true) {
        const std::string shown = found->second.empty() ? "" : "=" + GoList(Values(key));
        throw Error(Errc::kInvalidArgument, "invalid filter '" + std::string(key) + shown + "'");
    }
    return is_true;
}

void Filters::Validate(std::span<const std::string_view> accepted) const {
    for (const auto& [key, values] : fields_) {
        if (std::find(accepted.begin(), accepted.end(), key) == accepted.end()) {
            throw Error(Errc::kInvalidArgument, "invalid filter '" + key + "'");
        }
    }
}

void Filters::Validate(std::initializer_list<std::string_view> accepted) const {
    Validate(std::span<const std::string_view>(accepted.begin(), accepted.size()));
}

Filters ParseFilters(std::string_view json) {
    if (json.empty()) {
        return Filters();
    }
    const Json document = Json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded()) {
        throw InvalidFilter();
    }
    if (document.is_null()) {
        return Filters();
    }
    if (!document.is_object()) {
        throw InvalidFilter();
    }
    if (std::optional<Filters::Fields> fields = FromMapForm(document)) {
        return Filters(std::move(*fields));
    }
    if (std::optional<Filters::Fields> fields = FromListForm(document)) {
        return Filters(std::move(*fields));
    }
    throw InvalidFilter();
}

}  // namespace engine::api
