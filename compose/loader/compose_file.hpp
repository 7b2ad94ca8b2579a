#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "compose/loader/warnings.hpp"
#include "compose/model/value.hpp"

namespace compose::loader {

/// Contents of a text file; throws LoadError naming the path when it cannot be read.
std::string ReadTextFile(const std::string& path);

/// Turns compose files into one merged raw tree (not yet normalized). Per file: parse,
/// interpolate, validate against the pinned schema, resolve `extends` and `include`; then the
/// files merge in order.
class ComposeFileReader final {
  public:
    struct Settings final {
        bool interpolate = true;
        std::function<std::string()> read_stdin;
    };

    ComposeFileReader(Settings settings, Warnings& warnings);

    /// Loads and merges the files of one project (the main one, or an included one), with
    /// `environment` for interpolation. `include_chain` holds the files that included this
    /// project, for cycle errors.
    model::Value LoadProjectFiles(const std::vector<std::string>& files,
                                  const std::map<std::string, std::string>& environment,
                                  const std::vector<std::string>& include_chain);

    /// The last non-empty top-level `name:` of `files`, interpolated (null when none), read before
    /// the full load because ${COMPOSE_PROJECT_NAME} may be used anywhere in the files. The
    /// parsed files are kept for LoadProjectFiles, so each (and stdin) is read once.
    model::Value PeekProjectName(const std::vector<std::string>& files,
                                 const std::map<std::string, std::string>& environment);

  private:
    /// The parsed, not yet interpolated tree of `path` (a mapping), from the peek if it was read.
    model::Value ReadTree(const std::string& path);
    model::Value LoadFile(const std::string& path,
                          const std::map<std::string, std::string>& environment,
                          const std::vector<std::string>& include_chain);
    model::Value ParseFile(const std::string& path, const std::map<std::string, std::string>& environment);
    void ApplyIncludes(model::Value& tree,
                       const std::string& path,
                       const std::map<std::string, std::string>& environment,
                       const std::vector<std::string>& include_chain);

    Settings settings_;
    Warnings& warnings_;
    std::map<std::string, model::Value> raw_trees_;
};

}  // namespace compose::loader
