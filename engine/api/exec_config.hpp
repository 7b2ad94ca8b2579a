#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/api_version.hpp"
#include "engine/api/container_config.hpp"

namespace engine::api {

/// The body of POST /containers/{id}/exec (moby types.ExecConfig).
struct ExecCreateRequest final {
    bool attach_stdin = false;
    bool attach_stdout = false;
    bool attach_stderr = false;
    /// As sent ("ctrl-p,ctrl-q"); "" means the container's or daemon's default.
    std::string detach_keys;
    /// DetachKeys decoded into bytes (moby's term.ToBytes); empty when none were given.
    std::string detach_key_bytes;
    bool tty = false;
    StringList env;
    /// Never empty after ParseExecCreate.
    std::vector<std::string> cmd;
    bool privileged = false;
    std::string user;
    std::string working_dir;
    /// Height and width; dropped below API 1.42 as moby does.
    std::optional<std::array<std::uint64_t, 2>> console_size;
};

/// Decodes and checks an exec create body. Throws Error(kInvalidArgument) with moby's texts:
/// Go's type errors ("invalid JSON: json: cannot unmarshal string into Go struct field
/// ExecConfig.Cmd of type []string"), "No exec command specified" for a missing or empty Cmd,
/// "Invalid escape keys (x) provided" for bad DetachKeys.
ExecCreateRequest ParseExecCreate(const nlohmann::json& body, const ApiVersion& version);

/// moby's term.ToBytes: a comma list of single characters and "ctrl-<c>" where c is one of
/// a-z @ [ \ ] ^ _ ("ctrl-p,ctrl-q" → "\x10\x11"). nullopt for anything else.
std::optional<std::string> DetachKeysToBytes(std::string_view keys);

/// An exec instance as GET /exec/{id}/json shows it.
struct ExecView final {
    std::string id;
    std::string container_id;
    bool running = false;
    /// nullopt until the process has exited (shown as null).
    std::optional<std::int64_t> exit_code;
    bool tty = false;
    /// Cmd[0] and the rest.
    std::string entrypoint;
    std::vector<std::string> arguments;
    bool privileged = false;
    std::string user;
    bool open_stdin = false;
    bool open_stdout = false;
    bool open_stderr = false;
    bool can_remove = false;
    /// The decoded detach keys (bytes); shown base64-encoded as Go marshals []byte.
    std::string detach_keys;
    std::int64_t pid = 0;
};

/// The ExecView for a new exec of `request` in container `container_id`: entrypoint and
/// arguments split from Cmd, the attach flags as Open*.
ExecView NewExecView(std::string id, std::string container_id, const ExecCreateRequest& request);

/// GET /exec/{id}/json: ID, Running, ExitCode (null while unset), ProcessConfig {tty,
/// entrypoint, arguments, privileged, user (omitted when empty)}, OpenStdin, OpenStderr,
/// OpenStdout, CanRemove, ContainerID, DetachKeys (base64), Pid.
nlohmann::json ExecInspectJson(const ExecView& exec);

}  // namespace engine::api
