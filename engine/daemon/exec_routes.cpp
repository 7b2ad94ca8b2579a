// POST /containers/{id}/exec, POST /exec/{id}/start, POST /exec/{id}/resize, GET /exec/{id}/json.

#include <thread>

#include <nlohmann/json.hpp>

#include "engine/api/exec_config.hpp"
#include "engine/base/error.hpp"
#include "engine/daemon/container_routes_hijack.hpp"
#include "engine/daemon/container_routes_internal.hpp"
#include "engine/daemon/container_routes_stream.hpp"

namespace engine::daemon {
namespace {

using nlohmann::json;

// After the exec's output ended, how long to wait for the manager to record its exit: the
// docker CLI asks GET /exec/{id}/json for the exit code right after the stream closes.
constexpr std::chrono::seconds kExitRecordWait{3};
constexpr std::chrono::milliseconds kExitRecordPoll{20};

struct ExecStartBody {
    bool detach = false;
    std::optional<bool> tty;
};

// {"Detach": bool, "Tty": bool, "ConsoleSize": [h, w]} with Go's type errors for the two we read.
ExecStartBody ParseExecStartBody(const json& body) {
    if (!body.is_object()) {
        throw Error(
            Errc::kInvalidArgument,
            std::string("json: cannot unmarshal ") + body.type_name() + " into Go value of type types.ExecStartCheck");
    }
    ExecStartBody start;
    for (const char* key : {"Detach", "Tty"}) {
        const auto found = body.find(key);
        if (found == body.end() || found->is_null()) {
            continue;
        }
        if (!found->is_boolean()) {
            throw Error(Errc::kInvalidArgument,
                        std::string("json: cannot unmarshal ") + found->type_name() +
                            " into Go struct field ExecStartCheck." + key + " of type bool");
        }
        if (std::string_view(key) == "Detach") {
            start.detach = found->get<bool>();
        } else {
            start.tty = found->get<bool>();
        }
    }
    return start;
}

void WaitForExitRecord(ContainerRoutesContext& context, const std::string& exec_id) {
    const auto deadline = std::chrono::steady_clock::now() + kExitRecordWait;
    while (std::chrono::steady_clock::now() < deadline) {
        try {
            if (!context.containers.InspectExec(exec_id).running) {
                return;
            }
        } catch (const Error&) {
            return;  // the container went, and its execs with it
        }
        std::this_thread::sleep_for(kExitRecordPoll);
    }
}

void HandleExecCreate(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const api::ExecCreateRequest exec = api::ParseExecCreate(request.JsonBody(), request.version);
    SendJson(response, 201, json{{"Id", context.containers.CreateExec(request.Param("id"), exec)}});
}

void HandleExecStart(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const std::string& exec_id = request.Param("id");
    const ExecStartBody body = ParseExecStartBody(request.JsonBody());
    const ExecStart info = context.containers.ExecInfo(exec_id);  // 404 before anything starts
    if (body.detach) {
        context.containers.StartExec(exec_id, false);
        response.Send(200, "", "");
        return;
    }
    HijackStreams streams;
    // moby frames by the Tty of the start request; clients send the exec's own.
    streams.tty = body.tty.value_or(info.tty);
    streams.forward_stdin = info.attach_stdin;
    streams.want_stdout = info.attach_stdout;
    streams.want_stderr = info.attach_stderr;
    streams.close_stdin_on_eof = true;  // moby closes an exec's stdin on the client's EOF
    streams.detach_keys = context.containers.InspectExec(exec_id).detach_keys;
    if (streams.detach_keys.empty()) {
        streams.detach_keys = DetachKeyBytes("");
    }
    HijackSession session(
        response.Hijack("tcp", {{"Content-Type", std::string(StreamMediaType(request.version, streams.tty))}}),
        std::move(streams));
    std::optional<runtime::AttachClient> client;
    try {
        client = context.containers.StartExec(exec_id, true);
    } catch (const Error& error) {
        // After the 101 an error can only travel in the stream: moby writes it on stdout.
        session.WriteOutput(runtime::FrameType::kStdout, std::string(error.what()) + "\r\n");
        return;
    }
    if (!client) {
        return;
    }
    session.Connect(*client);
    const PumpEnd end = session.Pump(*client);
    session.Disconnect();
    if (end == PumpEnd::kExited) {
        WaitForExitRecord(context, exec_id);
    }
}

void HandleExecResize(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const std::uint16_t rows = ParseTtySize(request.query.Get("h"));
    const std::uint16_t cols = ParseTtySize(request.query.Get("w"));
    context.containers.ResizeExec(request.Param("id"), rows, cols);
    response.Send(200, "", "");
}

}  // namespace

void AddExecRoutes(Router& router, ContainerRoutesContext& context) {
    router.Add("POST", "/containers/{id}/exec", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleExecCreate(context, request, response);
    });
    router.Add("POST", "/exec/{id}/start", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleExecStart(context, request, response);
    });
    router.Add("POST", "/exec/{id}/resize", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleExecResize(context, request, response);
    });
    router.Add("GET", "/exec/{id}/json", [&context](ApiRequest& request, http::ResponseWriter& response) {
        SendJson(response, 200, api::ExecInspectJson(context.containers.InspectExec(request.Param("id"))));
    });
}

}  // namespace engine::daemon
