// berth-shim: the per-container monitor. Started by SpawnShim (shim.hpp), never by hand:
//   berth-shim run <state-dir>    a container: runtime create + start, logs, exit.json
//   berth-shim exec <state-dir>   a process exec'd into a running container (docker exec)
// The options are in <state-dir>/shim.json; the outcome of the start is reported on fd 3.

#include <cstring>

#include <unistd.h>

#include "engine/runtime/monitor/shim_report.hpp"
#include "engine/runtime/monitor/shim_server.hpp"

int main(int argc, char** argv) {
    if (argc != 3 || (std::strcmp(argv[1], "run") != 0 && std::strcmp(argv[1], "exec") != 0)) {
        constexpr char kUsage[] =
            "usage: berth-shim run|exec <state-dir>\n"
            "berth-shim is started by berthd for each container; it is not meant to be run by hand.\n";
        [[maybe_unused]] const ssize_t ignored = ::write(2, kUsage, sizeof kUsage - 1);
        return 2;
    }
    return engine::runtime::RunShim(argv[2], engine::runtime::kShimReportFd);
}
