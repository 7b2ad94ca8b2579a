#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "compose/graph/walk.hpp"

namespace compose::model {
struct Project;
}  // namespace compose::model

namespace compose::graph {

/// A user-facing problem with the dependency graph: a dependency cycle, a dependency on an
/// undefined service, or a service name that is not in the project.
class GraphError final : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The services of a project and which service needs which, immutable once built.
///
/// Service S depends on X when `config.services.S` names X in `depends_on`, in `network_mode`,
/// `ipc`, `pid` or `uts` as "service:X", in `volumes_from` as "X" or "X:mode" ("container:..." is
/// not a service), or in `links` as "X" or "X:alias". The same X named several ways is one
/// edge. Every list this class returns is sorted, so output never depends on load order.
///
/// Copies are cheap and share the (immutable) graph; safe to read from several threads.
class ServiceGraph final {
  public:
    /// Builds the graph of `project.config.services`. Throws GraphError
    /// - `service "web" depends on undefined service "db"` when a dependency names no service
    ///   of the project, unless every mention of it is a `depends_on` with `required: false`
    ///   (then the edge is dropped);
    /// - `dependency cycle between services: a -> b -> a` when the services depend on each
    ///   other in a circle; the path follows "depends on" and starts at the smallest name.
    static ServiceGraph Build(const model::Project& project);

    /// Every service, sorted.
    const std::vector<std::string>& Services() const;

    /// Direct dependencies of `service` (what it needs), sorted. Throws GraphError for an
    /// unknown service.
    std::vector<std::string> DependenciesOf(std::string_view service) const;
    /// Direct dependents of `service` (what needs it), sorted. Throws GraphError for an unknown
    /// service.
    std::vector<std::string> DependentsOf(std::string_view service) const;

    /// `services` plus everything they need, transitively, sorted: the set `up web` touches.
    /// Throws GraphError `no such service: "x"` for an unknown name.
    std::vector<std::string> WithDependencies(const std::vector<std::string>& services) const;
    /// `services` plus everything that needs them, transitively, sorted: the set `stop db`
    /// touches. Throws GraphError `no such service: "x"` for an unknown name.
    std::vector<std::string> WithDependents(const std::vector<std::string>& services) const;

    /// Batches of services that may run together, dependencies first: every service sits in
    /// the batch right after its deepest dependency, e.g. {{cache, db}, {api}, {web}}. Each
    /// batch is sorted; no batch is empty.
    std::vector<std::vector<std::string>> DependencyOrder() const;
    /// Batches, dependents first (for `down`): every service sits in the batch right after its
    /// deepest dependent, so services nothing depends on are in the first batch.
    std::vector<std::vector<std::string>> ReverseDependencyOrder() const;

    /// A walk over every service in `direction`; see GraphWalk for the protocol.
    GraphWalk Walk(Direction direction) const;
    /// A walk over just `services` (e.g. the result of WithDependencies); edges to services
    /// outside the set are ignored. Throws GraphError `no such service: "x"` for an unknown
    /// name; duplicates count once.
    GraphWalk Walk(Direction direction, const std::vector<std::string>& services) const;

  private:
    struct Impl;

    explicit ServiceGraph(std::shared_ptr<const Impl> impl);

    std::shared_ptr<const Impl> impl_;
};

}  // namespace compose::graph
