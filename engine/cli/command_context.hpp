#pragma once

#include <chrono>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/client/endpoint.hpp"
#include "engine/client/engine_api.hpp"

namespace engine::cli {

/// Everything a command touches outside itself, so tests can run commands in memory.
struct CliIo {
    CliIo(std::istream& in_stream, std::ostream& out_stream, std::ostream& err_stream)
        : in(in_stream), out(out_stream), err(err_stream) {}

    std::istream& in;
    std::ostream& out;
    std::ostream& err;
    int stdin_fd = 0;   ///< uploads read from here when a command says "-"
    int stdout_fd = 1;  ///< downloads go here when no file is named
    bool stdin_is_tty = false;
    bool stdout_is_tty = false;
    client::GetEnv get_env;
    std::function<std::chrono::system_clock::time_point()> now;
    /// The directory of the running berth binary; `berth compose` looks for berth-compose there.
    std::string self_directory;
    /// Replaces the process with `program` (argv[0] included in `argv`); returns only on
    /// failure, with errno's value. Tests record the call instead.
    std::function<int(const std::string& program, const std::vector<std::string>& argv)> exec;
};

/// Gives the API for an endpoint: EngineClient in the real program, a fake in tests. Called at
/// most once per run, when the first command needs the daemon.
using ApiProvider = std::function<client::EngineApi&(const client::Endpoint& endpoint)>;

/// An error that ends the run with `code` after printing the message (docker's StatusError):
/// 125 for flag errors, 1 for the rest. An empty message prints nothing.
class ExitError final : public std::runtime_error {
  public:
    ExitError(int code, std::string message) : std::runtime_error(std::move(message)), code_(code) {}
    int code() const { return code_; }

  private:
    int code_;
};

/// Shared state of one `berth` run: the IO, the global connection flags and the API, plus each
/// registered command's usage line for docker-style usage errors.
class CommandContext final {
  public:
    CommandContext(CliIo io, ApiProvider provider) : io_(std::move(io)), provider_(std::move(provider)) {}

    CliIo& io() { return io_; }
    client::EndpointFlags& endpoint_flags() { return endpoint_flags_; }

    /// The API at the endpoint the global flags and environment select (resolved on first use).
    /// Throws Error(kInvalidArgument) for a bad -H value.
    client::EngineApi& Api();

    /// Records how `command` is shown in messages: "berth image tag" and its usage line
    /// "berth image tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]".
    void SetUsage(const CLI::App* command, std::string path, std::string usage);
    const std::string& PathOf(const CLI::App* command) const;
    const std::string& UsageOf(const CLI::App* command) const;

  private:
    CliIo io_;
    ApiProvider provider_;
    client::EndpointFlags endpoint_flags_;
    client::EngineApi* api_ = nullptr;
    std::map<const CLI::App*, std::pair<std::string, std::string>> usage_;
};

/// How many positional arguments a command takes.
struct ArgCount {
    std::size_t min = 0;
    std::size_t max = 0;  ///< SIZE_MAX for no limit
};

/// Throws ExitError(1) with docker's wording when `args` does not fit `count`:
/// "berth: 'berth image tag' requires 2 arguments", "... requires at least 1 argument",
/// "... requires at most 1 argument", "... accepts no arguments", followed by the usage line.
void CheckArgCount(const CommandContext& context,
                   const CLI::App* command,
                   const std::vector<std::string>& args,
                   ArgCount count);

}  // namespace engine::cli
