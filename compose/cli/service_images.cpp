#include "compose/cli/service_images.hpp"

#include <optional>
#include <stdexcept>

#include "engine/base/error.hpp"

namespace compose::cli {

std::string ServiceImageReference(const model::Project& project, const std::string& service) {
    const model::Value* config = project.Service(service);
    const model::Value* image = config != nullptr ? config->Find("image") : nullptr;
    if (image != nullptr && image->IsString()) {
        return image->AsString();
    }
    return project.name + "-" + service;
}

PullPolicy ParsePullPolicy(const std::string& value) {
    if (value == "missing" || value == "if_not_present" || value.empty()) {
        return PullPolicy::kMissing;
    }
    if (value == "never") {
        return PullPolicy::kNever;
    }
    if (value == "always" || value == "build") {
        throw std::invalid_argument("--pull " + value +
                                    ": not available yet (no registry is reachable and there is no builder); use "
                                    "--pull missing or --pull never with images loaded locally");
    }
    throw std::invalid_argument("--pull: invalid value \"" + value + "\"; use missing or never");
}

namespace {

std::string MissingImageAdvice(const model::Project& project, const std::string& service) {
    const model::Value* config = project.Service(service);
    const std::string reference = ServiceImageReference(project, service);
    if (config != nullptr && config->Find("build") != nullptr) {
        return "service " + service + ": image " + reference +
               " does not exist and Berth cannot build images yet: build it with docker build -t " + reference +
               " and load it with `berth image load`, or set `image:` to an image that exists";
    }
    return "service " + service + ": image " + reference +
           " not found locally and no registry is reachable: load it with `berth image load -i FILE` or "
           "`berth image import`";
}

}  // namespace

std::map<std::string, std::string> ResolveServiceImages(engine::client::EngineApi& api,
                                                        const model::Project& project,
                                                        const std::vector<std::string>& services) {
    std::map<std::string, std::string> ids;
    // Services often share an image: one lookup per reference.
    std::map<std::string, std::optional<std::string>> by_reference;
    std::string missing;
    for (const std::string& service : services) {
        const std::string reference = ServiceImageReference(project, service);
        auto known = by_reference.find(reference);
        if (known == by_reference.end()) {
            std::optional<std::string> id;
            try {
                id = api.ImageInspect(reference).value("Id", "");
            } catch (const engine::Error& error) {
                if (error.code() != engine::Errc::kNotFound) {
                    throw;
                }
            }
            known = by_reference.emplace(reference, id).first;
        }
        if (known->second) {
            ids[service] = *known->second;
        } else {
            missing += (missing.empty() ? "" : "\n") + MissingImageAdvice(project, service);
        }
    }
    if (!missing.empty()) {
        throw std::runtime_error(missing);
    }
    return ids;
}

}  // namespace compose::cli
