#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace compose::reconcile {

/// A container of the project as the engine reports it (from its labels and state).
struct ObservedContainer final {
    std::string id;
    std::string name;  ///< without the leading "/"
    std::string service;
    int number = 0;  ///< com.docker.compose.container-number; 0 when missing or unreadable
    bool oneoff = false;
    /// Docker's State.Status: created, running, paused, restarting, removing, exited, dead.
    std::string state;
    /// State.Health.Status when the container has a health check: starting, healthy, unhealthy.
    std::string health;
    int exit_code = 0;
    std::string config_hash;  ///< the config-hash label; "" when missing
    std::string image_id;     ///< the image ID the container runs (sha256:...)
    /// Names of the networks it is attached to.
    std::set<std::string> networks;
    /// Names of the named volumes mounted into it.
    std::set<std::string> volumes;
    std::map<std::string, std::string> labels;
};

/// A network or volume of the project (labelled with its project), or one the desired
/// project names that exists in the engine without our labels (external, or made by hand).
struct ObservedResource final {
    std::string id;           ///< network ID; for volumes the name
    std::string name;         ///< engine name ("demo_default")
    std::string key;          ///< com.docker.compose.network / .volume label; "" when not labelled
    std::string config_hash;  ///< the config-hash label; "" when missing
    std::map<std::string, std::string> labels;
};

/// Everything the engine holds for one project, read at one moment. Lists are sorted by
/// name so planning is deterministic.
struct ObservedState final {
    std::vector<ObservedContainer> containers;  ///< one-offs included
    /// Networks by engine name: the project's own, plus every network the desired project
    /// names (external ones too) that exists.
    std::map<std::string, ObservedResource> networks;
    /// Volumes by engine name, the same way.
    std::map<std::string, ObservedResource> volumes;
};

}  // namespace compose::reconcile
