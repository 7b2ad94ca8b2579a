#include "compose/loader/config_files.hpp"

#include <array>
#include <filesystem>
#include <string_view>

#include "compose/loader/list_syntax.hpp"
#include "compose/loader/load_error.hpp"
#include "compose/loader/relative_paths.hpp"

namespace compose::loader {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 4> kDefaultNames = {
    "compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"};
constexpr std::array<std::string_view, 4> kOverrideNames = {
    "compose.override.yml", "compose.override.yaml", "docker-compose.override.yml", "docker-compose.override.yaml"};

// Names found in `dir` from `names`, in that order.
std::vector<std::string> Present(const fs::path& dir, const auto& names) {
    std::vector<std::string> found;
    std::error_code ec;
    for (std::string_view name : names) {
        if (fs::is_regular_file(dir / name, ec)) {
            found.emplace_back(name);
        }
    }
    return found;
}

std::string JoinNames(const auto& names) {
    std::string out;
    for (std::string_view name : names) {
        out += (out.empty() ? "" : ", ") + std::string(name);
    }
    return out;
}

std::vector<std::string> Discover(const std::string& start, Warnings& warnings) {
    for (fs::path dir = start;; dir = dir.parent_path()) {
        std::vector<std::string> found = Present(dir, kDefaultNames);
        if (!found.empty()) {
            if (found.size() > 1) {
                warnings.Add("found multiple config files with supported names: " + JoinNames(found) + "; using " +
                             found.front());
            }
            std::vector<std::string> files = {(dir / found.front()).string()};
            std::vector<std::string> overrides = Present(dir, kOverrideNames);
            if (!overrides.empty()) {
                files.push_back((dir / overrides.front()).string());
            }
            return files;
        }
        if (dir == dir.parent_path()) {
            break;
        }
    }
    throw LoadError("no compose file found in " + start + " or any parent directory (looked for " +
                    JoinNames(kDefaultNames) + "); create one or pass it with -f");
}

std::vector<std::string> CheckedAbsolute(const std::vector<std::string>& files, const std::string& base) {
    std::vector<std::string> out;
    for (const std::string& file : files) {
        if (file == "-") {
            out.push_back(file);
            continue;
        }
        std::string path = AbsolutePath(base, file);
        std::error_code ec;
        if (!fs::is_regular_file(path, ec)) {
            throw LoadError("compose file " + path + " not found" +
                            (fs::is_directory(path, ec) ? " (it is a directory; name the file in it)" : ""));
        }
        out.push_back(std::move(path));
    }
    return out;
}

}  // namespace

std::vector<std::string> FindConfigFiles(const LoadOptions& options,
                                         const std::map<std::string, std::string>& environment,
                                         Warnings& warnings) {
    // --project-directory moves where relative names and discovery start from.
    const std::string base = options.project_directory.empty()
                                 ? options.working_directory
                                 : AbsolutePath(options.working_directory, options.project_directory);
    if (!options.files.empty()) {
        return CheckedAbsolute(options.files, options.working_directory);
    }
    if (auto it = environment.find("COMPOSE_FILE"); it != environment.end() && !it->second.empty()) {
        auto sep = environment.find("COMPOSE_PATH_SEPARATOR");
        const std::string separator = sep != environment.end() && !sep->second.empty() ? sep->second : ":";
        return CheckedAbsolute(SplitList(it->second, separator), base);
    }
    return Discover(base, warnings);
}

}  // namespace compose::loader
