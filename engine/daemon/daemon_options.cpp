#include "engine/daemon/daemon_options.hpp"

#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "engine/base/error.hpp"
#include "engine/daemon/api_headers.hpp"

namespace engine::daemon {
namespace {

using Json = nlohmann::json;

// The flags that map to a config-file key; the key is the flag's long name, as in Docker.
struct Flags {
    CLI::Option* data_root;
    CLI::Option* exec_root;
    CLI::Option* hosts;
    CLI::Option* pidfile;
    CLI::Option* log_level;
    CLI::Option* tlsverify;
    CLI::Option* tlscacert;
    CLI::Option* tlscert;
    CLI::Option* tlskey;
    CLI::Option* allow_insecure_loopback_tcp;
    CLI::Option* group;
    CLI::Option* default_runtime;
    CLI::Option* bridge;
    CLI::Option* bip;
    CLI::Option* default_address_pools;
    CLI::Option* mtu;
    CLI::Option* dns;
    CLI::Option* dns_forward;
    CLI::Option* nft_table;
};

Flags DefineFlags(CLI::App& app, DaemonOptions& options, std::string& config_file) {
    Flags flags{};
    app.add_option("--config-file", config_file, "Daemon configuration file (JSON, like Docker's daemon.json)");
    flags.data_root = app.add_option("--data-root", options.data_root, "Root directory of persistent state");
    flags.exec_root = app.add_option("--exec-root", options.exec_root, "Root directory of execution state");
    flags.hosts = app.add_option("-H,--host", options.hosts, "Socket(s) to listen on (unix://, tcp://, fd://)");
    flags.pidfile = app.add_option("-p,--pidfile", options.pidfile, "Path of the daemon's PID file");
    flags.log_level = app.add_option("-l,--log-level", options.log_level, "debug, info, warn or error")
                          ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
    flags.tlsverify =
        app.add_flag("--tlsverify", options.tlsverify, "Serve TCP with TLS and verify client certificates");
    flags.tlscacert = app.add_option("--tlscacert", options.tlscacert, "CA that client certificates must chain to");
    flags.tlscert = app.add_option("--tlscert", options.tlscert, "Server TLS certificate");
    flags.tlskey = app.add_option("--tlskey", options.tlskey, "Server TLS key");
    flags.allow_insecure_loopback_tcp = app.add_flag("--allow-insecure-loopback-tcp",
                                                     options.allow_insecure_loopback_tcp,
                                                     "Allow plain-text TCP on a loopback address (no TLS)");
    flags.group = app.add_option("-G,--group", options.group, "Group owning the UNIX socket");
    flags.default_runtime = app.add_option("--default-runtime",
                                           options.default_runtime,
                                           "OCI runtime for containers that name none: crun or runc "
                                           "(default: crun, or runc where crun cannot run)");
    flags.bridge =
        app.add_option("-b,--bridge", options.bridge, "Bridge of the default network (\"none\" disables it)");
    flags.bip = app.add_option("--bip", options.bip, "Address and prefix of the default bridge, e.g. 172.17.0.1/16");
    flags.default_address_pools = app.add_option("--default-address-pool",
                                                 options.default_address_pools,
                                                 "Subnets for new networks: base=10.10.0.0/16,size=24 (repeatable)");
    flags.mtu = app.add_option("--mtu", options.mtu, "MTU of bridges and container interfaces");
    flags.dns = app.add_option("--dns", options.dns, "DNS servers for containers and the embedded DNS");
    flags.dns_forward = app.add_option("--dns-forward",
                                       options.dns_forward,
                                       "Where the embedded DNS forwards unknown names (ip[:port]; \"none\" disables)");
    flags.nft_table = app.add_option("--nft-table", options.nft_table, "nftables table (inet) for network rules");
    return flags;
}

template <typename T>
T ConfigValue(const Json& value, const std::string& key, const std::filesystem::path& file) {
    try {
        return value.get<T>();
    } catch (const Json::exception&) {
        throw Error(Errc::kInvalidArgument,
                    file.string() + ": \"" + key + "\" has the wrong type (" + value.type_name() + ")");
    }
}

// Fills `target` from the file unless the flag was given (flags win).
template <typename T>
void Merge(
    const Json& config, const std::string& key, const CLI::Option* flag, T& target, const std::filesystem::path& file) {
    if (config.contains(key) && flag->count() == 0) {
        target = ConfigValue<T>(config.at(key), key, file);
    }
}

Json ReadConfigFile(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) {
        throw Error(Errc::kInvalidArgument, "cannot read config file " + file.string());
    }
    try {
        Json config = Json::parse(in);
        if (!config.is_object()) {
            throw Error(Errc::kInvalidArgument, file.string() + ": expected a JSON object");
        }
        return config;
    } catch (const Json::parse_error& error) {
        throw Error(Errc::kInvalidArgument, file.string() + ": invalid JSON: " + error.what());
    }
}

void ApplyConfigFile(const Json& config, const Flags& flags, DaemonOptions& options) {
    const std::filesystem::path& file = options.config_file;
    Merge(config, "data-root", flags.data_root, options.data_root, file);
    Merge(config, "exec-root", flags.exec_root, options.exec_root, file);
    Merge(config, "hosts", flags.hosts, options.hosts, file);
    Merge(config, "pidfile", flags.pidfile, options.pidfile, file);
    Merge(config, "log-level", flags.log_level, options.log_level, file);
    Merge(config, "tlsverify", flags.tlsverify, options.tlsverify, file);
    Merge(config, "tlscacert", flags.tlscacert, options.tlscacert, file);
    Merge(config, "tlscert", flags.tlscert, options.tlscert, file);
    Merge(config, "tlskey", flags.tlskey, options.tlskey, file);
    Merge(config,
          "allow-insecure-loopback-tcp",
          flags.allow_insecure_loopback_tcp,
          options.allow_insecure_loopback_tcp,
          file);
    Merge(config, "group", flags.group, options.group, file);
    Merge(config, "default-runtime", flags.default_runtime, options.default_runtime, file);
    Merge(config, "bridge", flags.bridge, options.bridge, file);
    Merge(config, "bip", flags.bip, options.bip, file);
    Merge(config, "mtu", flags.mtu, options.mtu, file);
    Merge(config, "dns", flags.dns, options.dns, file);
    Merge(config, "dns-forward", flags.dns_forward, options.dns_forward, file);
    Merge(config, "nft-table", flags.nft_table, options.nft_table, file);
    if (config.contains("default-address-pools") && flags.default_address_pools->count() == 0) {
        // daemon.json writes them as objects: [{"base": "10.10.0.0/16", "size": 24}].
        const Json& pools = config.at("default-address-pools");
        if (!pools.is_array()) {
            throw Error(Errc::kInvalidArgument, file.string() + ": \"default-address-pools\" must be an array");
        }
        for (const Json& pool : pools) {
            if (!pool.is_object() || !pool.contains("base") || !pool.contains("size") || !pool.at("base").is_string() ||
                !pool.at("size").is_number_integer()) {
                throw Error(Errc::kInvalidArgument,
                            file.string() +
                                ": \"default-address-pools\" entries are {\"base\": \"10.10.0.0/16\", \"size\": 24}");
            }
            options.default_address_pools.push_back("base=" + pool.at("base").get<std::string>() +
                                                    ",size=" + std::to_string(pool.at("size").get<int>()));
        }
    }
    static const std::set<std::string> kKnown = {"data-root",
                                                 "exec-root",
                                                 "hosts",
                                                 "pidfile",
                                                 "log-level",
                                                 "tlsverify",
                                                 "tlscacert",
                                                 "tlscert",
                                                 "tlskey",
                                                 "group",
                                                 "default-runtime",
                                                 "allow-insecure-loopback-tcp",
                                                 "bridge",
                                                 "bip",
                                                 "default-address-pools",
                                                 "mtu",
                                                 "dns",
                                                 "dns-forward",
                                                 "nft-table"};
    for (const auto& [key, value] : config.items()) {
        if (!kKnown.contains(key)) {
            options.unknown_config_keys.push_back(key);
        }
    }
    if (config.contains("log-level") && flags.log_level->count() == 0 &&
        !std::set<std::string>{"debug", "info", "warn", "error"}.contains(options.log_level)) {
        throw Error(
            Errc::kInvalidArgument,
            file.string() + ": \"log-level\" must be debug, info, warn or error, not \"" + options.log_level + "\"");
    }
}

}  // namespace

std::optional<DaemonOptions> ParseDaemonOptions(int argc, char** argv) {
    CLI::App app("berthd: the Berth engine daemon, serving the Docker Engine API", "berthd");
    DaemonOptions options;
    std::string config_file;
    const Flags flags = DefineFlags(app, options, config_file);
    bool show_version = false;
    app.add_flag("-v,--version", show_version, "Print the version and exit");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return std::nullopt;
    } catch (const CLI::ParseError& error) {
        throw Error(Errc::kInvalidArgument, std::string(error.what()) + " (see berthd --help)");
    }
    if (show_version) {
        std::cout << "Berth version " << BerthVersion() << ", build " << BerthGitCommit() << "\n";
        return std::nullopt;
    }
    const bool explicit_file = !config_file.empty();
    options.config_file =
        explicit_file ? std::filesystem::path(config_file) : std::filesystem::path(kDefaultConfigFile);
    if (explicit_file || std::filesystem::exists(options.config_file)) {
        ApplyConfigFile(ReadConfigFile(options.config_file), flags, options);
    } else {
        options.config_file.clear();
    }
    if (options.pidfile.empty()) {
        options.pidfile = options.exec_root / "berthd.pid";
    }
    return options;
}

}  // namespace engine::daemon
