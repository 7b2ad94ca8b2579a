#include "engine/client/endpoint.hpp"

#include <charconv>

#include "engine/base/error.hpp"

namespace engine::client {
namespace {

constexpr unsigned kPlainPort = 2375;
constexpr unsigned kTlsPort = 2376;

[[noreturn]] void ThrowBadHost(std::string_view value) {
    throw Error(Errc::kInvalidArgument,
                "invalid daemon address \"" + std::string(value) + "\": expected unix:///path or tcp://host:port");
}

unsigned ParsePort(std::string_view text, std::string_view value) {
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || port == 0 || port > 65535) {
        ThrowBadHost(value);
    }
    return port;
}

Endpoint ParseTcp(std::string_view rest, std::string_view value, std::optional<TlsOptions> tls) {
    if (!rest.empty() && rest.back() == '/') {
        rest.remove_suffix(1);  // docker accepts "tcp://host:2375/"
    }
    Endpoint endpoint;
    endpoint.kind = Endpoint::Kind::kTcp;
    std::string_view port_text;
    if (rest.starts_with('[')) {
        const std::size_t close = rest.find(']');
        if (close == std::string_view::npos) {
            ThrowBadHost(value);
        }
        endpoint.host = std::string(rest.substr(1, close - 1));
        const std::string_view after = rest.substr(close + 1);
        if (!after.empty() && !after.starts_with(':')) {
            ThrowBadHost(value);
        }
        port_text = after.empty() ? std::string_view() : after.substr(1);
    } else {
        const std::size_t colon = rest.rfind(':');
        endpoint.host = std::string(rest.substr(0, colon));
        port_text = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
        if (colon != std::string_view::npos && port_text.empty()) {
            ThrowBadHost(value);
        }
    }
    if (endpoint.host.empty() || endpoint.host.find_first_of("/@ ") != std::string::npos) {
        ThrowBadHost(value);
    }
    endpoint.port = port_text.empty() ? (tls ? kTlsPort : kPlainPort) : ParsePort(port_text, value);
    endpoint.tls = std::move(tls);
    return endpoint;
}

std::optional<std::string> NonEmpty(const GetEnv& get_env, std::string_view name) {
    std::optional<std::string> value = get_env(name);
    if (value && value->empty()) {
        return std::nullopt;
    }
    return value;
}

// An explicit flag wins; otherwise the default file, when it exists.
std::filesystem::path TlsFile(const std::optional<std::filesystem::path>& flag,
                              const std::filesystem::path& cert_dir,
                              const char* name) {
    if (flag) {
        return *flag;
    }
    if (cert_dir.empty()) {
        return {};
    }
    std::error_code ignored;
    std::filesystem::path candidate = cert_dir / name;
    return std::filesystem::exists(candidate, ignored) ? candidate : std::filesystem::path();
}

}  // namespace

std::string Endpoint::ToString() const {
    if (kind == Kind::kUnix) {
        return "unix://" + path.string();
    }
    const bool v6 = host.find(':') != std::string::npos;
    return "tcp://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Endpoint ParseEndpoint(std::string_view value, std::optional<TlsOptions> tls) {
    if (value.starts_with("unix://")) {
        std::string_view path = value.substr(7);
        if (path.empty()) {
            return ParseEndpoint(kDefaultHost);
        }
        if (!path.starts_with('/')) {
            ThrowBadHost(value);
        }
        Endpoint endpoint;
        endpoint.path = std::filesystem::path(path);
        return endpoint;
    }
    if (value.starts_with("tcp://")) {
        return ParseTcp(value.substr(6), value, std::move(tls));
    }
    ThrowBadHost(value);
}

Endpoint ResolveEndpoint(const EndpointFlags& flags, const GetEnv& get_env) {
    std::optional<std::string> host = flags.host;
    if (!host || host->empty()) {
        host = NonEmpty(get_env, "BERTH_HOST");
    }
    if (!host) {
        host = NonEmpty(get_env, "DOCKER_HOST");
    }
    const bool env_verify = NonEmpty(get_env, "DOCKER_TLS_VERIFY").has_value();
    const bool verify = flags.tls_verify.value_or(env_verify);
    std::optional<TlsOptions> tls;
    if (flags.tls || verify) {
        std::filesystem::path cert_dir;
        if (std::optional<std::string> dir = NonEmpty(get_env, "DOCKER_CERT_PATH")) {
            cert_dir = *dir;
        } else if (std::optional<std::string> home = NonEmpty(get_env, "HOME")) {
            cert_dir = std::filesystem::path(*home) / ".docker";
        }
        tls = TlsOptions{verify,
                         TlsFile(flags.tls_ca, cert_dir, "ca.pem"),
                         TlsFile(flags.tls_cert, cert_dir, "cert.pem"),
                         TlsFile(flags.tls_key, cert_dir, "key.pem")};
    }
    return ParseEndpoint(host.value_or(std::string(kDefaultHost)), std::move(tls));
}

}  // namespace engine::client
