// Daemon-side helpers of shim.hpp: options and exit files, process identity, waiting.

#include "engine/runtime/monitor/shim.hpp"

#include <charconv>

#include <nlohmann/json.hpp>
#include <poll.h>
#include <sys/syscall.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/runtime/monitor/json_log.hpp"

namespace engine::runtime {
namespace {

constexpr int kUnknownExitCode = 255;

struct ProcStat {
    char state = '?';
    std::uint64_t start_time = 0;
};

std::optional<ProcStat> ReadProcStat(pid_t pid) {
    std::string line;
    try {
        line = ReadFile("/proc/" + std::to_string(pid) + "/stat");
    } catch (const Error&) {
        return std::nullopt;
    }
    // The command name is in parentheses and may itself contain spaces and ')'. After it come
    // field 3 (state) … field 22 (start time), separated by single spaces.
    const std::size_t close = line.rfind(')');
    if (close == std::string::npos || close + 3 >= line.size()) {
        return std::nullopt;
    }
    ProcStat stat;
    stat.state = line[close + 2];
    std::size_t position = close + 2;
    for (int field = 3; field < 22; ++field) {
        position = line.find(' ', position);
        if (position == std::string::npos) {
            return std::nullopt;
        }
        ++position;
    }
    const char* end = line.data() + line.size();
    if (std::from_chars(line.data() + position, end, stat.start_time).ec != std::errc()) {
        return std::nullopt;
    }
    return stat;
}

}  // namespace

std::string ShimOptionsToJson(const ShimOptions& options) {
    const nlohmann::json json = {
        {"shim_binary", options.shim_binary.string()},
        {"container_id", options.container_id},
        {"bundle", options.bundle.string()},
        {"state_dir", options.state_dir.string()},
        {"runtime_binary", options.runtime_binary.string()},
        {"runtime_root", options.runtime_root.string()},
        {"tty", options.tty},
        {"open_stdin", options.open_stdin},
        {"stdin_once", options.stdin_once},
        {"log_driver", options.log_driver},
        {"log_path", options.log_path.string()},
        {"log_max_size", options.log_max_size},
        {"log_max_file", options.log_max_file},
        {"start_gate", options.start_gate},
        {"exec", options.exec},
        {"process_file", options.process_file.string()},
    };
    return json.dump(2) + "\n";
}

ShimOptions ShimOptionsFromJson(std::string_view json_text) {
    try {
        const nlohmann::json json = nlohmann::json::parse(json_text);
        ShimOptions options;
        options.shim_binary = json.value("shim_binary", "");
        options.container_id = json.at("container_id").get<std::string>();
        options.bundle = json.value("bundle", "");
        options.state_dir = json.at("state_dir").get<std::string>();
        options.runtime_binary = json.at("runtime_binary").get<std::string>();
        options.runtime_root = json.at("runtime_root").get<std::string>();
        options.tty = json.value("tty", false);
        options.open_stdin = json.value("open_stdin", false);
        options.stdin_once = json.value("stdin_once", false);
        options.log_driver = json.value("log_driver", "json-file");
        options.log_path = json.value("log_path", "");
        options.log_max_size = json.value("log_max_size", std::uint64_t{0});
        options.log_max_file = json.value("log_max_file", 1);
        options.start_gate = json.value("start_gate", false);
        options.exec = json.value("exec", false);
        options.process_file = json.value("process_file", "");
        return options;
    } catch (const nlohmann::json::exception& error) {
        throw Error(Errc::kInvalidArgument, std::string("parse shim options: ") + error.what());
    }
}

std::optional<ProcessIdentity> IdentifyProcess(pid_t pid) {
    const std::optional<ProcStat> stat = ReadProcStat(pid);
    if (!stat) {
        return std::nullopt;
    }
    return ProcessIdentity{pid, stat->start_time};
}

bool IsAlive(const ProcessIdentity& identity) {
    if (identity.pid <= 0) {
        return false;
    }
    const std::optional<ProcStat> stat = ReadProcStat(identity.pid);
    return stat && stat->start_time == identity.start_time && stat->state != 'Z' && stat->state != 'X';
}

std::optional<ProcessIdentity> ReadProcessIdentity(const std::filesystem::path& file) {
    try {
        const nlohmann::json json = nlohmann::json::parse(ReadFile(file));
        return ProcessIdentity{json.at("pid").get<pid_t>(), json.at("start_time").get<std::uint64_t>()};
    } catch (const Error&) {
        return std::nullopt;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

void WriteProcessIdentity(const std::filesystem::path& file, const ProcessIdentity& identity) {
    const nlohmann::json json = {{"pid", identity.pid}, {"start_time", identity.start_time}};
    WriteFileAtomically(file, json.dump() + "\n");
}

std::string ExitStatusToJson(const ExitStatus& status) {
    const nlohmann::json json = {
        {"exit_code", status.exit_code},
        {"oom_killed", status.oom_killed},
        {"finished_at", FormatRfc3339Nano(status.finished_at_nanos)},
        {"error", status.error},
    };
    return json.dump() + "\n";
}

ExitStatus ExitStatusFromJson(std::string_view json_text) {
    try {
        const nlohmann::json json = nlohmann::json::parse(json_text);
        ExitStatus status;
        status.exit_code = json.at("exit_code").get<int>();
        status.oom_killed = json.value("oom_killed", false);
        status.finished_at_nanos = ParseRfc3339Nano(json.at("finished_at").get<std::string>());
        status.error = json.value("error", "");
        return status;
    } catch (const nlohmann::json::exception& error) {
        throw Error(Errc::kInvalidArgument, std::string("parse exit.json: ") + error.what());
    }
}

std::optional<ExitStatus> ReadExitStatus(const std::filesystem::path& state_dir) {
    std::string text;
    try {
        text = ReadFile(state_dir / "exit.json");
    } catch (const Error&) {
        return std::nullopt;
    }
    return ExitStatusFromJson(text);
}

bool ShimAlive(const std::filesystem::path& state_dir) {
    const std::optional<ProcessIdentity> shim = ReadProcessIdentity(state_dir / "shim.pid");
    return shim && IsAlive(*shim);
}

UniqueFd OpenShimPidfd(const std::filesystem::path& state_dir) {
    const std::optional<ProcessIdentity> shim = ReadProcessIdentity(state_dir / "shim.pid");
    if (!shim || !IsAlive(*shim)) {
        return UniqueFd();
    }
    UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, shim->pid, 0)));
    // Checked again after opening: the PID may have been reused between the two looks, and a
    // pidfd pins the process it was opened for.
    if (!pidfd.valid() || !IsAlive(*shim)) {
        return UniqueFd();
    }
    return pidfd;
}

std::optional<ExitStatus> WaitForExit(const std::filesystem::path& state_dir,
                                      std::optional<std::chrono::milliseconds> timeout) {
    const UniqueFd pidfd = OpenShimPidfd(state_dir);
    if (pidfd.valid()) {
        pollfd watched{pidfd.get(), POLLIN, 0};
        const int timeout_ms = timeout ? static_cast<int>(timeout->count()) : -1;
        int ready = 0;
        while ((ready = ::poll(&watched, 1, timeout_ms)) < 0 && errno == EINTR) {
        }
        if (ready == 0) {
            return std::nullopt;
        }
    }
    if (std::optional<ExitStatus> status = ReadExitStatus(state_dir)) {
        return status;
    }
    ExitStatus unknown;
    unknown.exit_code = kUnknownExitCode;
    unknown.finished_at_nanos = UnixNanosNow();
    unknown.error = "berth-shim of " + state_dir.filename().string() + " ended without recording the exit code; see " +
                    (state_dir / "shim.log").string();
    return unknown;
}

}  // namespace engine::runtime
