#include "compose/loader/compose_file.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "compose/loader/dotenv.hpp"
#include "compose/loader/extends.hpp"
#include "compose/loader/include.hpp"
#include "compose/loader/interpolation.hpp"
#include "compose/loader/json_schema.hpp"
#include "compose/loader/load_error.hpp"
#include "compose/loader/merge.hpp"
#include "compose/loader/relative_paths.hpp"
#include "compose/loader/yaml_reader.hpp"

namespace compose::loader {
namespace {

using model::Value;
using Environment = std::map<std::string, std::string>;

Lookup LookupIn(const Environment& environment) {
    return [&environment](std::string_view name) -> std::optional<std::string> {
        auto it = environment.find(std::string(name));
        return it == environment.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

// `!reset` values are instructions for the merge, not data: they are exempt from the schema.
bool StripResets(Value& node) {
    bool found = false;
    if (node.IsMap()) {
        auto& map = node.AsMap();
        for (auto it = map.begin(); it != map.end();) {
            if (it->second.tag == "!reset") {
                it = map.erase(it);
                found = true;
            } else {
                found = StripResets(it->second) || found;
                ++it;
            }
        }
    } else if (node.IsSeq()) {
        for (Value& item : node.AsSeq()) {
            found = StripResets(item) || found;
        }
    }
    return found;
}

void Validate(const Value& tree, const std::string& path) {
    if (ComposeSpecJsonSchema().IsValid(tree)) {
        return;
    }
    Value data = tree;
    std::vector<SchemaViolation> violations =
        StripResets(data) ? ComposeSpecJsonSchema().Validate(data) : ComposeSpecJsonSchema().Validate(tree);
    if (violations.empty()) {
        return;
    }
    std::string message = violations.front().message;
    if (violations.size() > 1) {
        message += " (and " + std::to_string(violations.size() - 1) + " more schema error" +
                   (violations.size() > 2 ? "s" : "") + ")";
    }
    model::Mark mark = violations.front().mark;
    if (!mark.Known()) {
        mark = model::Mark{std::make_shared<const std::string>(path), 1, 1};
    }
    throw LoadError(mark, message);
}

std::string DirOf(const std::string& path) {
    return std::filesystem::path(path).parent_path().string();
}

}  // namespace

std::string ReadTextFile(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw LoadError(path + " is a directory, not a file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw LoadError("cannot read " + path + ": " +
                        (std::filesystem::exists(path, ec) ? "permission denied" : "no such file"));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

ComposeFileReader::ComposeFileReader(Settings settings, Warnings& warnings)
    : settings_(std::move(settings)), warnings_(warnings) {}

Value ComposeFileReader::LoadProjectFiles(const std::vector<std::string>& files,
                                          const Environment& environment,
                                          const std::vector<std::string>& include_chain) {
    Value merged = Value::MakeMap();
    for (const std::string& file : files) {
        MergeProject(merged, LoadFile(file, environment, include_chain));
    }
    return merged;
}

Value ComposeFileReader::ReadTree(const std::string& path) {
    if (auto it = raw_trees_.find(path); it != raw_trees_.end()) {
        Value tree = std::move(it->second);
        raw_trees_.erase(it);
        return tree;
    }
    const bool from_stdin = path == "-";
    std::string text =
        from_stdin ? (settings_.read_stdin ? settings_.read_stdin() : std::string()) : ReadTextFile(path);
    Value tree = ReadYaml(text, std::make_shared<const std::string>(from_stdin ? "<stdin>" : path));
    if (tree.IsNull()) {
        tree = Value::MakeMap();  // an empty file is an empty project, as in Docker Compose
    }
    if (!tree.IsMap()) {
        throw LoadError(tree.mark,
                        "a compose file must be a mapping of top-level keys (services:, networks:, ...), not a " +
                            std::string(Value::KindName(tree.kind())));
    }
    return tree;
}

Value ComposeFileReader::PeekProjectName(const std::vector<std::string>& files, const Environment& environment) {
    Value name;
    for (const std::string& file : files) {
        Value tree = ReadTree(file);
        if (const Value* value = tree.Find("name"); value != nullptr && value->IsString()) {
            Value interpolated = *value;
            if (settings_.interpolate) {
                InterpolateTree(interpolated, LookupIn(environment), warnings_);
            }
            if (interpolated.IsString() && !interpolated.AsString().empty()) {
                name = std::move(interpolated);
            }
        }
        raw_trees_.insert_or_assign(file, std::move(tree));
    }
    return name;
}

Value ComposeFileReader::ParseFile(const std::string& path, const Environment& environment) {
    Value tree = ReadTree(path);
    auto name = tree.mark.file ? tree.mark.file : std::make_shared<const std::string>(path == "-" ? "<stdin>" : path);
    if (settings_.interpolate) {
        InterpolateTree(tree, LookupIn(environment), warnings_);
    }
    if (const Value* version = tree.Find("version"); version != nullptr) {
        warnings_.Add(*name +
                      ": the attribute `version` is obsolete, it will be ignored, please remove it to avoid "
                      "potential confusion");
    }
    Validate(tree, *name);
    return tree;
}

Value ComposeFileReader::LoadFile(const std::string& path,
                                  const Environment& environment,
                                  const std::vector<std::string>& include_chain) {
    Value tree = ParseFile(path, environment);
    // Many services may extend from one file: parse each base file once per extending file.
    std::map<std::string, Value> base_files;
    const FileTreeLoader load_base = [&](const std::string& base_path) -> const Value& {
        auto it = base_files.find(base_path);
        if (it == base_files.end()) {
            it = base_files.emplace(base_path, ParseFile(base_path, environment)).first;
        }
        return it->second;
    };
    ApplyExtends(tree, path, load_base);
    if (const Value* include = tree.Find("include"); include != nullptr) {
        ApplyIncludes(tree, path, environment, include_chain);
    }
    return tree;
}

void ComposeFileReader::ApplyIncludes(Value& tree,
                                      const std::string& path,
                                      const Environment& environment,
                                      const std::vector<std::string>& include_chain) {
    std::vector<std::string> chain = include_chain;
    chain.push_back(path);
    const Value include = *tree.Find("include");
    tree.Erase("include");
    for (const IncludeEntry& entry : ParseIncludes(include, path == "-" ? std::string(".") : DirOf(path))) {
        for (const std::string& included : entry.paths) {
            for (const std::string& seen : chain) {
                if (seen == included) {
                    std::string cycle;
                    for (const std::string& file : chain) {
                        cycle += file + " -> ";
                    }
                    throw LoadError(entry.mark, "include cycle: " + cycle + included);
                }
            }
        }
        Environment included_env = environment;
        std::vector<std::string> env_files = entry.env_files;
        if (env_files.empty() && std::filesystem::is_regular_file(entry.project_directory + "/.env")) {
            env_files.push_back(entry.project_directory + "/.env");
        }
        for (const std::string& env_file : env_files) {
            for (auto& [key, value] : ParseDotenv(ReadTextFile(env_file), env_file, LookupIn(included_env))) {
                included_env.emplace(key, std::move(value));  // the including environment wins
            }
        }
        Value project = LoadProjectFiles(entry.paths, included_env, chain);
        project.Erase("name");
        ResolveProjectPaths(project, entry.project_directory);
        AddIncluded(tree, project, entry);
    }
}

}  // namespace compose::loader
