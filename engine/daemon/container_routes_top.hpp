#pragma once

// GET /containers/{id}/top: moby runs the host's `ps` and keeps the rows of the container's
// processes. The parsing is pure, here, so it is tested without processes.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <sys/types.h>

#include "engine/daemon/container_routes.hpp"

namespace engine::daemon {

/// moby's ContainerTopOKBody.
struct TopTable {
    std::vector<std::string> titles;
    std::vector<std::vector<std::string>> processes;
};

/// moby's validatePSArgs: a `-o key=PID...` style argument may only rename the PID column as
/// "pid". Throws Error(kInvalidArgument, "specifying \"user=PID\" is not allowed").
void ValidatePsArgs(std::string_view ps_args);

/// The arguments `ps` gets for `ps_args` ("" means moby's "-ef"), split on spaces.
std::vector<std::string> SplitPsArgs(std::string_view ps_args);

/// moby's parsePSOutput: the first line gives the titles (split on ASCII white space), the
/// PID column is found by its title, and a row is kept when its PID is one of `pids` (rows
/// whose PID is "-", threads shown with `-m`, follow the row before them). The last column
/// keeps its inner spaces (the command line). Throws Error(kInternal, "Couldn't find PID field
/// in ps output") or Error(kInternal, "Unexpected pid 'x': ...").
TopTable ParsePsOutput(std::string_view output, std::span<const pid_t> pids);

/// {"Processes": [[...]] (null when none), "Titles": [...]}.
nlohmann::json TopJson(const TopTable& table);

/// The handler: 409 when the container does not run.
void HandleContainerTop(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response);

}  // namespace engine::daemon
