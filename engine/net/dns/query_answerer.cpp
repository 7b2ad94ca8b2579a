#include "engine/net/dns/query_answerer.hpp"

#include <algorithm>
#include <iterator>

#include "engine/net/dns/reverse_name.hpp"

namespace engine::net::dns {
namespace {

constexpr std::uint16_t kClassAny = 255;

std::vector<IpAddress> AddressesFor(std::uint16_t type, const std::vector<IpAddress>& all, std::uint64_t rotation) {
    std::vector<IpAddress> chosen;
    std::copy_if(all.begin(), all.end(), std::back_inserter(chosen), [type](const IpAddress& address) {
        return type == kTypeAny || address.is_v6() == (type == kTypeAaaa);
    });
    if (!chosen.empty()) {
        std::rotate(
            chosen.begin(), chosen.begin() + static_cast<std::ptrdiff_t>(rotation % chosen.size()), chosen.end());
    }
    return chosen;
}

}  // namespace

std::optional<std::vector<std::uint8_t>> AnswerLocally(const Query& query,
                                                       std::string_view scope,
                                                       const std::optional<IpAddress>& client,
                                                       NameResolver& resolver,
                                                       std::uint64_t rotation,
                                                       std::size_t max_size) {
    if ((query.klass != kClassIn && query.klass != kClassAny) || query.name.empty()) {
        return std::nullopt;
    }
    if (query.type == kTypePtr) {
        if (const auto address = ParseReverseName(query.name)) {
            const auto target = resolver.ReverseLookup(scope, *address);
            if (!target) {
                return std::nullopt;
            }
            return BuildPtrResponse(query, *target, max_size);
        }
    }
    const auto addresses = resolver.Lookup(scope, query.name, client);
    if (!addresses) {
        return std::nullopt;
    }
    if (query.type == kTypeA || query.type == kTypeAaaa || query.type == kTypeAny) {
        return BuildAddressResponse(query, AddressesFor(query.type, *addresses, rotation), max_size);
    }
    return BuildEmptyResponse(query, ResponseCode::kNoError);
}

}  // namespace engine::net::dns
