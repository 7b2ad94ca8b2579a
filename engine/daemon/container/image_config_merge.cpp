#include "engine/daemon/container/image_config_merge.hpp"

#include <set>

#include "engine/api/container_create.hpp"

namespace engine::daemon {
namespace {

std::string_view EnvKey(std::string_view entry) {
    return entry.substr(0, entry.find('='));
}

void MergeSet(api::StringSet& user, const api::StringSet& image) {
    if (!user || user->empty()) {
        user = image;
        return;
    }
    if (image) {
        user->insert(image->begin(), image->end());
    }
}

void MergeHealthcheck(std::optional<api::HealthConfig>& user, const std::optional<api::HealthConfig>& image) {
    if (!image) {
        return;
    }
    if (!user) {
        user = image;
        return;
    }
    if (!user->test || user->test->empty()) {
        user->test = image->test;
    }
    for (auto [mine, theirs] : {std::pair{&user->interval, image->interval},
                                std::pair{&user->timeout, image->timeout},
                                std::pair{&user->start_period, image->start_period},
                                std::pair{&user->start_interval, image->start_interval},
                                std::pair{&user->retries, image->retries}}) {
        if (*mine == 0) {
            *mine = theirs;
        }
    }
}

}  // namespace

api::ContainerConfig ImageContainerConfig(const nlohmann::json& document) {
    if (!document.is_object() || !document.contains("config") || !document.at("config").is_object()) {
        return {};
    }
    return api::DecodeContainerCreate(document.at("config")).config;
}

void MergeImageConfig(api::ContainerConfig& user, const api::ContainerConfig& image) {
    if (user.user.empty()) {
        user.user = image.user;
    }
    MergeSet(user.exposed_ports, image.exposed_ports);
    if (!user.env || user.env->empty()) {
        user.env = image.env;
    } else if (image.env) {
        std::set<std::string_view> keys;
        for (const std::string& entry : *user.env) {
            keys.insert(EnvKey(entry));
        }
        std::vector<std::string> added;
        for (const std::string& entry : *image.env) {
            if (!keys.contains(EnvKey(entry))) {
                added.push_back(entry);
            }
        }
        user.env->insert(user.env->end(), added.begin(), added.end());
    }
    if (!user.labels) {
        user.labels.emplace();
    }
    if (image.labels) {
        for (const auto& [key, value] : *image.labels) {
            user.labels->emplace(key, value);
        }
    }
    if (!user.entrypoint || user.entrypoint->empty()) {
        if (!user.cmd || user.cmd->empty()) {
            user.cmd = image.cmd;
            user.args_escaped = image.args_escaped;
        }
        if (!user.entrypoint) {
            user.entrypoint = image.entrypoint;
        }
    }
    MergeHealthcheck(user.healthcheck, image.healthcheck);
    if (user.working_dir.empty()) {
        user.working_dir = image.working_dir;
    }
    MergeSet(user.volumes, image.volumes);
    if (user.stop_signal.empty()) {
        user.stop_signal = image.stop_signal;
    }
    if (!user.shell || user.shell->empty()) {
        user.shell = image.shell;
    }
}

}  // namespace engine::daemon
