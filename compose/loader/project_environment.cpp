#include "compose/loader/project_environment.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compose/loader/dotenv.hpp"
#include "compose/loader/load_error.hpp"
#include "compose/loader/relative_paths.hpp"

namespace compose::loader {
namespace {

std::string ReadEnvFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw LoadError("env file " + path + " not found; create it or drop the --env-file option");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool IsTrue(const std::string& value) {
    std::string lower;
    for (unsigned char c : value) {
        lower += static_cast<char>(std::tolower(c));
    }
    return lower == "1" || lower == "true" || lower == "yes" || lower == "on";
}

}  // namespace

ProjectEnvironment LoadProjectEnvironment(const LoadOptions& options, const std::string& project_dir) {
    ProjectEnvironment env;
    std::vector<std::string> files;
    for (const std::string& file : options.env_files) {
        files.push_back(AbsolutePath(options.working_directory, file));
    }
    auto disable = options.os_environment.find("COMPOSE_DISABLE_ENV_FILE");
    const bool disabled = disable != options.os_environment.end() && IsTrue(disable->second);
    if (files.empty() && !disabled) {
        std::string dotenv = AbsolutePath(project_dir, ".env");
        std::error_code ec;
        if (std::filesystem::is_regular_file(dotenv, ec)) {
            files.push_back(std::move(dotenv));
        }
    }
    std::map<std::string, std::string> from_files;
    for (const std::string& file : files) {
        // Earlier files and the OS environment are visible to a file's own interpolation.
        const Lookup lookup = [&](std::string_view name) -> std::optional<std::string> {
            if (auto it = options.os_environment.find(std::string(name)); it != options.os_environment.end()) {
                return it->second;
            }
            if (auto it = from_files.find(std::string(name)); it != from_files.end()) {
                return it->second;
            }
            return std::nullopt;
        };
        for (auto& [key, value] : ParseDotenv(ReadEnvFile(file), file, lookup)) {
            from_files[key] = std::move(value);
        }
        env.env_files.push_back(file);
    }
    env.variables = options.os_environment;
    env.variables.merge(from_files);  // keeps the OS value where both have the key
    return env;
}

std::string NormalizeProjectName(const std::string& name) {
    std::string out;
    for (unsigned char c : name) {
        const char lower = static_cast<char>(std::tolower(c));
        if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') || lower == '_' || lower == '-') {
            out += lower;
        }
    }
    const auto first = out.find_first_not_of("_-");
    return first == std::string::npos ? std::string() : out.substr(first);
}

void CheckProjectName(const std::string& name, const std::string& source) {
    if (name.empty() || NormalizeProjectName(name) != name) {
        throw LoadError("invalid project name \"" + name + "\" (from " + source +
                        "): it must consist only of lowercase alphanumeric characters, hyphens, and "
                        "underscores as well as start with a letter or number");
    }
}

}  // namespace compose::loader
