// The Config half of POST /containers/create: what runs (image, command, environment),
// as whom, and how it is checked and stopped.

#include <stdexcept>

#include "compose/reconcile/container_spec_internal.hpp"

namespace compose::reconcile::container_spec {
namespace {

using model::Value;

// The image a container runs: build-only services run the image the build tags.
std::string ImageOf(const ServiceView& view) {
    if (std::optional<std::string> image = Text(view.Find("image")); image && !image->empty()) {
        return *image;
    }
    return view.project.name + "-" + view.name;
}

nlohmann::json Environment(const ServiceView& view) {
    const Value* environment = view.Find("environment");
    if (environment == nullptr || !environment->IsMap()) {
        return nullptr;
    }
    nlohmann::json env = nlohmann::json::array();
    for (const auto& [key, value] : environment->AsMap()) {
        // A bare KEY the project environment does not define is left out, as Docker Compose does.
        if (!value.IsNull()) {
            env.push_back(key + "=" + value.ScalarText());
        }
    }
    return env;
}

std::int64_t DurationField(const Value& healthcheck, std::string_view key, const std::string& service) {
    const std::optional<std::string> text = Text(healthcheck.Find(key));
    try {
        return text ? ParseGoDuration(*text) : 0;
    } catch (const std::invalid_argument& error) {
        throw std::invalid_argument("service " + service + ": healthcheck." + std::string(key) + ": " + error.what());
    }
}

nlohmann::json Healthcheck(const ServiceView& view) {
    const Value* healthcheck = view.Find("healthcheck");
    if (healthcheck == nullptr || !healthcheck->IsMap()) {
        return nullptr;
    }
    nlohmann::json health = nlohmann::json::object();
    if (Bool(healthcheck->Find("disable")).value_or(false)) {
        health["Test"] = nlohmann::json::array({"NONE"});
        return health;
    }
    if (nlohmann::json test = StringList(At(*healthcheck, {"test"})); !test.is_null()) {
        health["Test"] = std::move(test);
    }
    // Zero means "inherit from the image" to the engine, so unset durations are left out.
    for (const auto& [key, field] : {std::pair{"interval", "Interval"},
                                     std::pair{"timeout", "Timeout"},
                                     std::pair{"start_period", "StartPeriod"},
                                     std::pair{"start_interval", "StartInterval"}}) {
        if (const std::int64_t nanoseconds = DurationField(*healthcheck, key, view.name); nanoseconds != 0) {
            health[field] = nanoseconds;
        }
    }
    if (std::optional<std::int64_t> retries = Integer(healthcheck->Find("retries")); retries) {
        health["Retries"] = *retries;
    }
    return health;
}

// "3000", "3000/udp", "3000-3002": one "port/protocol" key per port.
void AddExposed(nlohmann::json& exposed, const std::string& spec) {
    const std::size_t slash = spec.find('/');
    const std::string ports = spec.substr(0, slash);
    const std::string protocol = slash == std::string::npos ? "tcp" : spec.substr(slash + 1);
    const std::size_t dash = ports.find('-');
    if (dash == std::string::npos) {
        exposed[ports + "/" + protocol] = nlohmann::json::object();
        return;
    }
    try {
        const int first = std::stoi(ports.substr(0, dash));
        const int last = std::stoi(ports.substr(dash + 1));
        for (int port = first; port <= last; ++port) {
            exposed[std::to_string(port) + "/" + protocol] = nlohmann::json::object();
        }
    } catch (const std::exception&) {
        exposed[ports + "/" + protocol] = nlohmann::json::object();  // the engine reports the bad range
    }
}

nlohmann::json ExposedPorts(const ServiceView& view) {
    nlohmann::json exposed = nlohmann::json::object();
    if (const Value* ports = view.Find("ports"); ports != nullptr && ports->IsSeq()) {
        for (const Value& port : ports->AsSeq()) {
            const std::optional<std::string> target = Text(port.Find("target"));
            if (target) {
                AddExposed(exposed, *target + "/" + Text(port.Find("protocol")).value_or("tcp"));
            }
        }
    }
    if (const Value* expose = view.Find("expose"); expose != nullptr && expose->IsSeq()) {
        for (const Value& entry : expose->AsSeq()) {
            AddExposed(exposed, entry.ScalarText());
        }
    }
    return exposed.empty() ? nlohmann::json(nullptr) : exposed;
}

std::optional<std::int64_t> StopTimeout(const ServiceView& view) {
    const std::optional<std::string> grace = Text(view.Find("stop_grace_period"));
    if (!grace) {
        return std::nullopt;
    }
    try {
        // Whole seconds, truncated, as Docker Compose converts it.
        return ParseGoDuration(*grace) / 1'000'000'000;
    } catch (const std::invalid_argument& error) {
        throw std::invalid_argument("service " + view.name + ": stop_grace_period: " + error.what());
    }
}

void SetText(nlohmann::json& config, const char* field, const ServiceView& view, std::string_view key) {
    if (std::optional<std::string> text = Text(view.Find(key)); text) {
        config[field] = *text;
    }
}

void SetNotNull(nlohmann::json& config, const char* field, nlohmann::json value) {
    if (!value.is_null()) {
        config[field] = std::move(value);
    }
}

}  // namespace

nlohmann::json ContainerConfig(const ServiceView& view, const nlohmann::json& labels) {
    nlohmann::json config = nlohmann::json::object();
    config["Image"] = ImageOf(view);
    SetNotNull(config, "Cmd", StringList(view.Find("command")));
    SetNotNull(config, "Entrypoint", StringList(view.Find("entrypoint")));
    SetNotNull(config, "Env", Environment(view));
    config["Labels"] = labels;
    SetText(config, "User", view, "user");
    SetText(config, "WorkingDir", view, "working_dir");
    SetText(config, "Hostname", view, "hostname");
    SetText(config, "Domainname", view, "domainname");
    SetText(config, "StopSignal", view, "stop_signal");
    SetText(config, "MacAddress", view, "mac_address");
    config["Tty"] = Bool(view.Find("tty")).value_or(false);
    config["OpenStdin"] = Bool(view.Find("stdin_open")).value_or(false);
    config["AttachStdin"] = false;
    config["AttachStdout"] = false;
    config["AttachStderr"] = false;
    if (std::optional<std::int64_t> timeout = StopTimeout(view); timeout) {
        config["StopTimeout"] = *timeout;
    }
    SetNotNull(config, "Healthcheck", Healthcheck(view));
    SetNotNull(config, "ExposedPorts", ExposedPorts(view));
    return config;
}

}  // namespace compose::reconcile::container_spec
