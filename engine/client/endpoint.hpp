#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace engine::client {

/// The socket the CLI talks to when nothing else is configured (DESIGN.md section 2).
inline constexpr std::string_view kDefaultHost = "unix:///run/berth/berthd.sock";

/// TLS settings for a tcp:// endpoint, as the docker CLI's --tls/--tlsverify options give them.
struct TlsOptions {
    /// Check the daemon's certificate against `ca` (and its name against the host). Without it
    /// the connection is encrypted but the daemon is not authenticated (docker --tls).
    bool verify = false;
    std::filesystem::path ca;    ///< CA bundle; empty: none
    std::filesystem::path cert;  ///< client certificate; empty: none
    std::filesystem::path key;   ///< client key; required when `cert` is set
};

/// Where the daemon listens, parsed from "unix:///path" or "tcp://host[:port]".
struct Endpoint {
    enum class Kind { kUnix, kTcp } kind = Kind::kUnix;
    std::filesystem::path path;  ///< kUnix
    std::string host;            ///< kTcp: name, IPv4, or IPv6 without brackets
    unsigned port = 0;           ///< kTcp
    std::optional<TlsOptions> tls;

    /// "unix:///path" or "tcp://host:port" (IPv6 in brackets), as messages show it.
    std::string ToString() const;
};

/// Parses a -H value. "tcp://host" without a port gets 2375, or 2376 when `tls` is set (docker's
/// defaults); "unix://" alone is the default socket. `tls` is kept for tcp endpoints only.
/// Throws Error(kInvalidArgument) naming the value for anything else ("ssh://", "fd://", "x").
Endpoint ParseEndpoint(std::string_view value, std::optional<TlsOptions> tls = std::nullopt);

/// What the command line said about the endpoint; unset fields fall back to the environment.
struct EndpointFlags {
    std::optional<std::string> host;  ///< -H/--host
    bool tls = false;                 ///< --tls
    std::optional<bool> tls_verify;   ///< --tlsverify (set when given)
    std::optional<std::filesystem::path> tls_ca;
    std::optional<std::filesystem::path> tls_cert;
    std::optional<std::filesystem::path> tls_key;
};

/// Reads an environment variable; nullopt when unset. Passed in so nothing reads the process
/// environment behind the caller's back.
using GetEnv = std::function<std::optional<std::string>(std::string_view name)>;

/// The endpoint the CLI should use: -H, else BERTH_HOST, else DOCKER_HOST, else kDefaultHost
/// (an empty variable counts as unset). TLS is on with --tls, --tlsverify or a non-empty
/// DOCKER_TLS_VERIFY (which also turns verification on); certificate files default to
/// ca.pem/cert.pem/key.pem in DOCKER_CERT_PATH, else ~/.docker, and a default file that does
/// not exist is left out (docker's behaviour). Throws as ParseEndpoint.
Endpoint ResolveEndpoint(const EndpointFlags& flags, const GetEnv& get_env);

}  // namespace engine::client
