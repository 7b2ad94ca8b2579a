#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/net/dns/dns_message.hpp"
#include "engine/net/dns/name_resolver.hpp"

namespace engine::net::dns {

/// Answers `query` (a kOk ParseQuery result) from `resolver` for network `scope`, or returns
/// nullopt when it must be forwarded upstream:
/// - A/AAAA/ANY for a known name: its addresses of that family (both for ANY), rotated left by
///   `rotation` so repeated queries spread clients over the addresses; none of that family
///   gives NODATA.
/// - PTR for a full in-addr.arpa/ip6.arpa name the resolver has a name for: that name.
/// - Any other type for a known name: NODATA.
/// - Everything else, and every class but IN and ANY: forwarded.
/// The response fits in `max_size` (TC set when records were left out). Exceptions from the
/// resolver propagate.
std::optional<std::vector<std::uint8_t>> AnswerLocally(const Query& query,
                                                       std::string_view scope,
                                                       const std::optional<IpAddress>& client,
                                                       NameResolver& resolver,
                                                       std::uint64_t rotation,
                                                       std::size_t max_size);

}  // namespace engine::net::dns
