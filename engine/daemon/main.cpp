// berthd: the Berth engine daemon. Parses options, builds the Daemon, serves until SIGTERM or
// SIGINT, then shuts down cleanly.
#include <cstring>
#include <iostream>

#include <signal.h>

#include "engine/base/error.hpp"
#include "engine/base/log.hpp"
#include "engine/daemon/daemon.hpp"
#include "engine/daemon/daemon_options.hpp"

namespace {

engine::LogLevel ParseLevel(const std::string& name) {
    if (name == "debug") {
        return engine::LogLevel::kDebug;
    }
    if (name == "warn") {
        return engine::LogLevel::kWarn;
    }
    if (name == "error") {
        return engine::LogLevel::kError;
    }
    return engine::LogLevel::kInfo;
}

}  // namespace

int main(int argc, char** argv) {
    // Block the shutdown signals before any thread exists so every thread inherits the mask and
    // only sigwait below receives them. A client that goes away must not kill the daemon.
    sigset_t shutdown_signals;
    sigemptyset(&shutdown_signals);
    sigaddset(&shutdown_signals, SIGTERM);
    sigaddset(&shutdown_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &shutdown_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);
    try {
        const std::optional<engine::daemon::DaemonOptions> options = engine::daemon::ParseDaemonOptions(argc, argv);
        if (!options) {
            return 0;
        }
        engine::Logger logger(std::cerr, ParseLevel(options->log_level));
        engine::daemon::Daemon daemon(*options, logger);
        daemon.Start();
        logger.Info("daemon started", {{"data-root", options->data_root.string()}, {"pid", std::to_string(getpid())}});
        int signal_number = 0;
        sigwait(&shutdown_signals, &signal_number);
        logger.Info("shutting down", {{"signal", strsignal(signal_number)}});
        daemon.Stop();
        logger.Info("daemon stopped");
        return 0;
    } catch (const engine::Error& error) {
        std::cerr << "berthd: " << error.what() << "\n";
        return 1;
    } catch (const std::exception& error) {
        std::cerr << "berthd: internal error: " << error.what() << "\n";
        return 1;
    }
}
