#include "engine/api/exec_config.hpp"

#include <algorithm>

#include "engine/api/container_json_decode.hpp"
#include "engine/base/error.hpp"

namespace engine::api {
namespace {

// moby's term.ASCII: the control characters by the key that types them with ctrl.
constexpr std::string_view kCtrlKeys = "@abcdefghijklmnopqrstuvwxyz[\\]^_";

// Go's encoding of a []byte in JSON: standard base64 with padding.
std::string Base64(std::string_view bytes) {
    static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t chunk = 0;
        for (std::size_t k = 0; k < 3; ++k) {
            chunk = (chunk << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0U);
        }
        for (std::size_t k = 0; k < 4; ++k) {
            out += k <= n ? kAlphabet[(chunk >> (18 - 6 * k)) & 63U] : '=';
        }
    }
    return out;
}

}  // namespace

std::optional<std::string> DetachKeysToBytes(std::string_view keys) {
    std::string bytes;
    std::size_t start = 0;
    while (start <= keys.size()) {
        const std::size_t comma = std::min(keys.find(',', start), keys.size());
        const std::string_view key = keys.substr(start, comma - start);
        if (key.size() == 1) {
            bytes += key[0];
        } else if (key.size() == 6 && key.starts_with("ctrl-") && kCtrlKeys.find(key[5]) != std::string_view::npos) {
            bytes += static_cast<char>(kCtrlKeys.find(key[5]));
        } else {
            return std::nullopt;
        }
        start = comma + 1;
    }
    return bytes;
}

ExecCreateRequest ParseExecCreate(const nlohmann::json& body, const ApiVersion& version) {
    if (!body.is_object() && !body.is_null()) {
        FailTopLevel(body, "types.ExecConfig");
    }
    const GoStructReader in(body, "ExecConfig", "");
    ExecCreateRequest request;
    in.Read("AttachStdin", request.attach_stdin);
    in.Read("AttachStdout", request.attach_stdout);
    in.Read("AttachStderr", request.attach_stderr);
    in.Read("DetachKeys", request.detach_keys);
    in.Read("Tty", request.tty);
    in.Read("Env", request.env);
    StringList cmd;
    in.Read("Cmd", cmd);
    in.Read("Privileged", request.privileged);
    in.Read("User", request.user);
    in.Read("WorkingDir", request.working_dir);
    request.console_size = in.ReadUintPair("ConsoleSize");
    if (version < ApiVersion(1, 42)) {
        request.console_size = std::nullopt;
    }
    if (!cmd || cmd->empty()) {
        throw Error(Errc::kInvalidArgument, "No exec command specified");
    }
    request.cmd = std::move(*cmd);
    if (!request.detach_keys.empty()) {
        std::optional<std::string> bytes = DetachKeysToBytes(request.detach_keys);
        if (!bytes) {
            throw Error(Errc::kInvalidArgument, "Invalid escape keys (" + request.detach_keys + ") provided");
        }
        request.detach_key_bytes = std::move(*bytes);
    }
    return request;
}

ExecView NewExecView(std::string id, std::string container_id, const ExecCreateRequest& request) {
    ExecView exec;
    exec.id = std::move(id);
    exec.container_id = std::move(container_id);
    exec.tty = request.tty;
    exec.entrypoint = request.cmd.front();
    exec.arguments.assign(request.cmd.begin() + 1, request.cmd.end());
    exec.privileged = request.privileged;
    exec.user = request.user;
    exec.open_stdin = request.attach_stdin;
    exec.open_stdout = request.attach_stdout;
    exec.open_stderr = request.attach_stderr;
    exec.detach_keys = request.detach_key_bytes;
    return exec;
}

nlohmann::json ExecInspectJson(const ExecView& exec) {
    nlohmann::json process = {
        {"tty", exec.tty},
        {"entrypoint", exec.entrypoint},
        {"arguments", exec.arguments},
        {"privileged", exec.privileged},
    };
    if (!exec.user.empty()) {
        process["user"] = exec.user;
    }
    return {
        {"ID", exec.id},
        {"Running", exec.running},
        {"ExitCode", exec.exit_code ? nlohmann::json(*exec.exit_code) : nlohmann::json(nullptr)},
        {"ProcessConfig", process},
        {"OpenStdin", exec.open_stdin},
        {"OpenStderr", exec.open_stderr},
        {"OpenStdout", exec.open_stdout},
        {"CanRemove", exec.can_remove},
        {"ContainerID", exec.container_id},
        {"DetachKeys", Base64(exec.detach_keys)},
        {"Pid", exec.pid},
    };
}

}  // namespace engine::api
