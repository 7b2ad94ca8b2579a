#include "compose/loader/consistency.hpp"

#include <map>

#include "compose/loader/load_error.hpp"

namespace compose::loader {
namespace {

using model::Value;

std::string Quoted(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

bool Declared(const Value& project, std::string_view section, std::string_view key) {
    const Value* entries = project.Find(section);
    return entries != nullptr && entries->Find(key) != nullptr;
}

void CheckImage(const std::string& name, const Value& service) {
    if (service.Find("image") == nullptr && service.Find("build") == nullptr) {
        throw LoadError(
            service.key_mark,
            "service " + Quoted(name) + " has neither an image nor a build context specified: set image: or build:");
    }
}

void CheckNetworks(const Value& project, const std::string& name, const Value& service) {
    const Value* networks = service.Find("networks");
    if (networks == nullptr || !networks->IsMap()) {
        return;
    }
    if (service.Find("network_mode") != nullptr) {
        throw LoadError(
            networks->key_mark,
            "service " + Quoted(name) + " declares both network_mode and networks; they are mutually exclusive");
    }
    for (const auto& [network, settings] : networks->AsMap()) {
        if (!Declared(project, "networks", network)) {
            throw LoadError(settings.key_mark,
                            "service " + Quoted(name) + " refers to undefined network " + Quoted(network) +
                                ": declare it under the top-level networks: key");
        }
    }
}

void CheckVolumes(const Value& project, const std::string& name, const Value& service) {
    const Value* volumes = service.Find("volumes");
    if (volumes == nullptr || !volumes->IsSeq()) {
        return;
    }
    for (const Value& mount : volumes->AsSeq()) {
        const Value* type = mount.Find("type");
        const Value* source = mount.Find("source");
        if (type == nullptr || !type->IsString() || type->AsString() != "volume" || source == nullptr ||
            !source->IsString() || source->AsString().empty()) {
            continue;
        }
        if (!Declared(project, "volumes", source->AsString())) {
            throw LoadError(source->mark,
                            "service " + Quoted(name) + " refers to undefined volume " + Quoted(source->AsString()) +
                                ": declare it under the top-level volumes: key");
        }
    }
}

// secrets, configs and build.secrets: each `source` must be declared in `section`.
void CheckFileMounts(const Value& project,
                     const std::string& name,
                     const Value* mounts,
                     std::string_view section,
                     std::string_view noun) {
    if (mounts == nullptr || !mounts->IsSeq()) {
        return;
    }
    for (const Value& mount : mounts->AsSeq()) {
        const Value* source = mount.Find("source");
        if (source != nullptr && source->IsString() && !Declared(project, section, source->AsString())) {
            throw LoadError(source->mark,
                            "service " + Quoted(name) + " refers to undefined " + std::string(noun) + " " +
                                Quoted(source->AsString()) + ": declare it under the top-level " +
                                std::string(section) + ": key");
        }
    }
}

void CheckDependencies(const Value& project, const std::string& name, const Value& service) {
    const Value* depends_on = service.Find("depends_on");
    if (depends_on == nullptr || !depends_on->IsMap()) {
        return;
    }
    for (const auto& [dependency, spec] : depends_on->AsMap()) {
        const Value* required = spec.Find("required");
        const bool is_required = required == nullptr || !required->IsBool() || required->AsBool();
        if (is_required && !Declared(project, "services", dependency)) {
            throw LoadError(spec.key_mark,
                            "service " + Quoted(name) + " depends on undefined service " + Quoted(dependency) +
                                ": define it under services:, or remove the dependency");
        }
    }
}

void CheckContainerName(const std::string& name, const Value& service) {
    const Value* container_name = service.Find("container_name");
    const Value* scale = service.Find("scale");
    if (container_name != nullptr && scale != nullptr && scale->IsInt() && scale->AsInt() > 1) {
        throw LoadError(container_name->mark,
                        "service " + Quoted(name) + ": container_name " + Quoted(container_name->ScalarText()) +
                            " can't be used with more than one replica (scale " + std::to_string(scale->AsInt()) +
                            "): container names must be unique");
    }
}

void CheckMountTargets(const std::string& name, const Value& service) {
    std::map<std::string, std::string> seen;  // target -> "volumes[i]"
    auto claim = [&](const std::string& target, const std::string& where, const Value& at) {
        auto [it, inserted] = seen.emplace(target, where);
        if (!inserted) {
            throw LoadError(at.mark,
                            "service " + Quoted(name) + " mounts two things at " + Quoted(target) + " (" + it->second +
                                " and " + where + "); each target can be mounted once");
        }
    };
    if (const Value* volumes = service.Find("volumes"); volumes != nullptr && volumes->IsSeq()) {
        for (std::size_t i = 0; i < volumes->AsSeq().size(); ++i) {
            const Value& mount = volumes->AsSeq()[i];
            if (const Value* target = mount.Find("target"); target != nullptr && target->IsString()) {
                claim(target->AsString(), "volumes[" + std::to_string(i) + "]", mount);
            }
        }
    }
    if (const Value* tmpfs = service.Find("tmpfs"); tmpfs != nullptr && tmpfs->IsSeq()) {
        for (std::size_t i = 0; i < tmpfs->AsSeq().size(); ++i) {
            const Value& entry = tmpfs->AsSeq()[i];
            const std::string text = entry.ScalarText();
            claim(text.substr(0, text.find(':')), "tmpfs[" + std::to_string(i) + "]", entry);
        }
    }
}

}  // namespace

void CheckConsistency(const Value& project) {
    const Value* services = project.Find("services");
    if (services == nullptr || !services->IsMap()) {
        return;
    }
    for (const auto& [name, service] : services->AsMap()) {
        CheckImage(name, service);
        CheckNetworks(project, name, service);
        CheckVolumes(project, name, service);
        CheckFileMounts(project, name, service.Find("secrets"), "secrets", "secret");
        CheckFileMounts(project, name, service.Find("configs"), "configs", "config");
        const Value* build = service.Find("build");
        CheckFileMounts(project, name, build == nullptr ? nullptr : build->Find("secrets"), "secrets", "build secret");
        CheckDependencies(project, name, service);
        CheckContainerName(name, service);
        CheckMountTargets(name, service);
    }
}

}  // namespace compose::loader
