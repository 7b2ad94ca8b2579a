#include "engine/daemon/container/container_files.hpp"

#include <sstream>

namespace engine::daemon {
namespace {

bool StartsWithWord(const std::string& line, std::string_view word) {
    return line.starts_with(word) && line.size() > word.size() &&
           (line[word.size()] == ' ' || line[word.size()] == '\t');
}

std::string Join(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& word : words) {
        out += (out.empty() ? "" : " ") + word;
    }
    return out;
}

bool IsLoopbackNameserver(const std::string& line) {
    std::istringstream in(line);
    std::string keyword;
    std::string address;
    in >> keyword >> address;
    return address.starts_with("127.") || address == "::1";
}

}  // namespace

std::string ContainerHostsFile(const std::string& hostname,
                               const std::string& address,
                               const std::vector<std::string>& extra_hosts) {
    std::string out =
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\n"
        "ff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";
    for (const std::string& entry : extra_hosts) {
        const std::size_t colon = entry.find(':');
        if (colon != std::string::npos) {
            out += entry.substr(colon + 1) + "\t" + entry.substr(0, colon) + "\n";
        }
    }
    if (!address.empty()) {
        out += address + "\t" + hostname + "\n";
    }
    return out;
}

std::string ContainerResolvConf(const std::string& base,
                                const std::vector<std::string>& dns,
                                const std::vector<std::string>& dns_search,
                                const std::vector<std::string>& dns_options) {
    std::istringstream in(base);
    std::string out;
    for (std::string line; std::getline(in, line);) {
        if ((!dns.empty() && StartsWithWord(line, "nameserver")) ||
            (!dns_search.empty() && (StartsWithWord(line, "search") || StartsWithWord(line, "domain"))) ||
            (!dns_options.empty() && StartsWithWord(line, "options"))) {
            continue;
        }
        out += line + "\n";
    }
    for (const std::string& server : dns) {
        out += "nameserver " + server + "\n";
    }
    if (!dns_search.empty()) {
        out += "search " + Join(dns_search) + "\n";
    }
    if (!dns_options.empty()) {
        out += "options " + Join(dns_options) + "\n";
    }
    return out;
}

std::string ResolvConfForContainers(const std::string& host_resolv_conf) {
    std::istringstream in(host_resolv_conf);
    std::string out;
    bool has_nameserver = false;
    for (std::string line; std::getline(in, line);) {
        if (StartsWithWord(line, "nameserver")) {
            if (IsLoopbackNameserver(line)) {
                continue;
            }
            has_nameserver = true;
        }
        out += line + "\n";
    }
    if (!has_nameserver) {
        out += "nameserver 8.8.8.8\nnameserver 8.8.4.4\n";
    }
    return out;
}

std::vector<std::string> ExternalNameservers(const std::string& host_resolv_conf) {
    std::istringstream in(host_resolv_conf);
    std::vector<std::string> servers;
    for (std::string line; std::getline(in, line);) {
        if (StartsWithWord(line, "nameserver") && !IsLoopbackNameserver(line)) {
            std::istringstream words(line);
            std::string keyword;
            std::string address;
            words >> keyword >> address;
            servers.push_back(address);
        }
    }
    return servers;
}

std::string ResolvConfWithNameservers(const std::string& resolv_conf, const std::vector<std::string>& nameservers) {
    std::istringstream in(resolv_conf);
    std::string out;
    for (const std::string& nameserver : nameservers) {
        out += "nameserver " + nameserver + "\n";
    }
    for (std::string line; std::getline(in, line);) {
        if (!StartsWithWord(line, "nameserver")) {
            out += line + "\n";
        }
    }
    return out;
}

}  // namespace engine::daemon
