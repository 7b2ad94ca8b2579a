#include "compose/loader/normalize.hpp"

#include <array>

#include "compose/loader/normalize_internal.hpp"
#include "compose/loader/relative_paths.hpp"

namespace compose::loader {
namespace {

using model::Value;
using normalize_internal::Derived;
using normalize_internal::Fail;
using normalize_internal::Quoted;
using normalize_internal::Replace;
using normalize_internal::ScalarString;

struct ResourceKind {
    std::string_view section;  // top-level key: "networks", ...
    std::string_view noun;     // "network", ...
    /// Attributes that only make sense when Compose creates the resource itself.
    std::vector<std::string_view> creation_attributes;
};

const std::array<ResourceKind, 4>& ResourceKinds() {
    static const std::array<ResourceKind, 4> kKinds{{
        {"networks",
         "network",
         {"driver", "driver_opts", "ipam", "internal", "attachable", "enable_ipv4", "enable_ipv6", "labels"}},
        {"volumes", "volume", {"driver", "driver_opts", "labels"}},
        {"secrets", "secret", {}},
        {"configs", "config", {}},
    }};
    return kKinds;
}

// `external: {name: x}` (the legacy spelling) becomes `external: true` plus `name: x`.
void RelocateExternalName(Value& entry, const std::string& path, Warnings& warnings) {
    Value* external = entry.Find("external");
    if (external == nullptr || !external->IsMap()) {
        return;
    }
    const Value* legacy_name = external->Find("name");
    if (legacy_name != nullptr) {
        const Value* name = entry.Find("name");
        if (name != nullptr && !(*name == *legacy_name)) {
            Fail(*legacy_name,
                 path + ": external.name (" + ScalarString(*legacy_name) + ") and name (" + ScalarString(*name) +
                     ") disagree; set only name, with external: true");
        }
        warnings.Add(path + ": external.name is deprecated; write name: " + ScalarString(*legacy_name) +
                     " with external: true");
        entry["name"] = *legacy_name;
    }
    Replace(*external, Value(true));
}

bool IsExternal(const Value& entry) {
    const Value* external = entry.Find("external");
    return external != nullptr && external->IsBool() && external->AsBool();
}

// A local volume with `o: bind` is a bind mount in disguise: its device is a host path.
void ResolveBindVolumeDevice(Value& entry, const NormalizeContext& ctx) {
    const Value* driver = entry.Find("driver");
    Value* options = entry.Find("driver_opts");
    if ((driver != nullptr && ScalarString(*driver) != "local") || options == nullptr) {
        return;
    }
    const Value* o = options->Find("o");
    Value* device = options->Find("device");
    if (o != nullptr && ScalarString(*o).find("bind") != std::string::npos && device != nullptr && device->IsString()) {
        Replace(*device, Value(AbsolutePath(ctx.working_dir, device->AsString())));
    }
}

void NormalizeResource(
    Value& entry, const std::string& key, const ResourceKind& kind, const NormalizeContext& ctx, Warnings& warnings) {
    const std::string path = std::string(kind.section) + "." + key;
    if (entry.IsNull()) {
        const model::Mark key_mark = entry.key_mark;
        entry = Value::MakeMap();
        entry.mark = key_mark;
        entry.key_mark = key_mark;
    }
    if (!entry.IsMap()) {
        return;
    }
    RelocateExternalName(entry, path, warnings);
    const bool external = IsExternal(entry);
    if (external) {
        for (std::string_view attribute : kind.creation_attributes) {
            if (const Value* value = entry.Find(attribute); value != nullptr) {
                Fail(*value,
                     path + ": external " + std::string(kind.noun) + " " + Quoted(key) + " can't set " +
                         std::string(attribute) + "; remove it, or drop external: true to let Compose create the " +
                         std::string(kind.noun));
            }
        }
    }
    if (entry.Find("name") == nullptr) {
        entry["name"] = Derived(Value(external ? key : ctx.project_name + "_" + key), entry);
    }
    if (Value* file = entry.Find("file"); file != nullptr && file->IsString()) {
        Replace(*file, Value(normalize_internal::HostPath(*file, path + ".file", file->AsString(), ctx)));
    }
    if (kind.section == "volumes") {
        ResolveBindVolumeDevice(entry, ctx);
    }
}

bool UsesDefaultNetwork(const Value& project) {
    const Value* services = project.Find("services");
    if (services == nullptr || !services->IsMap()) {
        return false;
    }
    for (const auto& [name, service] : services->AsMap()) {
        const Value* networks = service.Find("networks");
        if (networks != nullptr && networks->Find("default") != nullptr) {
            return true;
        }
    }
    return false;
}

}  // namespace

void NormalizeProject(Value& project, const NormalizeContext& ctx, Warnings& warnings) {
    Replace(project["name"], Value(ctx.project_name));
    if (Value* services = project.Find("services"); services != nullptr && services->IsMap()) {
        for (auto& [name, service] : services->AsMap()) {
            normalize_internal::NormalizeService(service, name, ctx);
        }
    }
    if (UsesDefaultNetwork(project)) {
        Value& networks = project["networks"];
        if (networks.Find("default") == nullptr) {
            networks["default"] = Value::MakeMap();
        }
    }
    for (const ResourceKind& kind : ResourceKinds()) {
        Value* section = project.Find(kind.section);
        if (section == nullptr || !section->IsMap()) {
            continue;
        }
        for (auto& [key, entry] : section->AsMap()) {
            NormalizeResource(entry, key, kind, ctx, warnings);
        }
    }
}

}  // namespace compose::loader
