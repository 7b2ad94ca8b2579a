#include "compose/loader/include.hpp"

#include <filesystem>

#include "compose/loader/load_error.hpp"
#include "compose/loader/relative_paths.hpp"

namespace compose::loader {
namespace {

using model::Value;

std::vector<std::string> PathList(const Value* value, const std::string& base_dir) {
    std::vector<std::string> paths;
    if (value == nullptr) {
        return paths;
    }
    if (value->IsString()) {
        paths.push_back(AbsolutePath(base_dir, value->AsString()));
    } else if (value->IsSeq()) {
        for (const Value& item : value->AsSeq()) {
            if (item.IsString()) {
                paths.push_back(AbsolutePath(base_dir, item.AsString()));
            }
        }
    }
    return paths;
}

std::string Singular(std::string_view section) {
    return std::string(section.substr(0, section.size() - 1));
}

}  // namespace

std::vector<IncludeEntry> ParseIncludes(const Value& include, const std::string& base_dir) {
    std::vector<IncludeEntry> entries;
    if (!include.IsSeq()) {
        throw LoadError(include.mark, "include must be a list of paths or {path, project_directory, env_file} entries");
    }
    for (const Value& item : include.AsSeq()) {
        IncludeEntry entry;
        entry.mark = item.mark;
        if (item.IsString()) {
            entry.paths = PathList(&item, base_dir);
        } else {
            entry.paths = PathList(item.Find("path"), base_dir);
            entry.env_files = PathList(item.Find("env_file"), base_dir);
            if (const Value* dir = item.Find("project_directory"); dir != nullptr && dir->IsString()) {
                entry.project_directory = AbsolutePath(base_dir, dir->AsString());
            }
        }
        if (entry.paths.empty()) {
            throw LoadError(item.mark, "include entry names no file; give it a path");
        }
        if (entry.project_directory.empty()) {
            entry.project_directory = std::filesystem::path(entry.paths.front()).parent_path().string();
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

void AddIncluded(Value& project, const Value& included, const IncludeEntry& entry) {
    for (std::string_view section : {"services", "networks", "volumes", "secrets", "configs"}) {
        const Value* from = included.Find(section);
        if (from == nullptr || !from->IsMap()) {
            continue;
        }
        Value& into = project[section];
        if (into.IsNull()) {
            into = Value::MakeMap();
        }
        for (const auto& [name, definition] : from->AsMap()) {
            const Value* existing = into.Find(name);
            if (existing == nullptr) {
                into[name] = definition;
            } else if (!(*existing == definition)) {
                throw LoadError(existing->key_mark.Known() ? existing->key_mark : entry.mark,
                                Singular(section) + " \"" + name + "\" is also defined by the included file " +
                                    entry.paths.front() + "; an included " + Singular(section) +
                                    " cannot be redefined, so rename one of them");
            }
        }
    }
}

}  // namespace compose::loader
