#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace compose::loader {

/// What a command line (or a test) asks of the loader. Nothing here is read from the process
/// behind the caller's back: the OS environment and the working directory come in as values.
struct LoadOptions final {
    /// -f, in order; "-" reads stdin. Empty: COMPOSE_FILE, else compose.yaml & co. found
    /// from `working_directory` upward.
    std::vector<std::string> files;
    /// -p; empty when not given.
    std::string project_name;
    /// --project-directory; empty: the directory of the first compose file.
    std::string project_directory;
    /// --env-file, in order; empty: `.env` in the project directory.
    std::vector<std::string> env_files;
    /// --profile; empty: COMPOSE_PROFILES.
    std::vector<std::string> profiles;
    /// Services named on the command line: enabled whatever their profiles say.
    std::vector<std::string> services;

    bool interpolate = true;
    bool normalize = true;

    std::map<std::string, std::string> os_environment;
    /// Absolute path of the directory the command runs in.
    std::string working_directory;
    /// Reads all of stdin, for "-f -".
    std::function<std::string()> read_stdin;
};

}  // namespace compose::loader
