#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace engine::api {

/// Decodes a query key or value like Go's url.QueryUnescape: "%XX" becomes the byte, '+' a
/// space. Throws Error(kInvalidArgument, "invalid URL escape \"%zz\"") for a bad escape.
std::string QueryUnescape(std::string_view text);

/// Decodes a path like Go's url.PathUnescape: "%XX" becomes the byte, '+' stays. Same error.
std::string PathUnescape(std::string_view text);

/// The parsed query of a request, with moby's form helpers (api/server/httputils/form.go).
/// Keys and values are percent-decoded; a repeated key keeps every value, in request order.
class Query final {
  public:
    using Item = std::pair<std::string, std::string>;

    Query() = default;

    /// Parses `raw` ("all=1&filters=%7B%7D") like Go's url.ParseQuery: pairs split on '&',
    /// empty pairs skipped, a pair without '=' is the key with an empty value.
    /// Throws Error(kInvalidArgument) for a bad escape, or "invalid semicolon separator in
    /// query" when a pair contains ';' (Go rejects those since 1.17).
    static Query Parse(std::string_view raw);

    /// Every (key, value) pair in request order.
    const std::vector<Item>& items() const { return items_; }

    /// True when `key` appeared at all, even as "key" or "key=".
    bool Has(std::string_view key) const;

    /// The first value of `key`, or "" when absent (Go's Form.Get).
    std::string Get(std::string_view key) const;

    /// All values of `key` in request order ("names=a&names=b" gives {"a", "b"}).
    std::vector<std::string> GetAll(std::string_view key) const;

    /// moby's BoolValue: the first value, trimmed and lowercased, is false when it is "", "0",
    /// "no", "false" or "none" and true otherwise; an absent key is false.
    bool BoolValue(std::string_view key) const;

    /// `default_value` when `key` is absent, else BoolValue(key) (so a bare "?all" is false).
    bool BoolValueOrDefault(std::string_view key, bool default_value) const;

    /// The first value of `key` as a base-10 int64 (optional sign), or `default_value` when the
    /// key is absent or its value is empty (moby's Int64ValueOrDefault). Throws
    /// Error(kInvalidArgument, "invalid value for query parameter t: \"x\" is not an integer")
    /// or "...: \"...\" is out of range".
    std::int64_t Int64ValueOrDefault(std::string_view key, std::int64_t default_value) const;

  private:
    explicit Query(std::vector<Item> items) : items_(std::move(items)) {}

    std::vector<Item> items_;
};

}  // namespace engine::api
