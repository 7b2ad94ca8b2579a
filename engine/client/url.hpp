#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/api/filters.hpp"

namespace engine::client {

/// Query parameters in the order they were added; a key may repeat ("names=a&names=b").
using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// Escapes one path as Go's url.URL.EscapedPath does, so "/images/localhost:5000/x/json" keeps
/// its slashes and colon (the daemon routes names with slashes) while ' ', '%', '?', '#' and
/// non-ASCII bytes become %XX.
std::string PathEscape(std::string_view path);

/// Escapes a query key or value as Go's url.QueryEscape: unreserved bytes stay, ' ' becomes '+',
/// everything else %XX.
std::string QueryEscape(std::string_view text);

/// "k=v&k2=v2" sorted by key (stable, so repeated keys keep their order), as Go's
/// url.Values.Encode builds it; "" for no parameters.
std::string EncodeQuery(const QueryParams& params);

/// The `filters` parameter in the map form the docker CLI sends: {"dangling":{"true":true}}.
/// "" for empty filters (the parameter is then left out).
std::string EncodeFilters(const api::Filters& filters);

}  // namespace engine::client
