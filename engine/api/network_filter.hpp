#pragma once

#include <optional>
#include <span>
#include <vector>

#include "engine/api/filters.hpp"
#include "engine/api/network_config.hpp"

namespace engine::api {

/// GET /networks's filters as moby applies them: driver (exact), id and name (regular
/// expressions searched in the id or name), label (key or key=value), scope (exact),
/// type (custom|builtin: user-defined or predefined networks) and dangling (true|1: networks no
/// container uses, predefined ones excluded; false|0: the others).
class NetworkFilter final {
  public:
    /// Validates `filters`. Throws Error(kInvalidArgument) with moby's texts for an unknown key
    /// ("invalid filter 'foo'"), a bad type ("invalid filter 'type=foo'"), a bad dangling value
    /// ("invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or
    /// \"0\")") or more than one ("got more than one value for filter key \"dangling\"").
    static NetworkFilter Make(const Filters& filters);

    /// True when `network` passes every filter.
    bool Matches(const NetworkView& network) const;

    /// The networks of `networks` that match, in their order.
    std::vector<const NetworkView*> Apply(std::span<const NetworkView> networks) const;

  private:
    explicit NetworkFilter(Filters filters) : filters_(std::move(filters)) {}

    Filters filters_;
    std::optional<bool> dangling_;
    bool custom_ = true;
    bool builtin_ = true;
};

}  // namespace engine::api
