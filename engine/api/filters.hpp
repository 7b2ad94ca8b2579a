#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace engine::api {

/// The `filters` query parameter: a set of values per key, as moby's filters.Args holds it.
class Filters final {
  public:
    /// key → (value → flag). The flag is what the map form carried ({"label":{"a=b":true}});
    /// the list form sets true. Values() lists every value; only ExactMatch looks at the flag,
    /// as in moby.
    using Fields = std::map<std::string, std::map<std::string, bool, std::less<>>, std::less<>>;

    Filters() = default;
    explicit Filters(Fields fields) : fields_(std::move(fields)) {}

    /// True when `key` was given, even with no values.
    bool Has(std::string_view key) const;

    /// The keys given, sorted.
    std::vector<std::string> Keys() const;

    /// The values of `key`, sorted; empty when absent.
    std::vector<std::string> Values(std::string_view key) const;

    /// True when `key` has no values (no filtering) or `source` is one of them (with a true flag).
    bool ExactMatch(std::string_view key, std::string_view source) const;

    /// ExactMatch, or one of the values, taken as a regular expression, is found anywhere in
    /// `source` (moby's Match; values that are not valid expressions are skipped).
    bool Match(std::string_view key, std::string_view source) const;

    /// ExactMatch, or `source` starts with one of the values (moby's FuzzyMatch, used for ids).
    bool FuzzyMatch(std::string_view key, std::string_view source) const;

    /// moby's MatchKVList, the label filter: true when `key` has no values; otherwise every
    /// value must hold in `labels`, where "k" needs label k to exist and "k=v" needs it equal v.
    bool MatchKVList(std::string_view key, const std::map<std::string, std::string, std::less<>>& labels) const;

    /// moby's GetBoolOrDefault: `default_value` when `key` is absent; true or false when its
    /// values say exactly one of {"1","true"} / {"0","false"}. Throws Error(kInvalidArgument,
    /// "invalid filter 'dangling=[maybe]'") when they say neither or both.
    bool BoolOrDefault(std::string_view key, bool default_value) const;

    /// Throws Error(kInvalidArgument, "invalid filter 'foo'") for the first key (in sorted
    /// order) that is not in `accepted`.
    void Validate(std::span<const std::string_view> accepted) const;
    void Validate(std::initializer_list<std::string_view> accepted) const;

  private:
    Fields fields_;
};

/// Parses the decoded `filters` parameter. Both forms moby accepts (filters.FromJSON): the map
/// form {"label":{"a=b":true}} sent by the docker CLI and the legacy list form {"label":["a=b"]}
/// sent by docker-py. "" and "null" are no filters. Anything else, including a mix of the two
/// forms, throws Error(kInvalidArgument, "invalid filter") — moby's text.
Filters ParseFilters(std::string_view json);

}  // namespace engine::api
