// GET /containers/{id}/logs.

#include "engine/api/error_response.hpp"
#include "engine/base/error.hpp"
#include "engine/daemon/container_routes_internal.hpp"
#include "engine/daemon/container_routes_stream.hpp"

namespace engine::daemon {
namespace {

// moby's logger.ErrReadLogsNotSupported, a NotImplemented error: 501.
constexpr std::string_view kNoLogReading = "configured logging driver does not support reading";

}  // namespace

void HandleContainerLogs(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const api::ContainerView view = context.containers.View(request.Param("id"));
    const LogsQuery logs = ParseLogsQuery(request.query);
    if (context.containers.LogDriver(view.id) == "none") {
        const api::ErrorResponse error = api::MakeErrorResponse(501, kNoLogReading);
        response.Send(error.status, error.content_type, error.body);
        return;
    }
    const bool tty = view.config.tty;
    const std::filesystem::path log_path = context.containers.LogPath(view.id);
    const std::string id = view.id;
    response.BeginStream(200, StreamMediaType(request.version, tty));
    // Following ends when the container stops (moby follows only a running container's
    // logger), when `until` has passed, or when the client leaves.
    const auto stop = [&] {
        if (response.Cancelled()) {
            return true;
        }
        if (logs.read.until_nanos != 0 && NowUnixNanos() > logs.read.until_nanos) {
            return true;
        }
        try {
            return !context.containers.IsRunning(id);
        } catch (const Error&) {
            return true;  // removed meanwhile
        }
    };
    bool alive = true;
    runtime::ReadJsonLog(
        log_path,
        logs.read,
        [&](const runtime::LogEntry& entry) {
            const bool is_stderr = entry.stream == "stderr";
            if ((is_stderr && !logs.want_stderr) || (!is_stderr && !logs.want_stdout)) {
                return true;
            }
            alive = response.WriteChunk(LogEntryBytes(entry, tty, logs.timestamps));
            return alive;
        },
        stop);
    if (alive && !response.Cancelled()) {
        response.EndStream();
    }
}

}  // namespace engine::daemon
