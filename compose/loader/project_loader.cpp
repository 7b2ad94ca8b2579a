#include "compose/loader/project_loader.hpp"

#include <filesystem>
#include <fstream>

#include "compose/loader/compose_file.hpp"
#include "compose/loader/config_files.hpp"
#include "compose/loader/consistency.hpp"
#include "compose/loader/include.hpp"
#include "compose/loader/list_syntax.hpp"
#include "compose/loader/load_error.hpp"
#include "compose/loader/merge.hpp"
#include "compose/loader/normalize.hpp"
#include "compose/loader/profiles.hpp"
#include "compose/loader/project_environment.hpp"
#include "compose/loader/relative_paths.hpp"

namespace compose::loader {
namespace {

using model::Value;
namespace fs = std::filesystem;

std::string ProjectDirectory(const LoadOptions& options, const std::vector<std::string>& files) {
    if (!options.project_directory.empty()) {
        return AbsolutePath(options.working_directory, options.project_directory);
    }
    if (!files.empty() && files.front() != "-") {
        return fs::path(files.front()).parent_path().string();
    }
    return options.working_directory;
}

// -p, then COMPOSE_PROJECT_NAME, then the last `name:`, then the directory's basename.
std::string ProjectName(const LoadOptions& options,
                        const std::map<std::string, std::string>& env,
                        const Value& name_in_files,
                        const std::string& project_dir) {
    if (!options.project_name.empty()) {
        CheckProjectName(options.project_name, "-p");
        return options.project_name;
    }
    if (auto it = env.find("COMPOSE_PROJECT_NAME"); it != env.end() && !it->second.empty()) {
        CheckProjectName(it->second, "COMPOSE_PROJECT_NAME");
        return it->second;
    }
    if (name_in_files.IsString()) {
        std::string normal = NormalizeProjectName(name_in_files.AsString());
        if (normal.empty()) {
            throw LoadError(name_in_files.mark,
                            "project name \"" + name_in_files.AsString() +
                                "\" has no letters, digits, '-' or '_' to keep; choose another name");
        }
        return normal;
    }
    std::string normal = NormalizeProjectName(fs::path(project_dir).filename().string());
    if (normal.empty()) {
        throw LoadError("cannot derive a project name from the directory " + project_dir +
                        "; set one with -p, COMPOSE_PROJECT_NAME or a top-level name:");
    }
    return normal;
}

}  // namespace

model::Project LoadProject(const LoadOptions& options, Warnings& warnings) {
    // .env may set COMPOSE_FILE, so it is read from the directory we can know before the files:
    // --project-directory, else the first -f file's directory, else the working directory.
    std::vector<std::string> named_files;
    for (const std::string& file : options.files) {
        named_files.push_back(file == "-" ? file : AbsolutePath(options.working_directory, file));
    }
    ProjectEnvironment env = LoadProjectEnvironment(options, ProjectDirectory(options, named_files));
    const std::vector<std::string> files = FindConfigFiles(options, env.variables, warnings);
    const std::string project_dir = ProjectDirectory(options, files);
    if (options.files.empty() && options.env_files.empty() && options.project_directory.empty()) {
        env = LoadProjectEnvironment(options, project_dir);  // the discovered directory's .env
    }
    ComposeFileReader reader(ComposeFileReader::Settings{options.interpolate, options.read_stdin}, warnings);
    model::Project project;
    // The name comes first: the files may use ${COMPOSE_PROJECT_NAME} anywhere.
    project.name = ProjectName(options, env.variables, reader.PeekProjectName(files, env.variables), project_dir);
    if (!options.project_name.empty()) {
        env.variables.insert_or_assign("COMPOSE_PROJECT_NAME", options.project_name);
    } else {
        env.variables.emplace("COMPOSE_PROJECT_NAME", project.name);
    }
    Value merged = reader.LoadProjectFiles(files, env.variables, {});
    project.working_dir = project_dir;
    project.config_files = files;
    project.env_files = env.env_files;
    project.all_profiles = AllProfiles(merged);

    std::vector<std::string> active = options.profiles;
    if (active.empty()) {
        if (auto it = env.variables.find("COMPOSE_PROFILES"); it != env.variables.end()) {
            active = SplitList(it->second, ",");
        }
    }
    merged.Erase("version");
    // Profiles first: a disabled service is never normalized, so its env_file need not exist.
    project.profiles = ApplyProfiles(merged, active, options.services, warnings);
    if (options.normalize) {
        NormalizeProject(merged, NormalizeContext{project.name, project_dir, env.variables, ReadTextFile}, warnings);
        CheckConsistency(merged);
    } else {
        merged["name"] = Value(project.name);
    }
    project.environment = std::move(env.variables);
    project.config = std::move(merged);
    return project;
}

}  // namespace compose::loader
