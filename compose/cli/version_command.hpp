#pragma once

#include <iosfwd>
#include <string>

namespace CLI {
class App;
}

namespace compose::cli {

/// The flags of `berth-compose version`.
struct VersionOptions final {
    bool short_form = false;        ///< --short: the number only
    std::string format = "pretty";  ///< pretty or json
};

/// Berth Compose's version number ("0.1.0").
std::string ComposeVersion();

/// Registers `version` on `app` (it needs neither engine nor compose file).
void AddVersionCommand(CLI::App& app, int& exit_code);

/// Prints "Berth Compose version X", X alone with --short, or {"version":"X"} with json.
int RunVersion(const VersionOptions& options, std::ostream& out);

}  // namespace compose::cli
