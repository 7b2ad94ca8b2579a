// HostConfig.Mounts and Binds: the service's volumes, then its secrets and configs as
// read-only binds of their files, then the image's volumes carried over from a replaced
// container.

#include <stdexcept>

#include "compose/reconcile/container_spec_internal.hpp"

namespace compose::reconcile::container_spec {
namespace {

using model::Value;

// The volume the replaced container had at `target`, so an anonymous volume keeps its data
// across a recreate; "" when there is none.
std::string InheritedVolume(const nlohmann::json& replaced, const std::string& target) {
    if (!replaced.is_object() || !replaced.contains("Mounts") || !replaced["Mounts"].is_array()) {
        return "";
    }
    for (const nlohmann::json& mount : replaced["Mounts"]) {
        if (mount.value("Type", "") == "volume" && mount.value("Destination", "") == target) {
            return mount.value("Name", "");
        }
    }
    return "";
}

std::string VolumeEngineName(const model::Project& project, const std::string& key) {
    if (std::optional<std::string> name = Text(At(project.config, {"volumes", key, "name"})); name) {
        return *name;
    }
    return project.name + "_" + key;  // undeclared: the loader's consistency check reports it first
}

// Docker Compose sends short-syntax binds (create_host_path) as Binds strings: the Mounts API
// refuses a missing host path, while the legacy Binds create it.
std::string BindString(const Value& mount, const std::string& source, const std::string& target) {
    std::string options;
    auto add = [&options](const std::string& option) { options += (options.empty() ? "" : ",") + option; };
    if (Bool(mount.Find("read_only")).value_or(false)) {
        add("ro");
    }
    if (std::optional<std::string> selinux = Text(At(mount, {"bind", "selinux"})); selinux) {
        add(*selinux);
    }
    if (std::optional<std::string> propagation = Text(At(mount, {"bind", "propagation"})); propagation) {
        add(*propagation);
    }
    return source + ":" + target + (options.empty() ? "" : ":" + options);
}

nlohmann::json TypedOptions(const Value& mount, const std::string& type) {
    if (type == "bind") {
        if (std::optional<std::string> propagation = Text(At(mount, {"bind", "propagation"})); propagation) {
            return {{"Propagation", *propagation}};
        }
    } else if (type == "volume") {
        if (Bool(At(mount, {"volume", "nocopy"})).value_or(false)) {
            return {{"NoCopy", true}};
        }
    } else if (type == "tmpfs") {
        nlohmann::json options = nlohmann::json::object();
        if (std::optional<std::int64_t> size = Integer(At(mount, {"tmpfs", "size"})); size) {
            options["SizeBytes"] = *size;
        }
        if (std::optional<std::int64_t> mode = Integer(At(mount, {"tmpfs", "mode"})); mode) {
            options["Mode"] = *mode;
        }
        return options.empty() ? nlohmann::json(nullptr) : options;
    }
    return nullptr;
}

// One `volumes` entry: a Mounts object, or a Binds string.
void AddVolume(const ServiceView& view, const Value& mount, const nlohmann::json& replaced, nlohmann::json& host) {
    const std::string type = Text(mount.Find("type")).value_or("volume");
    const std::string target = Text(mount.Find("target")).value_or("");
    std::string source = Text(mount.Find("source")).value_or("");
    if (type == "bind" && Bool(At(mount, {"bind", "create_host_path"})).value_or(false)) {
        host["Binds"].push_back(BindString(mount, source, target));
        return;
    }
    if (type == "volume") {
        source = source.empty() ? InheritedVolume(replaced, target) : VolumeEngineName(view.project, source);
    }
    nlohmann::json entry = {{"Type", type}, {"Target", target}};
    if (!source.empty()) {
        entry["Source"] = source;
    }
    if (Bool(mount.Find("read_only")).value_or(false)) {
        entry["ReadOnly"] = true;
    }
    if (nlohmann::json options = TypedOptions(mount, type); !options.is_null()) {
        entry[type == "bind"     ? "BindOptions"
              : type == "volume" ? "VolumeOptions"
                                 : "TmpfsOptions"] = std::move(options);
    }
    host["Mounts"].push_back(std::move(entry));
}

struct FileMountKind final {
    std::string_view section;   // "secrets" / "configs"
    std::string_view noun;      // "secret" / "config"
    std::string_view base_dir;  // where a relative or missing target goes
};

// Secrets and configs as read-only binds of their (materialized) files.
void AddFileMounts(const ServiceView& view, const FileMountKind& kind, nlohmann::json& host) {
    const Value* entries = view.Find(kind.section);
    if (entries == nullptr || !entries->IsSeq()) {
        return;
    }
    for (const Value& entry : entries->AsSeq()) {
        const std::string source = Text(entry.Find("source")).value_or("");
        const std::optional<std::string> file = Text(At(view.project.config, {kind.section, source, "file"}));
        if (!file) {
            throw std::runtime_error("service " + view.name + ": " + std::string(kind.noun) + " " + source +
                                     " has no file (external, or content not written out); only file-based " +
                                     std::string(kind.section) + " can be mounted");
        }
        std::string target = Text(entry.Find("target")).value_or(source);
        if (!target.starts_with('/')) {
            target.insert(0, kind.base_dir);
        }
        host["Mounts"].push_back({{"Type", "bind"}, {"Source", *file}, {"Target", target}, {"ReadOnly", true}});
    }
}

// Whether `target` already has a mount or bind in the body being built.
bool IsMounted(const nlohmann::json& host, const std::string& target) {
    for (const nlohmann::json& mount : host.value("Mounts", nlohmann::json::array())) {
        if (mount.value("Target", "") == target) {
            return true;
        }
    }
    for (const nlohmann::json& bind : host.value("Binds", nlohmann::json::array())) {
        const std::string text = bind.get<std::string>();
        const std::size_t colon = text.find(':');
        if (colon != std::string::npos && text.substr(colon + 1, text.find(':', colon + 1) - colon - 1) == target) {
            return true;
        }
    }
    return false;
}

// The image's VOLUMEs (the replaced container's Config.Volumes, which the engine fills from
// the image) that the service does not mount itself keep the replaced container's anonymous
// volumes, as Docker Compose does; without this a recreate would start them empty.
void AddInheritedImageVolumes(const nlohmann::json& replaced, nlohmann::json& host) {
    if (!replaced.is_object() || !replaced.contains("Config") || !replaced["Config"].is_object()) {
        return;
    }
    const nlohmann::json& volumes = replaced["Config"].value("Volumes", nlohmann::json::object());
    if (!volumes.is_object()) {
        return;
    }
    for (const auto& [target, unused] : volumes.items()) {
        if (IsMounted(host, target)) {
            continue;
        }
        if (const std::string name = InheritedVolume(replaced, target); !name.empty()) {
            host["Mounts"].push_back({{"Type", "volume"}, {"Source", name}, {"Target", target}});
        }
    }
}

}  // namespace

void AddMounts(const ServiceView& view, const nlohmann::json& replaced, nlohmann::json& host) {
    if (const Value* volumes = view.Find("volumes"); volumes != nullptr && volumes->IsSeq()) {
        for (const Value& mount : volumes->AsSeq()) {
            AddVolume(view, mount, replaced, host);
        }
    }
    AddFileMounts(view, {"secrets", "secret", "/run/secrets/"}, host);
    AddFileMounts(view, {"configs", "config", "/"}, host);
    AddInheritedImageVolumes(replaced, host);
}

}  // namespace compose::reconcile::container_spec
