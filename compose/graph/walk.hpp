#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace compose::graph {

/// Which way a walk goes: `kDependenciesFirst` for `up`/`start` (a service is ready once
/// everything it depends on is done), `kDependentsFirst` for `down`/`stop` (a service is
/// ready once everything that depends on it is done).
enum class Direction { kDependenciesFirst, kDependentsFirst };

/// A step-by-step walk over a dependency graph for a parallel executor.
///
/// The executor asks `Ready()` for services it may start now, runs them (in any order, in
/// parallel), and reports each one with `Done(name)` when it has finished; that may make
/// more services ready. The walk is over when `Finished()`.
///
/// Not thread-safe: one walk is one piece of mutable state, and an executor that calls it
/// from several threads must guard every call with its own mutex. A walk is independent of
/// the ServiceGraph that made it (it copies what it needs), so it may outlive the graph.
class GraphWalk final {
  public:
    /// One node of the walk: its name and the indices of the nodes that wait for it.
    struct Node final {
        std::string name;
        std::vector<std::size_t> unblocks;
    };

    /// Builds a walk over `nodes`, whose names must be sorted and unique; a node is ready when
    /// every node that lists it in `unblocks` is done. Meant for ServiceGraph::Walk; the
    /// graph must be acyclic, or the nodes on a cycle never become ready.
    explicit GraphWalk(std::vector<Node> nodes);

    /// Services that became ready since the last call, sorted by name. Each service is handed
    /// out exactly once; an empty result with !Finished() means "wait for a Done".
    std::vector<std::string> Ready();

    /// Marks a handed-out service finished. Throws std::logic_error when `service` is not part
    /// of the walk, was not handed out by Ready() yet, or was already reported done.
    void Done(std::string_view service);

    /// True once every service was reported done (at once for an empty walk).
    bool Finished() const { return done_count_ == nodes_.size(); }

  private:
    enum class State { kWaiting, kReady, kRunning, kDone };

    std::size_t IndexOf(std::string_view service) const;

    std::vector<Node> nodes_;
    std::vector<std::size_t> pending_;  // unfinished prerequisites per node
    std::vector<State> states_;
    std::set<std::size_t> ready_;  // ready, not handed out yet; ordered, so names come sorted
    std::size_t done_count_ = 0;
};

}  // namespace compose::graph
