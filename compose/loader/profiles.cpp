#include "compose/loader/profiles.hpp"

#include <algorithm>
#include <set>

#include "compose/loader/load_error.hpp"

namespace compose::loader {
namespace {

using model::Value;

std::vector<std::string> ProfilesOf(const Value& service) {
    std::vector<std::string> names;
    const Value* profiles = service.Find("profiles");
    if (profiles != nullptr && profiles->IsSeq()) {
        for (const Value& profile : profiles->AsSeq()) {
            if (profile.IsString()) {
                names.push_back(profile.AsString());
            }
        }
    }
    return names;
}

bool Enabled(const Value& service, const std::set<std::string>& active) {
    const std::vector<std::string> profiles = ProfilesOf(service);
    return profiles.empty() || active.contains("*") ||
           std::any_of(profiles.begin(), profiles.end(), [&](const std::string& p) { return active.contains(p); });
}

std::string Quoted(const std::vector<std::string>& names, const std::string& joiner) {
    std::string out;
    for (const std::string& name : names) {
        out += (out.empty() ? "" : joiner) + name;
    }
    return out;
}

// depends_on in either syntax: a list of names, or a map of name → {required, ...}.
bool IsRequired(const Value& spec) {
    const Value* required = spec.Find("required");
    return required == nullptr || !required->IsBool() || required->AsBool();
}

void CheckDependencies(const std::string& name,
                       Value& service,
                       const Value::Map& services,
                       const std::set<std::string>& disabled,
                       Warnings& warnings) {
    Value* depends_on = service.Find("depends_on");
    if (depends_on == nullptr) {
        return;
    }
    std::vector<std::string> dropped;
    auto check = [&](const std::string& dep, bool required, const Value& at) {
        auto it = services.find(dep);
        if (it == services.end() || !disabled.contains(dep)) {
            return;
        }
        if (required) {
            throw LoadError(at.key_mark.Known() ? at.key_mark : at.mark,
                            "service \"" + dep + "\" is required by \"" + name +
                                "\" but is disabled; enable it with --profile " +
                                Quoted(ProfilesOf(it->second), " or --profile "));
        }
        warnings.Add("service \"" + name + "\" depends on \"" + dep +
                     "\", which is disabled by its profiles; starting without it");
        dropped.push_back(dep);
    };
    if (depends_on->IsSeq()) {
        for (const Value& dep : depends_on->AsSeq()) {
            if (dep.IsString()) {
                check(dep.AsString(), true, dep);
            }
        }
    } else if (depends_on->IsMap()) {
        for (const auto& [dep, spec] : depends_on->AsMap()) {
            check(dep, IsRequired(spec), spec);
        }
        for (const std::string& dep : dropped) {
            depends_on->Erase(dep);
        }
    }
}

}  // namespace

std::vector<std::string> AllProfiles(const Value& project) {
    std::set<std::string> all;
    if (const Value* services = project.Find("services"); services != nullptr && services->IsMap()) {
        for (const auto& [name, service] : services->AsMap()) {
            for (std::string& profile : ProfilesOf(service)) {
                all.insert(std::move(profile));
            }
        }
    }
    return {all.begin(), all.end()};
}

std::vector<std::string> ApplyProfiles(Value& project,
                                       std::vector<std::string> active,
                                       const std::vector<std::string>& named_services,
                                       Warnings& warnings) {
    Value* services = project.Find("services");
    if (services == nullptr || !services->IsMap()) {
        return active;
    }
    auto& map = services->AsMap();
    for (const std::string& name : named_services) {
        if (auto it = map.find(name); it != map.end()) {
            std::vector<std::string> own = ProfilesOf(it->second);
            active.insert(active.end(), own.begin(), own.end());
        }
    }
    std::set<std::string> active_set(active.begin(), active.end());
    std::set<std::string> disabled;
    for (auto& [name, service] : map) {
        if (!Enabled(service, active_set)) {
            disabled.insert(name);
        }
    }
    for (auto& [name, service] : map) {
        if (!disabled.contains(name)) {
            CheckDependencies(name, service, map, disabled, warnings);
        }
    }
    for (const std::string& name : disabled) {
        map.erase(name);
    }
    return {active_set.begin(), active_set.end()};
}

}  // namespace compose::loader
