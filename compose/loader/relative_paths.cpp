#include "compose/loader/relative_paths.hpp"

#include <filesystem>

namespace compose::loader {
namespace {

using model::Value;

bool IsRelativeFilePath(std::string_view path) {
    return !path.empty() && path.front() != '/' && path.front() != '~';
}

void ResolveString(Value& value, std::string_view base_dir) {
    if (value.IsString() && IsRelativeFilePath(value.AsString())) {
        value.AsString() = AbsolutePath(base_dir, value.AsString());
    }
}

// env_file and label_file: a string, or a list of strings and {path: ...} entries.
void ResolveFileList(Value* files, std::string_view base_dir) {
    if (files == nullptr) {
        return;
    }
    if (files->IsString()) {
        ResolveString(*files, base_dir);
        return;
    }
    if (!files->IsSeq()) {
        return;
    }
    for (Value& entry : files->AsSeq()) {
        if (entry.IsMap()) {
            if (Value* path = entry.Find("path"); path != nullptr) {
                ResolveString(*path, base_dir);
            }
        } else {
            ResolveString(entry, base_dir);
        }
    }
}

void ResolveBuild(Value* build, std::string_view base_dir) {
    if (build == nullptr) {
        return;
    }
    Value* context = build->IsMap() ? build->Find("context") : build;
    if (build->IsMap() && context == nullptr) {
        // An omitted context means the directory of the file that declared the build.
        (*build)["context"] = Value(std::string(base_dir));
        return;
    }
    if (context != nullptr && context->IsString() && !IsRemoteContext(context->AsString())) {
        ResolveString(*context, base_dir);
    }
}

// Short volume syntax "SRC:DST[:OPTS]": only sources starting with "." are host paths
// relative to the file; a bare word is a named volume.
void ResolveVolume(Value& volume, std::string_view base_dir) {
    if (volume.IsString()) {
        std::string& spec = volume.AsString();
        const auto colon = spec.find(':');
        if (colon != std::string::npos && !spec.empty() && spec.front() == '.') {
            spec = AbsolutePath(base_dir, spec.substr(0, colon)) + spec.substr(colon);
        }
        return;
    }
    const Value* type = volume.Find("type");
    Value* source = volume.Find("source");
    if (type != nullptr && type->IsString() && type->AsString() == "bind" && source != nullptr) {
        ResolveString(*source, base_dir);
    }
}

}  // namespace

std::string AbsolutePath(std::string_view base_dir, std::string_view path) {
    std::filesystem::path result(path);
    if (result.is_relative()) {
        result = std::filesystem::path(base_dir) / result;
    }
    std::string text = result.lexically_normal().string();
    while (text.size() > 1 && text.back() == '/') {
        text.pop_back();
    }
    return text;
}

bool IsRemoteContext(std::string_view context) {
    return context.find("://") != std::string_view::npos || context.starts_with("git@") ||
           context.starts_with("github.com/");
}

void ResolveServicePaths(Value& service, std::string_view base_dir) {
    if (!service.IsMap()) {
        return;
    }
    ResolveBuild(service.Find("build"), base_dir);
    ResolveFileList(service.Find("env_file"), base_dir);
    ResolveFileList(service.Find("label_file"), base_dir);
    if (Value* volumes = service.Find("volumes"); volumes != nullptr && volumes->IsSeq()) {
        for (Value& volume : volumes->AsSeq()) {
            ResolveVolume(volume, base_dir);
        }
    }
    if (Value* extends = service.Find("extends"); extends != nullptr && extends->IsMap()) {
        if (Value* file = extends->Find("file"); file != nullptr) {
            ResolveString(*file, base_dir);
        }
    }
}

void ResolveProjectPaths(Value& project, std::string_view base_dir) {
    if (Value* services = project.Find("services"); services != nullptr && services->IsMap()) {
        for (auto& [name, service] : services->AsMap()) {
            ResolveServicePaths(service, base_dir);
        }
    }
    for (std::string_view section : {"secrets", "configs"}) {
        Value* entries = project.Find(section);
        if (entries == nullptr || !entries->IsMap()) {
            continue;
        }
        for (auto& [name, entry] : entries->AsMap()) {
            if (Value* file = entry.Find("file"); file != nullptr) {
                ResolveString(*file, base_dir);
            }
        }
    }
}

}  // namespace compose::loader
