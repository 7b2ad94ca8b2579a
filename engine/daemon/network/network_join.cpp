// Containers joining and leaving networks: their namespace, one veth per network, addresses
// from the networks' allocators, and the sandbox record that lets a restarted daemon find it
// all again.

#include <algorithm>
#include <set>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/base/id.hpp"
#include "engine/daemon/network/network_manager_impl.hpp"
#include "engine/sys/linux/netlink.hpp"
#include "engine/sys/linux/netns.hpp"

namespace engine::daemon {
namespace {

namespace fs = std::filesystem;

fs::path SandboxDirectory(const fs::path& exec_root) {
    return exec_root / "network" / "sandboxes";
}

fs::path NetnsPath(const fs::path& exec_root, std::string_view container_id) {
    return exec_root / "netns" / std::string(container_id);
}

// What the embedded DNS answers for a container on a user-defined network: its name, its
// short ID and its aliases, lowercased (DNS names are case-insensitive), each once.
std::vector<std::string> DnsNames(std::string_view container_name,
                                  std::string_view container_id,
                                  const std::vector<std::string>& aliases) {
    std::set<std::string> names = {std::string(container_name), std::string(container_id.substr(0, 12))};
    names.insert(aliases.begin(), aliases.end());
    std::vector<std::string> lowered;
    for (const std::string& name : names) {
        if (!name.empty()) {
            std::string lower = name;
            std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
            lowered.push_back(std::move(lower));
        }
    }
    return lowered;
}

// Docker's MAC for an IPv4 endpoint: 02:42 then the four address bytes, so it is unique
// wherever the address is.
std::string MacForAddress(const std::string& ipv4) {
    std::string mac = "02:42";
    const auto bytes = ipv4.empty() ? std::vector<std::uint8_t>{} : [&] {
        const net::IpAddress address = net::IpAddress::Parse(ipv4);
        return std::vector<std::uint8_t>(address.bytes().begin(), address.bytes().end());
    }();
    for (std::size_t i = 0; i < 4; ++i) {
        static constexpr char kHex[] = "0123456789abcdef";
        const std::uint8_t byte =
            i < bytes.size() ? bytes[i] : static_cast<std::uint8_t>(std::stoul(RandomHex(1), nullptr, 16));
        mac += ':';
        mac += kHex[byte >> 4];
        mac += kHex[byte & 0xf];
    }
    return mac;
}

std::string NextInterfaceName(const SandboxRecord& sandbox) {
    for (int index = 0;; ++index) {
        const std::string name = "eth" + std::to_string(index);
        if (std::none_of(sandbox.endpoints.begin(), sandbox.endpoints.end(), [&](const EndpointRecord& endpoint) {
                return endpoint.interface_name == name;
            })) {
            return name;
        }
    }
}

bool IsUserDefined(const NetworkRecord& network) {
    return network.driver == "bridge" && network.name != "bridge";
}

}  // namespace

EndpointRecord NetworkManager::Impl::AttachLocked(SandboxState& sandbox,
                                                  NetworkState& network,
                                                  const NetworkJoinRequest& request,
                                                  const api::EndpointSettings& settings,
                                                  bool default_route) {
    const NetworkRecord& record = network.record;
    if (!network.bridge_error.empty()) {
        throw Error(Errc::kUnavailable, network.bridge_error);
    }
    if (std::any_of(sandbox.record.endpoints.begin(),
                    sandbox.record.endpoints.end(),
                    [&](const EndpointRecord& endpoint) { return endpoint.network_id == record.id; })) {
        throw Error(Errc::kConflict,
                    "endpoint with name " + request.container_name + " already exists in network " + record.name);
    }
    EndpointRecord endpoint;
    endpoint.network_id = record.id;
    endpoint.network_name = record.name;
    endpoint.endpoint_id = RandomHex(32);
    endpoint.interface_name = NextInterfaceName(sandbox.record);
    if (settings.ipam_config) {
        endpoint.requested_ipv4 = settings.ipam_config->ipv4_address;
        endpoint.requested_ipv6 = settings.ipam_config->ipv6_address;
    }
    endpoint.aliases = settings.aliases.value_or(std::vector<std::string>{});
    if (IsUserDefined(record)) {
        endpoint.dns_names = DnsNames(request.container_name, request.container_id, endpoint.aliases);
    }

    // Addresses first: they are the part most likely to fail (a static one taken).
    std::vector<std::pair<net::AddressAllocator*, net::IpAddress>> claimed;
    const auto release_claimed = [&] {
        for (auto& [allocator, address] : claimed) {
            allocator->Release(address);
        }
    };
    try {
        if (network.ipv4) {
            net::IpAddress address = endpoint.requested_ipv4.empty() ? network.ipv4->Allocate() : [&] {
                const net::IpAddress wanted = net::IpAddress::Parse(endpoint.requested_ipv4);
                network.ipv4->Reserve(wanted);
                return wanted;
            }();
            claimed.emplace_back(&*network.ipv4, address);
            endpoint.ipv4 = address.ToString();
            endpoint.ipv4_prefix = network.ipv4->subnet().prefix;
            endpoint.gateway = network.ipv4->gateway() ? network.ipv4->gateway()->ToString() : "";
        }
        if (network.ipv6) {
            net::IpAddress address = endpoint.requested_ipv6.empty() ? network.ipv6->Allocate() : [&] {
                const net::IpAddress wanted = net::IpAddress::Parse(endpoint.requested_ipv6);
                network.ipv6->Reserve(wanted);
                return wanted;
            }();
            claimed.emplace_back(&*network.ipv6, address);
            endpoint.ipv6 = address.ToString();
            endpoint.ipv6_prefix = network.ipv6->subnet().prefix;
            endpoint.ipv6_gateway = network.ipv6->gateway() ? network.ipv6->gateway()->ToString() : "";
        }
    } catch (const Error& error) {
        release_claimed();
        throw error.Wrap("network " + record.name);
    }
    endpoint.mac = settings.mac_address.empty() ? MacForAddress(endpoint.ipv4) : settings.mac_address;

    // The veth: one end on the bridge, the other moved into the sandbox and renamed there.
    endpoint.host_interface = "veth" + RandomHex(4);
    const std::string peer = "vp" + RandomHex(5);
    try {
        sys::CreateVethPair(endpoint.host_interface, peer, record.mtu);
        sys::SetMaster(endpoint.host_interface, record.bridge);
        sys::SetLinkUp(endpoint.host_interface);
        {
            const sys::UniqueFd netns = sys::OpenNetns(sandbox.record.netns);
            sys::MoveToNetns(peer, netns.get());
        }
        const bool route = default_route && !record.internal;
        sys::RunInNetns(sandbox.record.netns, [&] {
            sys::RenameLink(peer, endpoint.interface_name);
            sys::SetMacAddress(endpoint.interface_name, endpoint.mac);
            if (!endpoint.ipv4.empty()) {
                sys::AddAddress(endpoint.interface_name, endpoint.ipv4 + "/" + std::to_string(endpoint.ipv4_prefix));
            }
            if (!endpoint.ipv6.empty()) {
                sys::AddAddress(endpoint.interface_name, endpoint.ipv6 + "/" + std::to_string(endpoint.ipv6_prefix));
            }
            sys::SetLinkUp(endpoint.interface_name);
            if (route && !endpoint.gateway.empty()) {
                sys::AddDefaultRoute(endpoint.gateway, endpoint.interface_name);
            }
            if (route && !endpoint.ipv6_gateway.empty()) {
                sys::AddDefaultRoute(endpoint.ipv6_gateway, endpoint.interface_name);
            }
        });
    } catch (const Error& error) {
        sys::DeleteLink(endpoint.host_interface);
        release_claimed();
        throw error.Wrap("connect to network " + record.name);
    }
    return endpoint;
}

void NetworkManager::Impl::ReleaseAddressesLocked(const EndpointRecord& endpoint) {
    const auto network = networks.find(endpoint.network_id);
    if (network == networks.end()) {
        return;
    }
    if (network->second.ipv4 && !endpoint.ipv4.empty()) {
        network->second.ipv4->Release(net::IpAddress::Parse(endpoint.ipv4));
    }
    if (network->second.ipv6 && !endpoint.ipv6.empty()) {
        network->second.ipv6->Release(net::IpAddress::Parse(endpoint.ipv6));
    }
}

void NetworkManager::Impl::DetachLocked(SandboxState& /*sandbox*/, const EndpointRecord& endpoint) {
    // Deleting the host end takes the container's end with it.
    sys::DeleteLink(endpoint.host_interface);
    ReleaseAddressesLocked(endpoint);
}

NetworkJoin NetworkManager::Impl::JoinViewLocked(const SandboxState& sandbox) const {
    NetworkJoin join;
    join.netns = sandbox.record.netns;
    for (const EndpointRecord& endpoint : sandbox.record.endpoints) {
        api::EndpointSettings settings;
        if (!endpoint.requested_ipv4.empty() || !endpoint.requested_ipv6.empty()) {
            settings.ipam_config =
                api::EndpointIpamConfig{endpoint.requested_ipv4, endpoint.requested_ipv6, std::nullopt};
        }
        if (!endpoint.aliases.empty()) {
            settings.aliases = endpoint.aliases;
        }
        settings.network_id = endpoint.network_id;
        settings.endpoint_id = endpoint.endpoint_id;
        settings.gateway = endpoint.gateway;
        settings.ip_address = endpoint.ipv4;
        settings.ip_prefix_len = endpoint.ipv4_prefix;
        settings.ipv6_gateway = endpoint.ipv6_gateway;
        settings.global_ipv6_address = endpoint.ipv6;
        settings.global_ipv6_prefix_len = endpoint.ipv6_prefix;
        settings.mac_address = endpoint.mac;
        join.networks[endpoint.network_name] = std::move(settings);
        if (join.address.empty()) {
            join.address = !endpoint.ipv4.empty() ? endpoint.ipv4 : endpoint.ipv6;
        }
        const auto network = networks.find(endpoint.network_id);
        if (join.nameservers.empty() && network != networks.end() && IsUserDefined(network->second.record) &&
            !endpoint.gateway.empty()) {
            join.nameservers.push_back(endpoint.gateway);
        }
    }
    std::map<std::string, std::vector<api::PortBinding>> ports;
    for (const PortRecord& port : sandbox.record.ports) {
        ports[std::to_string(port.container_port) + "/" + port.protocol].push_back(
            api::PortBinding{port.host_ip, std::to_string(port.host_port)});
    }
    api::PortMap map = std::map<std::string, api::PortBindingList>{};
    for (auto& [key, bindings] : ports) {
        (*map)[key] = std::move(bindings);
    }
    join.ports = std::move(map);
    return join;
}

void NetworkManager::Impl::PersistSandboxLocked(const SandboxRecord& record) const {
    fs::create_directories(SandboxDirectory(options.exec_root));
    WriteFileAtomically(SandboxDirectory(options.exec_root) / (record.container_id + ".json"),
                        SandboxRecordToJson(record).dump(),
                        0600,
                        Durability::kProcessCrash);
}

void NetworkManager::Impl::LoadSandboxesLocked() {
    const fs::path directory = SandboxDirectory(options.exec_root);
    std::error_code ignored;
    if (fs::exists(directory)) {
        for (const auto& entry : fs::directory_iterator(directory)) {
            if (entry.path().extension() != ".json" || IsTempFileName(entry.path().filename().string())) {
                continue;
            }
            try {
                SandboxRecord record = SandboxRecordFromJson(nlohmann::json::parse(ReadFile(entry.path())));
                for (const EndpointRecord& endpoint : record.endpoints) {
                    const auto network = networks.find(endpoint.network_id);
                    if (network == networks.end()) {
                        continue;
                    }
                    if (network->second.ipv4 && !endpoint.ipv4.empty()) {
                        network->second.ipv4->Restore(net::IpAddress::Parse(endpoint.ipv4));
                    }
                    if (network->second.ipv6 && !endpoint.ipv6.empty()) {
                        network->second.ipv6->Restore(net::IpAddress::Parse(endpoint.ipv6));
                    }
                }
                const std::string id = record.container_id;
                sandboxes[id].record = std::move(record);
            } catch (const std::exception& error) {
                logger.Warn("dropping a sandbox record that cannot be read",
                            {{"file", entry.path().string()}, {"error", error.what()}});
                fs::remove(entry.path(), ignored);
            }
        }
    }
    // Namespaces a crash left without a record: nothing refers to them any more.
    const fs::path netns_directory = options.exec_root / "netns";
    if (fs::exists(netns_directory)) {
        for (const auto& entry : fs::directory_iterator(netns_directory)) {
            if (!sandboxes.contains(entry.path().filename().string())) {
                sys::RemovePersistentNetns(entry.path());
            }
        }
    }
}

std::string NetworkManager::CheckEndpoint(std::string_view name, const api::EndpointSettings& settings) {
    std::lock_guard lock(impl_->mutex);
    const NetworkState& network = impl_->FindLocked(name);
    const NetworkRecord& record = network.record;
    const bool has_ip = settings.ipam_config &&
                        (!settings.ipam_config->ipv4_address.empty() || !settings.ipam_config->ipv6_address.empty());
    if (!IsUserDefined(record)) {
        if (settings.aliases && !settings.aliases->empty()) {
            throw Error(Errc::kInvalidArgument,
                        "network-scoped alias is supported only for containers in user defined networks");
        }
        if (has_ip) {
            throw Error(Errc::kInvalidArgument, "user specified IP address is supported on user defined networks only");
        }
        return record.name;
    }
    if (has_ip) {
        if (!record.user_subnet) {
            throw Error(
                Errc::kInvalidArgument,
                "user specified IP address is supported only when connecting to networks with user configured subnets");
        }
        const std::string& v4 = settings.ipam_config->ipv4_address;
        if (!v4.empty() && (!network.ipv4 || !network.ipv4->subnet().Contains(net::IpAddress::Parse(v4)))) {
            throw Error(Errc::kInvalidArgument, "no configured subnet contains IP address " + v4);
        }
        const std::string& v6 = settings.ipam_config->ipv6_address;
        if (!v6.empty() && (!network.ipv6 || !network.ipv6->subnet().Contains(net::IpAddress::Parse(v6)))) {
            throw Error(Errc::kInvalidArgument, "no configured subnet contains IP address " + v6);
        }
    }
    return record.name;
}

NetworkJoin NetworkManager::Join(const NetworkJoinRequest& request) {
    Impl& impl = *impl_;
    std::lock_guard lock(impl.mutex);
    // A sandbox left from a run whose exit the daemon missed goes first.
    if (impl.sandboxes.contains(request.container_id)) {
        SandboxState& old = impl.sandboxes.at(request.container_id);
        for (const EndpointRecord& endpoint : old.record.endpoints) {
            impl.DetachLocked(old, endpoint);
        }
        sys::RemovePersistentNetns(old.record.netns);
        impl.sandboxes.erase(request.container_id);
    }

    // The primary network first (it gives the default route), then the others by name.
    const std::string primary = CanonicalNetworkName(request.network_mode);
    std::vector<std::pair<NetworkState*, api::EndpointSettings>> joins;
    std::set<std::string> seen;
    const auto add = [&](std::string_view name, const api::EndpointSettings& settings) {
        NetworkState& network = impl.FindLocked(name);
        if (seen.insert(network.record.id).second) {
            joins.emplace_back(&network, settings);
        }
    };
    const auto settings_for = [&](std::string_view name) {
        for (const auto& [key, settings] : request.endpoints) {
            if (CanonicalNetworkName(key) == name) {
                return settings.value_or(api::EndpointSettings{});
            }
        }
        return api::EndpointSettings{};
    };
    for (const auto& [key, settings] : request.endpoints) {
        if (CanonicalNetworkName(key) == primary) {
            add(primary, settings_for(primary));
        }
    }
    for (const auto& [key, settings] : request.endpoints) {
        add(CanonicalNetworkName(key), settings.value_or(api::EndpointSettings{}));
    }

    SandboxState sandbox;
    sandbox.record.container_id = request.container_id;
    sandbox.record.container_name = request.container_name;
    sandbox.record.netns = NetnsPath(impl.options.exec_root, request.container_id);
    sys::RemovePersistentNetns(sandbox.record.netns);
    sys::CreatePersistentNetns(sandbox.record.netns);
    try {
        for (auto& [network, settings] : joins) {
            EndpointRecord endpoint =
                impl.AttachLocked(sandbox, *network, request, settings, sandbox.record.endpoints.empty());
            sandbox.record.endpoints.push_back(std::move(endpoint));
        }
        impl.PublishLocked(sandbox, request);
        impl.PersistSandboxLocked(sandbox.record);
        const std::string id = request.container_id;
        impl.sandboxes[id] = std::move(sandbox);
        if (!impl.sandboxes.at(id).record.ports.empty()) {
            impl.ApplyFirewallLocked();
        }
    } catch (...) {
        sandbox.proxies.clear();
        for (const EndpointRecord& endpoint : sandbox.record.endpoints) {
            impl.DetachLocked(sandbox, endpoint);
        }
        sys::RemovePersistentNetns(sandbox.record.netns);
        impl.sandboxes.erase(request.container_id);
        std::error_code ignored;
        fs::remove(SandboxDirectory(impl.options.exec_root) / (request.container_id + ".json"), ignored);
        throw;
    }
    impl.RefreshNamesLocked();
    const SandboxState& joined = impl.sandboxes.at(request.container_id);
    for (const EndpointRecord& endpoint : joined.record.endpoints) {
        impl.Emit("connect", impl.networks.at(endpoint.network_id).record, {{"container", request.container_id}});
    }
    return impl.JoinViewLocked(joined);
}

void NetworkManager::Leave(std::string_view container_id) {
    Impl& impl = *impl_;
    std::lock_guard lock(impl.mutex);
    const auto it = impl.sandboxes.find(std::string(container_id));
    if (it == impl.sandboxes.end()) {
        return;
    }
    SandboxState& sandbox = it->second;
    sandbox.proxies.clear();
    const bool had_ports = !sandbox.record.ports.empty();
    // The veths are not deleted one by one: deleting a link waits for RCU grace periods (tens
    // of milliseconds each), and the kernel destroys them with the namespace once the
    // container's processes are gone, a moment after RemovePersistentNetns.
    for (const EndpointRecord& endpoint : sandbox.record.endpoints) {
        impl.ReleaseAddressesLocked(endpoint);
        if (const auto network = impl.networks.find(endpoint.network_id); network != impl.networks.end()) {
            impl.Emit("disconnect", network->second.record, {{"container", std::string(container_id)}});
        }
    }
    sys::RemovePersistentNetns(sandbox.record.netns);
    std::error_code ignored;
    fs::remove(SandboxDirectory(impl.options.exec_root) / (std::string(container_id) + ".json"), ignored);
    impl.sandboxes.erase(it);
    impl.RefreshNamesLocked();
    if (had_ports) {
        try {
            impl.ApplyFirewallLocked();
        } catch (const std::exception& error) {
            impl.logger.Warn("cannot update the nftables rules", {{"error", error.what()}});
        }
    }
}

std::optional<NetworkJoin> NetworkManager::Readopt(std::string_view container_id) {
    Impl& impl = *impl_;
    std::lock_guard lock(impl.mutex);
    const auto it = impl.sandboxes.find(std::string(container_id));
    if (it == impl.sandboxes.end()) {
        return std::nullopt;
    }
    try {
        impl.StartProxiesLocked(it->second);
    } catch (const std::exception& error) {
        impl.logger.Warn("cannot publish a restored container's ports again",
                         {{"container", std::string(container_id)}, {"error", error.what()}});
    }
    return impl.JoinViewLocked(it->second);
}

std::optional<NetworkJoin> NetworkManager::Describe(std::string_view container_id) const {
    std::lock_guard lock(impl_->mutex);
    const auto it = impl_->sandboxes.find(std::string(container_id));
    if (it == impl_->sandboxes.end()) {
        return std::nullopt;
    }
    return impl_->JoinViewLocked(it->second);
}

NetworkJoin NetworkManager::Connect(const NetworkJoinRequest& request, std::string_view network_ref) {
    Impl& impl = *impl_;
    std::lock_guard lock(impl.mutex);
    const auto it = impl.sandboxes.find(request.container_id);
    if (it == impl.sandboxes.end()) {
        throw Error(Errc::kConflict, "container " + request.container_id + " has no network sandbox");
    }
    NetworkState& network = impl.FindLocked(network_ref);
    api::EndpointSettings settings;
    for (const auto& [key, given] : request.endpoints) {
        if (CanonicalNetworkName(key) == network.record.name || key == network.record.id) {
            settings = given.value_or(api::EndpointSettings{});
        }
    }
    SandboxState& sandbox = it->second;
    EndpointRecord endpoint = impl.AttachLocked(sandbox, network, request, settings, sandbox.record.endpoints.empty());
    sandbox.record.endpoints.push_back(endpoint);
    try {
        impl.PersistSandboxLocked(sandbox.record);
    } catch (...) {
        sandbox.record.endpoints.pop_back();
        impl.DetachLocked(sandbox, endpoint);
        throw;
    }
    impl.RefreshNamesLocked();
    impl.Emit("connect", network.record, {{"container", request.container_id}});
    return impl.JoinViewLocked(sandbox);
}

NetworkJoin NetworkManager::Disconnect(std::string_view container_id, std::string_view network_ref) {
    Impl& impl = *impl_;
    std::lock_guard lock(impl.mutex);
    const auto it = impl.sandboxes.find(std::string(container_id));
    const NetworkState& network = impl.FindLocked(network_ref);
    if (it == impl.sandboxes.end()) {
        throw Error(Errc::kConflict,
                    "container " + std::string(container_id) + " is not connected to network " + network.record.name);
    }
    SandboxState& sandbox = it->second;
    auto& endpoints = sandbox.record.endpoints;
    const auto found = std::find_if(endpoints.begin(), endpoints.end(), [&](const EndpointRecord& endpoint) {
        return endpoint.network_id == network.record.id;
    });
    if (found == endpoints.end()) {
        throw Error(Errc::kConflict,
                    "container " + std::string(container_id) + " is not connected to network " + network.record.name);
    }
    const std::size_t index = static_cast<std::size_t>(found - endpoints.begin());
    const EndpointRecord endpoint = *found;
    if (sandbox.record.port_target == index) {
        sandbox.proxies.clear();
        sandbox.record.ports.clear();
        sandbox.record.port_target.reset();
    } else if (sandbox.record.port_target && *sandbox.record.port_target > index) {
        --*sandbox.record.port_target;
    }
    endpoints.erase(found);
    impl.DetachLocked(sandbox, endpoint);
    impl.PersistSandboxLocked(sandbox.record);
    impl.RefreshNamesLocked();
    impl.ApplyFirewallLocked();
    impl.Emit("disconnect", network.record, {{"container", std::string(container_id)}});
    return impl.JoinViewLocked(sandbox);
}

void NetworkManager::Rename(std::string_view container_id, std::string_view new_name) {
    Impl& impl = *impl_;
    std::lock_guard lock(impl.mutex);
    const auto it = impl.sandboxes.find(std::string(container_id));
    if (it == impl.sandboxes.end()) {
        return;
    }
    SandboxRecord renamed = it->second.record;
    renamed.container_name = new_name;
    for (EndpointRecord& endpoint : renamed.endpoints) {
        // Only endpoints on user-defined networks have names to answer.
        if (!endpoint.dns_names.empty()) {
            endpoint.dns_names = DnsNames(new_name, container_id, endpoint.aliases);
        }
    }
    impl.PersistSandboxLocked(renamed);
    it->second.record = std::move(renamed);
    impl.RefreshNamesLocked();
}

std::map<std::string, std::string> NetworkManager::HostInterfaces(std::string_view container_id) const {
    std::lock_guard lock(impl_->mutex);
    std::map<std::string, std::string> interfaces;
    if (const auto it = impl_->sandboxes.find(std::string(container_id)); it != impl_->sandboxes.end()) {
        for (const EndpointRecord& endpoint : it->second.record.endpoints) {
            if (!endpoint.host_interface.empty()) {
                interfaces[endpoint.interface_name] = endpoint.host_interface;
            }
        }
    }
    return interfaces;
}

}  // namespace engine::daemon
