#include "compose/reconcile/observe.hpp"

#include <algorithm>
#include <charconv>
#include <tuple>

#include "compose/reconcile/labels.hpp"
#include "engine/base/error.hpp"

namespace compose::reconcile {
namespace {

using nlohmann::json;

engine::api::Filters ProjectFilter(const std::string& project) {
    return engine::api::Filters(
        engine::api::Filters::Fields{{"label", {{std::string(labels::kProject) + "=" + project, true}}}});
}

std::map<std::string, std::string> LabelsOf(const json& object) {
    std::map<std::string, std::string> result;
    const auto it = object.find("Labels");
    if (it != object.end() && it->is_object()) {
        for (const auto& [key, value] : it->items()) {
            if (value.is_string()) {
                result.emplace(key, value.get<std::string>());
            }
        }
    }
    return result;
}

std::string Label(const std::map<std::string, std::string>& labels, std::string_view key) {
    const auto it = labels.find(std::string(key));
    return it == labels.end() ? std::string() : it->second;
}

int ParseInt(std::string_view text, int fallback) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() ? value : fallback;
}

// The container list carries health only inside the human Status text ("Up 5 minutes
// (healthy)"), as moby writes it.
std::string HealthFromStatus(std::string_view status) {
    if (status.find("(health: starting)") != std::string_view::npos) {
        return "starting";
    }
    if (status.find("(unhealthy)") != std::string_view::npos) {
        return "unhealthy";
    }
    if (status.find("(healthy)") != std::string_view::npos) {
        return "healthy";
    }
    return "";
}

// "Exited (137) 3 seconds ago" → 137; nullopt when the text has no code.
std::optional<int> ExitCodeFromStatus(std::string_view status) {
    constexpr std::string_view kPrefix = "Exited (";
    if (!status.starts_with(kPrefix)) {
        return std::nullopt;
    }
    const auto close = status.find(')', kPrefix.size());
    if (close == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view digits = status.substr(kPrefix.size(), close - kPrefix.size());
    int value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size()) {
        return std::nullopt;
    }
    return value;
}

ObservedContainer ReadContainer(engine::client::EngineApi& api, const json& summary) {
    ObservedContainer container;
    container.id = summary.value("Id", "");
    if (const auto names = summary.find("Names"); names != summary.end() && names->is_array() && !names->empty()) {
        container.name = names->front().get<std::string>();
        if (container.name.starts_with('/')) {
            container.name.erase(0, 1);
        }
    }
    container.labels = LabelsOf(summary);
    container.service = Label(container.labels, labels::kService);
    container.number = ParseInt(Label(container.labels, labels::kContainerNumber), 0);
    container.oneoff = Label(container.labels, labels::kOneoff) == "True";
    container.config_hash = Label(container.labels, labels::kConfigHash);
    container.state = summary.value("State", "");
    container.image_id = summary.value("ImageID", "");
    const std::string status = summary.value("Status", "");
    container.health = HealthFromStatus(status);
    if (const std::optional<int> code = ExitCodeFromStatus(status)) {
        container.exit_code = *code;
    } else if (container.state == "exited" || container.state == "dead") {
        // The summary did not say; inspect knows.
        const json inspect = api.ContainerInspect(container.id, false);
        container.exit_code = inspect.contains("State") ? inspect["State"].value("ExitCode", 0) : 0;
    }
    if (const auto settings = summary.find("NetworkSettings"); settings != summary.end() && settings->is_object()) {
        if (const auto networks = settings->find("Networks"); networks != settings->end() && networks->is_object()) {
            for (const auto& [name, endpoint] : networks->items()) {
                container.networks.insert(name);
            }
        }
    }
    if (const auto mounts = summary.find("Mounts"); mounts != summary.end() && mounts->is_array()) {
        for (const json& mount : *mounts) {
            if (mount.value("Type", "") == "volume" && !mount.value("Name", "").empty()) {
                container.volumes.insert(mount.value("Name", ""));
            }
        }
    }
    return container;
}

ObservedResource ReadResource(const json& object, std::string id_key, std::string_view key_label) {
    ObservedResource resource;
    resource.name = object.value("Name", "");
    resource.id = id_key.empty() ? resource.name : object.value(id_key, resource.name);
    resource.labels = LabelsOf(object);
    resource.key = Label(resource.labels, key_label);
    resource.config_hash = Label(resource.labels, labels::kConfigHash);
    return resource;
}

// The engine names a desired project declares under `section` (config.networks.X.name).
std::vector<std::string> DeclaredNames(const model::Project& project, std::string_view section) {
    std::vector<std::string> names;
    const model::Value* entries = project.config.Find(section);
    if (entries == nullptr || !entries->IsMap()) {
        return names;
    }
    for (const auto& [key, entry] : entries->AsMap()) {
        const model::Value* name = entry.Find("name");
        names.push_back(name != nullptr && name->IsString() ? name->AsString() : project.name + "_" + key);
    }
    return names;
}

// Inspects `name` with `inspect`; nullopt when the engine has no such object.
template <typename Inspect>
std::optional<json> InspectIfExists(Inspect inspect, const std::string& name) {
    try {
        return inspect(name);
    } catch (const engine::Error& error) {
        if (error.code() == engine::Errc::kNotFound) {
            return std::nullopt;
        }
        throw;
    }
}

void ObserveNetworks(engine::client::EngineApi& api,
                     const std::string& project,
                     const model::Project* desired,
                     ObservedState& state) {
    const json networks = api.NetworkList(ProjectFilter(project));
    for (const json& network : networks.is_array() ? networks : json::array()) {
        ObservedResource resource = ReadResource(network, "Id", labels::kNetwork);
        state.networks.emplace(resource.name, std::move(resource));
    }
    if (desired == nullptr) {
        return;
    }
    for (const std::string& name : DeclaredNames(*desired, "networks")) {
        if (state.networks.contains(name)) {
            continue;
        }
        const auto found = InspectIfExists([&](const std::string& n) { return api.NetworkInspect(n, false); }, name);
        if (found) {
            ObservedResource resource = ReadResource(*found, "Id", labels::kNetwork);
            state.networks.emplace(name, std::move(resource));
        }
    }
}

void ObserveVolumes(engine::client::EngineApi& api,
                    const std::string& project,
                    const model::Project* desired,
                    ObservedState& state) {
    const json listed = api.VolumeList(ProjectFilter(project));
    const json volumes = listed.is_object() ? listed.value("Volumes", json::array()) : json::array();
    for (const json& volume : volumes.is_array() ? volumes : json::array()) {
        ObservedResource resource = ReadResource(volume, "", labels::kVolume);
        state.volumes.emplace(resource.name, std::move(resource));
    }
    if (desired == nullptr) {
        return;
    }
    for (const std::string& name : DeclaredNames(*desired, "volumes")) {
        if (state.volumes.contains(name)) {
            continue;
        }
        const auto found = InspectIfExists([&](const std::string& n) { return api.VolumeInspect(n); }, name);
        if (found) {
            state.volumes.emplace(name, ReadResource(*found, "", labels::kVolume));
        }
    }
}

}  // namespace

ObservedState Observe(engine::client::EngineApi& api, const std::string& project, const model::Project* desired) {
    ObservedState state;
    engine::client::ContainerListOptions list;
    list.all = true;
    list.filters = ProjectFilter(project);
    const json containers = api.ContainerList(list);
    for (const json& summary : containers.is_array() ? containers : json::array()) {
        state.containers.push_back(ReadContainer(api, summary));
    }
    std::sort(state.containers.begin(), state.containers.end(), [](const auto& a, const auto& b) {
        return std::tie(a.service, a.number, a.name) < std::tie(b.service, b.number, b.name);
    });
    ObserveNetworks(api, project, desired, state);
    ObserveVolumes(api, project, desired, state);
    return state;
}

}  // namespace compose::reconcile
