#pragma once

#include <map>
#include <string>
#include <vector>

#include "compose/model/value.hpp"

namespace compose::model {

/// A loaded, validated, merged and normalized Compose project.
///
/// `config` is the canonical project tree: the compose file a user could have written with
/// every short syntax expanded to its long form (see compose/loader/normalize.hpp for the exact
/// shape), keys sorted, only enabled services. Printing it gives `berth-compose config`, and
/// loading that printout gives the same Project back. The typed accessors below read from it,
/// so there is one source of truth.
struct Project final {
    std::string name;
    /// Absolute project directory; relative paths in `config` are already resolved against it.
    std::string working_dir;
    /// Absolute paths of the compose files, in load order ("-" for stdin).
    std::vector<std::string> config_files;
    /// Absolute paths of the .env files that were read.
    std::vector<std::string> env_files;
    /// The variables interpolation saw: OS environment over the .env files.
    std::map<std::string, std::string> environment;
    /// Active profiles (--profile, COMPOSE_PROFILES), sorted.
    std::vector<std::string> profiles;
    /// Every profile any service names, sorted (for `config --profiles`).
    std::vector<std::string> all_profiles;
    Value config = Value::MakeMap();

    /// `config.services` as a map (empty map if there are none).
    const Value::Map& Services() const;
    const Value* Service(std::string_view service_name) const;
    std::vector<std::string> ServiceNames() const;
};

/// One edge of the service graph as normalization records it under `depends_on`.
struct Dependency final {
    std::string service;
    std::string condition;  // service_started | service_healthy | service_completed_successfully
    bool required = true;
    bool restart = false;
};

/// The normalized `depends_on` of a service, sorted by service name.
std::vector<Dependency> DependenciesOf(const Value& service);

}  // namespace compose::model
