#include "engine/daemon/network/network_manager.hpp"

#include <algorithm>
#include <chrono>

#include "engine/base/error.hpp"
#include "engine/base/id.hpp"
#include "engine/daemon/network/network_manager_impl.hpp"
#include "engine/net/ipam/subnet.hpp"
#include "engine/net/publish/firewall_rules.hpp"
#include "engine/sys/linux/nftables.hpp"

namespace engine::daemon {
namespace {

std::int64_t NowNanos() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string RequireRefNotEmpty(std::string_view ref) {
    if (ref.empty()) {
        throw Error(Errc::kNotFound, "network  not found");
    }
    return std::string(ref);
}

}  // namespace

std::string CanonicalNetworkName(std::string_view name) {
    return name == "default" ? std::string("bridge") : std::string(name);
}

NetworkManager::Impl::Impl(NetworkManagerOptions options_in, store::ObjectStore& objects_in, Logger& logger_in)
    : options(std::move(options_in)), objects(objects_in), logger(logger_in), io_work(io.get_executor()) {
    io_thread = std::thread([this] { io.run(); });
}

NetworkManager::Impl::~Impl() {
    dns.reset();
    {
        std::lock_guard lock(mutex);
        for (auto& [id, sandbox] : sandboxes) {
            sandbox.proxies.clear();
        }
        if (firewall_applied) {
            try {
                sys::RunNftScript(net::DeleteRulesetScript(options.firewall_table));
            } catch (const std::exception& error) {
                logger.Warn("cannot remove the nftables table",
                            {{"table", options.firewall_table}, {"error", error.what()}});
            }
        }
    }
    io_work.reset();
    io.stop();
    if (io_thread.joinable()) {
        io_thread.join();
    }
}

NetworkState& NetworkManager::Impl::FindLocked(std::string_view ref) {
    return const_cast<NetworkState&>(static_cast<const Impl*>(this)->FindLocked(ref));
}

const NetworkState& NetworkManager::Impl::FindLocked(std::string_view ref) const {
    const std::string name = CanonicalNetworkName(RequireRefNotEmpty(ref));
    std::string id;
    try {
        id = objects.Resolve(store::Kind::kNetwork, name);
    } catch (const Error& error) {
        if (error.code() == Errc::kNotFound) {
            throw Error(Errc::kNotFound, "network " + std::string(ref) + " not found");
        }
        throw;
    }
    const auto it = networks.find(id);
    if (it == networks.end()) {
        throw Error(Errc::kNotFound, "network " + std::string(ref) + " not found");
    }
    return it->second;
}

void NetworkManager::Impl::AddNetworkLocked(NetworkRecord record) {
    NetworkState state;
    state.record = std::move(record);
    for (const IpamPoolRecord& pool : state.record.ipam_pools) {
        const net::Subnet subnet = net::Subnet::Parse(pool.subnet);
        std::optional<net::Subnet> range;
        if (!pool.ip_range.empty()) {
            range = net::Subnet::Parse(pool.ip_range);
        }
        std::optional<net::IpAddress> gateway;
        if (!pool.gateway.empty()) {
            gateway = net::IpAddress::Parse(pool.gateway);
        }
        auto& allocator = subnet.is_v6() ? state.ipv6 : state.ipv4;
        if (!allocator) {
            allocator.emplace(subnet, range, gateway);
            for (const auto& [name, address] : pool.aux_addresses) {
                allocator->Restore(net::IpAddress::Parse(address));
            }
        }
    }
    const std::string id = state.record.id;
    networks[id] = std::move(state);
}

void NetworkManager::Impl::Emit(std::string action,
                                const NetworkRecord& network,
                                std::map<std::string, std::string> attributes) {
    if (!options.emit_event) {
        return;
    }
    attributes["name"] = network.name;
    attributes["type"] = network.driver;
    options.emit_event(std::move(action), network.id, std::move(attributes));
}

api::NetworkView NetworkManager::Impl::ViewLocked(const NetworkState& network) const {
    const NetworkRecord& record = network.record;
    api::NetworkView view;
    view.name = record.name;
    view.id = record.id;
    view.created = record.created;
    view.driver = record.driver;
    view.enable_ipv6 = record.enable_ipv6;
    view.ipam.driver = record.ipam_driver;
    if (!record.ipam_options.empty()) {
        view.ipam.options = record.ipam_options;
    }
    if (record.driver == "bridge" || !record.ipam_pools.empty()) {
        std::vector<api::IpamConfig> configs;
        for (const IpamPoolRecord& pool : record.ipam_pools) {
            api::IpamConfig config;
            config.subnet = pool.subnet;
            config.ip_range = pool.ip_range;
            config.gateway = pool.gateway;
            if (!pool.aux_addresses.empty()) {
                config.aux_addresses = pool.aux_addresses;
            }
            configs.push_back(std::move(config));
        }
        view.ipam.config = std::move(configs);
    }
    view.internal = record.internal;
    view.attachable = record.attachable;
    view.ingress = record.ingress;
    view.options = record.options;
    view.labels = record.labels;
    for (const auto& [container_id, sandbox] : sandboxes) {
        for (const EndpointRecord& endpoint : sandbox.record.endpoints) {
            if (endpoint.network_id != record.id) {
                continue;
            }
            api::NetworkEndpointView container;
            container.name = sandbox.record.container_name;
            container.endpoint_id = endpoint.endpoint_id;
            container.mac_address = endpoint.mac;
            if (!endpoint.ipv4.empty()) {
                container.ipv4_address = endpoint.ipv4 + "/" + std::to_string(endpoint.ipv4_prefix);
            }
            if (!endpoint.ipv6.empty()) {
                container.ipv6_address = endpoint.ipv6 + "/" + std::to_string(endpoint.ipv6_prefix);
            }
            view.containers[container_id] = std::move(container);
        }
    }
    return view;
}

void NetworkManager::Impl::EnsurePredefinedLocked() {
    const auto exists = [this](std::string_view name) {
        return std::any_of(
            networks.begin(), networks.end(), [&](const auto& entry) { return entry.second.record.name == name; });
    };
    const auto make_record = [](std::string name, std::string driver) {
        NetworkRecord record;
        record.id = RandomHex(32);
        record.name = std::move(name);
        record.created = NowNanos();
        record.driver = std::move(driver);
        return record;
    };
    if (!exists("host")) {
        NetworkRecord record = make_record("host", "host");
        objects.Put(store::Kind::kNetwork, {record.id, record.name, NetworkRecordToJson(record).dump()});
        AddNetworkLocked(std::move(record));
    }
    if (!exists("none")) {
        NetworkRecord record = make_record("none", "null");
        objects.Put(store::Kind::kNetwork, {record.id, record.name, NetworkRecordToJson(record).dump()});
        AddNetworkLocked(std::move(record));
    }
    if (options.default_bridge == "none") {
        return;
    }
    for (auto& [id, network] : networks) {
        if (network.record.name == "bridge") {
            // Flags win over what an earlier run recorded: the bridge name and its address.
            if (network.record.bridge == options.default_bridge &&
                (options.default_bridge_address.empty() ||
                 (!network.record.ipam_pools.empty() &&
                  network.record.ipam_pools.front().gateway + "/" +
                          std::to_string(net::Subnet::Parse(network.record.ipam_pools.front().subnet).prefix) ==
                      options.default_bridge_address))) {
                return;
            }
            objects.Delete(store::Kind::kNetwork, id);
            networks.erase(id);
            break;
        }
    }
    NetworkRecord record = make_record("bridge", "bridge");
    record.bridge = options.default_bridge;
    record.mtu = options.mtu;
    record.options = {{"com.docker.network.bridge.default_bridge", "true"},
                      {"com.docker.network.bridge.enable_icc", "true"},
                      {"com.docker.network.bridge.enable_ip_masquerade", "true"},
                      {"com.docker.network.bridge.host_binding_ipv4", "0.0.0.0"},
                      {"com.docker.network.bridge.name", options.default_bridge},
                      {"com.docker.network.driver.mtu", std::to_string(options.mtu == 0 ? 1500 : options.mtu)}};
    IpamPoolRecord pool;
    if (!options.default_bridge_address.empty()) {
        const auto slash = options.default_bridge_address.find('/');
        if (slash == std::string::npos) {
            throw Error(Errc::kInvalidArgument,
                        "--bip " + options.default_bridge_address +
                            ": give the bridge address with a prefix length, e.g. 172.17.0.1/16");
        }
        const net::IpAddress gateway = net::IpAddress::Parse(options.default_bridge_address.substr(0, slash));
        const net::Subnet subnet =
            net::Subnet::Containing(gateway, std::stoi(options.default_bridge_address.substr(slash + 1)));
        pool.subnet = subnet.ToString();
        pool.gateway = gateway.ToString();
    } else {
        // An address the bridge already has (from an earlier run) is kept, so containers
        // that survived a daemon restart stay reachable.
        std::optional<net::Subnet> subnet;
        for (const std::string& cidr : LinkAddressesIfExists(options.default_bridge)) {
            const auto slash = cidr.find('/');
            const auto address = net::IpAddress::TryParse(cidr.substr(0, slash));
            if (address && address->is_v4()) {
                subnet = net::Subnet::Containing(*address, std::stoi(cidr.substr(slash + 1)));
                pool.gateway = address->ToString();
                break;
            }
        }
        if (!subnet) {
            subnet = net::AllocateSubnet(options.address_pools, TakenSubnetsLocked());
            if (!subnet) {
                throw Error(Errc::kUnavailable,
                            "default bridge " + options.default_bridge +
                                ": every subnet of the address pools overlaps an existing network or route; give one "
                                "with --bip");
            }
            pool.gateway = subnet->FirstHost().ToString();
        }
        pool.subnet = subnet->ToString();
    }
    record.ipam_pools.push_back(pool);
    objects.Put(store::Kind::kNetwork, {record.id, record.name, NetworkRecordToJson(record).dump()});
    AddNetworkLocked(std::move(record));
}

NetworkManager::NetworkManager(NetworkManagerOptions options, store::ObjectStore& objects, Logger& logger)
    : impl_(std::make_unique<Impl>(std::move(options), objects, logger)) {}

NetworkManager::~NetworkManager() = default;

void NetworkManager::Start() {
    Impl& impl = *impl_;
    std::lock_guard lock(impl.mutex);
    for (const store::Record& stored : impl.objects.List(store::Kind::kNetwork)) {
        try {
            impl.AddNetworkLocked(NetworkRecordFromJson(nlohmann::json::parse(stored.json)));
        } catch (const std::exception& error) {
            impl.logger.Warn("skipping a network record that cannot be read",
                             {{"id", stored.id}, {"error", error.what()}});
        }
    }
    impl.EnsurePredefinedLocked();
    impl.LoadSandboxesLocked();
    impl.RefreshNamesLocked();
    impl.dns = std::make_unique<net::dns::DnsServer>(impl, &impl.logger);
    std::vector<net::dns::Upstream> upstreams;
    for (const std::string& upstream : impl.options.dns_upstreams) {
        upstreams.push_back(net::dns::ParseUpstream(upstream));
    }
    impl.dns->SetUpstreams(std::move(upstreams));
    for (auto& [id, network] : impl.networks) {
        if (network.record.driver != "bridge") {
            continue;
        }
        try {
            impl.SetUpBridgeLocked(network);
            impl.ListenLocked(network);
        } catch (const std::exception& error) {
            network.bridge_error = error.what();
            impl.logger.Warn("network unusable: cannot set up its bridge",
                             {{"network", network.record.name}, {"error", error.what()}});
        }
    }
    try {
        impl.ApplyFirewallLocked();
    } catch (const std::exception& error) {
        impl.logger.Warn("cannot install the nftables rules", {{"error", error.what()}});
    }
}

std::pair<std::string, std::string> NetworkManager::Resolve(std::string_view ref) const {
    std::lock_guard lock(impl_->mutex);
    const NetworkState& network = impl_->FindLocked(ref);
    return {network.record.id, network.record.name};
}

bool NetworkManager::HasDefaultBridge() const {
    std::lock_guard lock(impl_->mutex);
    return std::any_of(impl_->networks.begin(), impl_->networks.end(), [](const auto& entry) {
        return entry.second.record.name == "bridge";
    });
}

api::NetworkView NetworkManager::Inspect(std::string_view ref) const {
    std::lock_guard lock(impl_->mutex);
    return impl_->ViewLocked(impl_->FindLocked(ref));
}

}  // namespace engine::daemon

namespace engine::daemon {

std::string NetworkManager::Create(const api::NetworkCreateRequest& request) {
    Impl& impl = *impl_;
    std::lock_guard lock(impl.mutex);
    if (api::IsPredefinedNetworkName(request.name)) {
        throw Error(Errc::kInvalidArgument, request.name + " is a pre-defined network and cannot be created");
    }
    for (const auto& [id, network] : impl.networks) {
        if (network.record.name == request.name) {
            throw Error(Errc::kConflict, "network with name " + request.name + " already exists");
        }
    }
    if (request.driver != "bridge") {
        throw Error(Errc::kNotFound, "plugin \"" + request.driver + "\" not found");
    }
    const api::BridgeOptions bridge = api::ParseBridgeOptions(request.options);

    NetworkRecord record;
    record.id = RandomHex(32);
    record.name = request.name;
    record.created = NowNanos();
    record.driver = "bridge";
    record.internal = request.internal;
    record.attachable = request.attachable;
    record.ingress = request.ingress;
    record.enable_ipv6 = request.enable_ipv6;
    record.options = request.options.value_or(std::map<std::string, std::string>{});
    record.labels = request.labels.value_or(std::map<std::string, std::string>{});
    record.bridge = bridge.bridge_name.empty() ? "br-" + record.id.substr(0, 12) : bridge.bridge_name;
    record.mtu = bridge.mtu > 0 ? static_cast<unsigned>(bridge.mtu) : impl.options.mtu;
    record.masquerade = bridge.enable_ip_masquerade;
    record.inter_container = bridge.enable_icc;
    record.host_binding_ipv4 = bridge.host_binding_ipv4;
    if (request.ipam) {
        record.ipam_driver = request.ipam->driver.empty() ? "default" : request.ipam->driver;
        record.ipam_options = request.ipam->options.value_or(std::map<std::string, std::string>{});
    }
    if (record.ipam_driver != "default") {
        throw Error(Errc::kNotFound, "plugin \"" + record.ipam_driver + "\" not found");
    }
    for (const auto& [id, network] : impl.networks) {
        if (network.record.driver == "bridge" && network.record.bridge == record.bridge) {
            throw Error(Errc::kConflict,
                        "bridge " + record.bridge + " is already used by network " + network.record.name);
        }
    }

    std::vector<net::Subnet> taken = impl.TakenSubnetsLocked();
    bool has_v4 = false;
    bool has_v6 = false;
    for (const api::IpamConfig& config :
         request.ipam&& request.ipam->config ? *request.ipam->config : std::vector<api::IpamConfig>{}) {
        const net::Subnet subnet = net::Subnet::Parse(config.subnet);
        for (const net::Subnet& other : taken) {
            if (other.Overlaps(subnet)) {
                throw Error(Errc::kConflict,
                            "Pool overlaps with other one on this address space: " + subnet.ToString() + " overlaps " +
                                other.ToString());
            }
        }
        IpamPoolRecord pool;
        pool.subnet = subnet.ToString();
        pool.ip_range = config.ip_range;
        pool.gateway = config.gateway.empty() ? subnet.FirstHost().ToString() : config.gateway;
        pool.aux_addresses = config.aux_addresses.value_or(std::map<std::string, std::string>{});
        (subnet.is_v6() ? has_v6 : has_v4) = true;
        taken.push_back(subnet);
        record.ipam_pools.push_back(std::move(pool));
        record.user_subnet = true;
    }
    if (!has_v4) {
        const std::optional<net::Subnet> subnet = net::AllocateSubnet(impl.options.address_pools, taken);
        if (!subnet) {
            throw Error(Errc::kUnavailable,
                        "could not find an available, non-overlapping IPv4 address pool among the defaults to assign "
                        "to the network; give one with --subnet");
        }
        IpamPoolRecord pool;
        pool.subnet = subnet->ToString();
        pool.gateway = subnet->FirstHost().ToString();
        record.ipam_pools.insert(record.ipam_pools.begin(), std::move(pool));
    }
    if (record.enable_ipv6 && !has_v6) {
        throw Error(Errc::kInvalidArgument,
                    "network " + record.name + ": --ipv6 needs an IPv6 --subnet (no default IPv6 pool is configured)");
    }

    impl.AddNetworkLocked(record);
    NetworkState& state = impl.networks.at(record.id);
    try {
        impl.SetUpBridgeLocked(state);
        impl.objects.Put(store::Kind::kNetwork, {record.id, record.name, NetworkRecordToJson(record).dump()});
        impl.ListenLocked(state);
        impl.ApplyFirewallLocked();
    } catch (...) {
        impl.TearDownBridgeLocked(state);
        impl.networks.erase(record.id);
        try {
            impl.objects.Delete(store::Kind::kNetwork, record.id);
        } catch (const Error&) {
        }
        throw;
    }
    impl.Emit("create", record, {});
    return record.id;
}

void NetworkManager::Remove(std::string_view ref) {
    Impl& impl = *impl_;
    std::lock_guard lock(impl.mutex);
    NetworkState& network = impl.FindLocked(ref);
    const NetworkRecord record = network.record;
    if (api::IsPredefinedNetworkName(record.name)) {
        throw Error(Errc::kInvalidArgument, record.name + " is a pre-defined network and cannot be removed");
    }
    std::string attached;
    for (const auto& [container_id, sandbox] : impl.sandboxes) {
        for (const EndpointRecord& endpoint : sandbox.record.endpoints) {
            if (endpoint.network_id == record.id) {
                attached += (attached.empty() ? "" : ", ") + std::string("name:\"") + sandbox.record.container_name +
                            "\" id:\"" + container_id.substr(0, 12) + "\"";
            }
        }
    }
    if (!attached.empty()) {
        throw Error(
            Errc::kConflict,
            "error while removing network: network " + record.name + " has active endpoints (" + attached + ")");
    }
    impl.objects.Delete(store::Kind::kNetwork, record.id);
    impl.TearDownBridgeLocked(network);
    impl.networks.erase(record.id);
    try {
        impl.ApplyFirewallLocked();
    } catch (const std::exception& error) {
        impl.logger.Warn("cannot update the nftables rules", {{"error", error.what()}});
    }
    impl.Emit("destroy", record, {});
}

std::vector<api::NetworkView> NetworkManager::List(const api::Filters& filters) const {
    const api::NetworkFilter filter = api::NetworkFilter::Make(filters);
    std::lock_guard lock(impl_->mutex);
    std::vector<api::NetworkView> views;
    for (const auto& [id, network] : impl_->networks) {
        api::NetworkView view = impl_->ViewLocked(network);
        if (filter.Matches(view)) {
            views.push_back(std::move(view));
        }
    }
    return views;
}

std::vector<std::string> NetworkManager::Prune(const std::function<bool(const api::NetworkView&)>& matches) {
    std::vector<std::string> candidates;
    {
        std::lock_guard lock(impl_->mutex);
        for (const auto& [id, network] : impl_->networks) {
            if (api::IsPredefinedNetworkName(network.record.name)) {
                continue;
            }
            const api::NetworkView view = impl_->ViewLocked(network);
            if (view.containers.empty() && matches(view)) {
                candidates.push_back(network.record.name);
            }
        }
    }
    std::vector<std::string> removed;
    for (const std::string& name : candidates) {
        try {
            Remove(name);
            removed.push_back(name);
        } catch (const Error&) {
            // A container joined it meanwhile: it is in use, so not pruned.
        }
    }
    return removed;
}

}  // namespace engine::daemon
