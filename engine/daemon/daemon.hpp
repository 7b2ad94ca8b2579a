#pragma once

#include <memory>

#include "engine/base/log.hpp"
#include "engine/daemon/daemon_options.hpp"

namespace engine::daemon {

/// The composition root of berthd: owns the data-root lock, the stores, the event bus, the
/// router with every route and the HTTP server. Constructing it does everything that can fail
/// (lock, directories, stores, binding listeners), so errors surface before Start.
class Daemon final {
  public:
    Daemon(const DaemonOptions& options, Logger& logger);
    ~Daemon();
    Daemon(const Daemon&) = delete;
    Daemon& operator=(const Daemon&) = delete;

    /// Starts serving; returns at once.
    void Start();
    /// Ends event streams, lets in-flight requests finish (their writes are atomic and complete),
    /// closes the listeners and removes the PID file. Idempotent.
    void Stop();

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace engine::daemon
