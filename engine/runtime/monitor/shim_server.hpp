#pragma once

#include <filesystem>

namespace engine::runtime {

/// The body of the berth-shim process for the state directory SpawnShim prepared: reads
/// shim.json, creates and starts the container (or the exec'd process) through the runtime,
/// reports the outcome on `report_fd` (shim_report.hpp), then pumps output to the json log and
/// attach clients until the process exits, records exit.json, deletes the container from the
/// runtime and returns the shim's own exit status (0 unless the start failed). Needs to be
/// the only thread of its process (it changes the signal mask and becomes a subreaper).
int RunShim(const std::filesystem::path& state_dir, int report_fd);

}  // namespace engine::runtime
