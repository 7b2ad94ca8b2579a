#pragma once

// A NameResolver for the engine/net/dns tests.

#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/net/dns/name_resolver.hpp"

namespace engine::net::dns::testing {

/// A NameResolver backed by maps, with per-scope names.
class FakeResolver final : public NameResolver {
  public:
    void Add(const std::string& scope, const std::string& name, std::vector<IpAddress> addresses) {
        std::lock_guard lock(mutex_);
        names_[{scope, name}] = std::move(addresses);
    }
    void AddReverse(const std::string& scope, const IpAddress& address, const std::string& name) {
        std::lock_guard lock(mutex_);
        reverse_[{scope, address}] = name;
    }
    void ThrowOn(const std::string& name) {
        std::lock_guard lock(mutex_);
        throw_on_ = name;
    }

    std::optional<std::vector<IpAddress>> Lookup(std::string_view scope,
                                                 std::string_view name,
                                                 const std::optional<IpAddress>& client) override {
        if (client) {
            std::lock_guard lock(mutex_);
            clients_.push_back(*client);
        }
        std::lock_guard lock(mutex_);
        if (name == throw_on_) {
            throw std::runtime_error("resolver broke");
        }
        const auto found = names_.find({std::string(scope), std::string(name)});
        if (found == names_.end()) {
            return std::nullopt;
        }
        return found->second;
    }
    std::optional<std::string> ReverseLookup(std::string_view scope, const IpAddress& address) override {
        std::lock_guard lock(mutex_);
        const auto found = reverse_.find({std::string(scope), address});
        if (found == reverse_.end()) {
            return std::nullopt;
        }
        return found->second;
    }

    /// The client addresses Lookup was given, in order.
    std::vector<IpAddress> Clients() {
        std::lock_guard lock(mutex_);
        return clients_;
    }

  private:
    std::mutex mutex_;
    std::vector<IpAddress> clients_;
    std::map<std::pair<std::string, std::string>, std::vector<IpAddress>> names_;
    std::map<std::pair<std::string, IpAddress>, std::string> reverse_;
    std::string throw_on_ = "\x01never";
};

}  // namespace engine::net::dns::testing
