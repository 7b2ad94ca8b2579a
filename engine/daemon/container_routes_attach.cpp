// POST /containers/{id}/attach and /resize, and the registration of logs.

#include "engine/base/error.hpp"
#include "engine/daemon/container_routes_hijack.hpp"
#include "engine/daemon/container_routes_internal.hpp"
#include "engine/daemon/container_routes_stream.hpp"

namespace engine::daemon {
namespace {

struct AttachQuery {
    bool stream = false;
    bool logs = false;
    bool want_stdin = false;
    bool want_stdout = false;
    bool want_stderr = false;
    std::string detach_keys;  // bytes
};

AttachQuery ParseAttachQuery(const api::Query& query) {
    AttachQuery attach;
    attach.stream = query.BoolValue("stream");
    attach.logs = query.BoolValue("logs");
    attach.want_stdin = query.BoolValue("stdin");
    attach.want_stdout = query.BoolValue("stdout");
    attach.want_stderr = query.BoolValue("stderr");
    attach.detach_keys = DetachKeyBytes(query.Get("detachKeys"));
    return attach;
}

// moby's daemon/attach.go refuses these before it hijacks.
void CheckAttachable(const api::ContainerView& view, std::string_view reference) {
    if (view.state.paused) {
        throw Error(Errc::kConflict,
                    "container " + std::string(reference) + " is paused, unpause the container before attach");
    }
    if (view.state.restarting) {
        throw Error(Errc::kConflict,
                    "container " + std::string(reference) + " is restarting, wait until the container is running");
    }
}

// logs=1: what the container already wrote, before the live stream (as moby, entries written
// between the two may show twice or not at all).
void ReplayLogs(ContainerRoutesContext& context,
                const api::ContainerView& view,
                const AttachQuery& attach,
                HijackSession& session) {
    if (context.containers.LogDriver(view.id) == "none") {
        return;
    }
    runtime::ReadJsonLog(context.containers.LogPath(view.id), {}, [&](const runtime::LogEntry& entry) {
        const bool is_stderr = entry.stream == "stderr";
        if ((is_stderr && !attach.want_stderr) || (!is_stderr && !attach.want_stdout)) {
            return true;
        }
        return session.WriteRaw(LogEntryBytes(entry, view.config.tty, false));
    });
}

void HandleAttach(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const std::string& reference = request.Param("id");
    const api::ContainerView view = context.containers.View(reference);
    const AttachQuery attach = ParseAttachQuery(request.query);
    CheckAttachable(view, reference);

    HijackStreams streams;
    streams.tty = view.config.tty;
    // moby attaches stdin only when the container keeps it open.
    streams.forward_stdin = attach.want_stdin && view.config.open_stdin;
    streams.want_stdout = attach.want_stdout;
    streams.want_stderr = attach.want_stderr;
    streams.close_stdin_on_eof = view.config.stdin_once;
    streams.detach_keys = attach.detach_keys;
    // The 101 goes out before the container runs: docker run attaches, then waits, then
    // starts, and each step waits for the reply of the one before. So the claim on the output
    // is taken before the 101: a start that comes right after it then holds the process until
    // this client is connected.
    const ContainerManager::AttachTicket ticket = attach.stream ? context.containers.ReserveAttach(view.id) : nullptr;
    HijackSession session(
        response.Hijack("tcp", {{"Content-Type", std::string(StreamMediaType(request.version, streams.tty))}}),
        std::move(streams));
    if (attach.logs) {
        ReplayLogs(context, view, attach, session);
    }
    if (!attach.stream) {
        return;
    }
    std::optional<runtime::AttachClient> client =
        context.containers.Attach(ticket, [&session] { return session.ClientGone(); });
    if (!client) {
        return;
    }
    session.Connect(*client);
    session.Pump(*client);
    session.Disconnect();
}

void HandleResize(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const std::uint16_t rows = ParseTtySize(request.query.Get("h"));
    const std::uint16_t cols = ParseTtySize(request.query.Get("w"));
    context.containers.Resize(request.Param("id"), rows, cols);
    response.Send(200, "", "");
}

}  // namespace

void AddContainerStreamRoutes(Router& router, ContainerRoutesContext& context) {
    router.Add("GET", "/containers/{id}/logs", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleContainerLogs(context, request, response);
    });
    router.Add("POST", "/containers/{id}/attach", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleAttach(context, request, response);
    });
    router.Add("POST", "/containers/{id}/resize", [&context](ApiRequest& request, http::ResponseWriter& response) {
        HandleResize(context, request, response);
    });
}

}  // namespace engine::daemon
