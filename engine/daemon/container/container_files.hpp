#pragma once

#include <string>
#include <vector>

namespace engine::daemon {

/// /etc/hosts of a container with its own network namespace, as Docker writes it: localhost
/// and the IPv6 names, then `address hostname` when the container has an address, then the
/// --add-host entries ("name:ip" → "ip\tname").
std::string ContainerHostsFile(const std::string& hostname,
                               const std::string& address,
                               const std::vector<std::string>& extra_hosts);

/// /etc/resolv.conf from `base` (the daemon's) with --dns, --dns-search and --dns-option
/// replacing the nameserver, search and options lines when given.
std::string ContainerResolvConf(const std::string& base,
                                const std::vector<std::string>& dns,
                                const std::vector<std::string>& dns_search,
                                const std::vector<std::string>& dns_options);

/// The host's resolv.conf text with loopback nameservers dropped (they mean nothing inside a
/// container's own network namespace); Google's public resolvers when none is left, as Docker
/// does.
std::string ResolvConfForContainers(const std::string& host_resolv_conf);

/// The addresses of the host's nameservers that are not loopback ones, in file order: where
/// the embedded DNS forwards by default, as Docker's does.
std::vector<std::string> ExternalNameservers(const std::string& host_resolv_conf);

/// `resolv_conf` with its nameservers replaced by `nameservers` (the embedded DNS on
/// user-defined networks); search and options lines stay.
std::string ResolvConfWithNameservers(const std::string& resolv_conf, const std::vector<std::string>& nameservers);

}  // namespace engine::daemon
