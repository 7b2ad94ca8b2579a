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

// The service a raw `network_mode`/`ipc`/`pid` ("service:X"), `links` ("X[:alias]") or
// `volumes_from` ("X[:mode]", not "container:Y") entry needs, or "" for none.
std::string ImplicitDependency(std::string_view key, const Value& entry) {
    if (!entry.IsString()) {
        return {};
    }
    std::string_view text = entry.AsString();
    if (key == "network_mode" || key == "ipc" || key == "pid") {
        return text.starts_with("service:") ? std::string(text.substr(8)) : std::string();
    }
    if (key == "volumes_from" && text.starts_with("container:")) {
        return {};
    }
    return std::string(text.substr(0, text.find(':')));
}

class DependencyCheck final {
  public:
    DependencyCheck(const std::string& name,
                    const Value::Map& services,
                    const std::set<std::string>& disabled,
                    Warnings& warnings)
        : name_(name), services_(services), disabled_(disabled), warnings_(warnings) {}

    // Runs before normalization, so it reads every raw form that makes a dependency.
    void Run(Value& service) {
        for (std::string_view key : {"network_mode", "ipc", "pid"}) {
            if (const Value* mode = service.Find(key); mode != nullptr) {
                Check(ImplicitDependency(key, *mode), true, *mode);
            }
        }
        for (std::string_view key : {"links", "volumes_from"}) {
            if (const Value* list = service.Find(key); list != nullptr && list->IsSeq()) {
                for (const Value& entry : list->AsSeq()) {
                    Check(ImplicitDependency(key, entry), true, entry);
                }
            }
        }
        Value* depends_on = service.Find("depends_on");
        if (depends_on != nullptr && depends_on->IsSeq()) {
            for (const Value& dep : depends_on->AsSeq()) {
                Check(dep.IsString() ? dep.AsString() : std::string(), true, dep);
            }
        } else if (depends_on != nullptr && depends_on->IsMap()) {
            std::vector<std::string> dropped;
            for (const auto& [dep, spec] : depends_on->AsMap()) {
                if (!Check(dep, IsRequired(spec), spec)) {
                    dropped.push_back(dep);
                }
            }
            for (const std::string& dep : dropped) {
                depends_on->Erase(dep);
            }
        }
    }

  private:
    // False when `dep` is an optional dependency on a disabled service, to be dropped.
    bool Check(const std::string& dep, bool required, const Value& at) {
        auto it = services_.find(dep);
        if (it == services_.end() || !disabled_.contains(dep)) {
            return true;
        }
        if (required) {
            throw LoadError(at.key_mark.Known() ? at.key_mark : at.mark,
                            "service \"" + dep + "\" is required by \"" + name_ +
                                "\" but is disabled; enable it with --profile " +
                                Quoted(ProfilesOf(it->second), " or --profile "));
        }
        warnings_.Add("service \"" + name_ + "\" depends on \"" + dep +
                      "\", which is disabled by its profiles; starting without it");
        return false;
    }

    const std::string& name_;
    const Value::Map& services_;
    const std::set<std::string>& disabled_;
    Warnings& warnings_;
};

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
            DependencyCheck(name, map, disabled, warnings).Run(service);
        }
    }
    for (const std::string& name : disabled) {
        map.erase(name);
    }
    return {active_set.begin(), active_set.end()};
}

}  // namespace compose::loader
