#include "engine/runtime/monitor/shim_server.hpp"

// berth-shim's set-up (create, start, report) and end (exit.json, runtime delete); the loop
// in between is in shim_loop.cpp.

#include <charconv>
#include <csignal>

#include <nlohmann/json.hpp>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/runtime/monitor/shim_report.hpp"
#include "engine/runtime/monitor/shim_server_impl.hpp"
#include "engine/runtime/monitor/unix_address.hpp"
#include "engine/sys/linux/cgroup.hpp"

namespace engine::runtime {

void ShimServer::Prepare() {
    sigset_t handled;
    sigemptyset(&handled);
    for (const int signal : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) {
        sigaddset(&handled, signal);
    }
    CheckSyscall(::sigprocmask(SIG_BLOCK, &handled, nullptr), "block signals");
    signal_fd_.Reset(CheckSyscall(::signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK), "signalfd"));
    std::signal(SIGPIPE, SIG_IGN);  // a vanished attach client must not kill the shim
    // The container's init is the runtime's grandchild: as subreaper the shim inherits it
    // when the runtime exits, and can wait for it.
    CheckSyscall(::prctl(PR_SET_CHILD_SUBREAPER, 1), "become child subreaper");
    WriteProcessIdentity(State("shim.pid"), IdentifyProcess(::getpid()).value_or(ProcessIdentity{::getpid(), 0}));
    if (!options_.exec && options_.log_driver == "json-file") {
        log_.emplace(JsonLogOptions{options_.log_path, options_.log_max_size, options_.log_max_file});
    }
    listener_ = ListenUnix(State("attach.sock"), 16);
}

void ShimServer::CreateProcess() {
    const std::filesystem::path pid_file = State("runtime.pid");
    const std::filesystem::path console_path = State("console.sock");
    // `exec --detach` starts the process at once; `create` leaves it waiting for `start`.
    const auto run_runtime = [&](const std::filesystem::path& console, RuntimeStdio stdio) {
        if (options_.exec) {
            runtime_.Exec(options_.container_id, options_.process_file, pid_file, console, true, stdio);
        } else {
            runtime_.Create(options_.container_id, options_.bundle, pid_file, console, stdio);
        }
    };
    if (options_.tty) {
        const UniqueFd console = ListenUnix(console_path, 1);
        const UnixAddress console_address(console_path);  // a long path goes through /proc
        run_runtime(console_address.ForOtherProcess(), {});
        io_ = TerminalIo(ReceivePtyMaster(console.get()), options_.open_stdin);
        ::unlink(console_path.c_str());
    } else {
        StdioPipes pipes = MakeStdioPipes(options_.open_stdin);
        run_runtime({}, pipes.ForRuntime());
        io_ = std::move(pipes.ours);  // the container's ends close here: EOF comes when it exits
    }
    const std::string pid_text = ReadFile(pid_file);
    pid_t pid = 0;
    std::from_chars(pid_text.data(), pid_text.data() + pid_text.size(), pid);
    if (pid <= 0) {
        throw Error(Errc::kInternal, "the runtime wrote no PID to " + pid_file.string());
    }
    init_ = IdentifyProcess(pid).value_or(ProcessIdentity{pid, 0});
    WriteProcessIdentity(State("init.pid"), init_);
}

void ShimServer::StartProcess() {
    if (started_) {
        return;
    }
    if (options_.exec) {
        CreateProcess();
    } else {
        runtime_.Start(options_.container_id);
    }
    started_ = true;
}

void ShimServer::Report(const std::string& report) {
    if (report_fd_.valid()) {
        try {
            WriteAllTo(report_fd_.get(), report, "report to the daemon");
        } catch (const Error& error) {
            ShimDiagnostic(std::string(error.what()) + " (the daemon went away)");
        }
        report_fd_.Reset();
    }
}

int ShimServer::Run() {
    try {
        Prepare();
        if (!options_.exec) {
            CreateProcess();  // an exec is created and started in one step, by StartProcess
        }
        if (!options_.start_gate) {
            StartProcess();
        }
    } catch (const std::exception& failure) {
        const auto* error = dynamic_cast<const Error*>(&failure);
        const Error reported = error != nullptr ? *error : Error(Errc::kInternal, failure.what());
        ShimDiagnostic(reported.what());
        Report(ShimErrorReport(reported));
        if (!options_.exec && init_.pid != 0) {
            try {
                runtime_.Delete(options_.container_id, true);
            } catch (const Error&) {
            }
        }
        return 1;
    }
    Report(ShimSuccessReport(ShimProcess{IdentifyProcess(::getpid()).value_or(ProcessIdentity{}), init_}));
    Loop();
    Finish();
    return 0;
}
void ShimServer::FailStart(const Error& error) {
    ExitStatus failure;
    failure.exit_code = error.code() == Errc::kInvalidArgument ? 127 : 255;
    failure.error = error.what();
    start_failure_ = failure;
    exited_ = true;
}

ExitStatus ShimServer::MakeExitStatus() const {
    if (start_failure_) {
        ExitStatus status = *start_failure_;
        status.finished_at_nanos = UnixNanosNow();
        return status;
    }
    ExitStatus status;
    status.finished_at_nanos = UnixNanosNow();
    if (WIFEXITED(wait_status_)) {
        status.exit_code = WEXITSTATUS(wait_status_);
    } else if (WIFSIGNALED(wait_status_)) {
        status.exit_code = 128 + WTERMSIG(wait_status_);
    }
    if (!options_.exec) {
        try {
            const nlohmann::json config = nlohmann::json::parse(ReadFile(options_.bundle / "config.json"));
            const std::string cgroups_path = config.value("/linux/cgroupsPath"_json_pointer, std::string());
            status.oom_killed = sys::OomKillCount(sys::DetectCgroupHost(), cgroups_path) > 0;
        } catch (const std::exception& error) {
            ShimDiagnostic(std::string("cannot read the OOM count: ") + error.what());
        }
    }
    return status;
}

void ShimServer::Finish() {
    const auto emit_stdout = [&](std::string_view message) { Emit("stdout", message); };
    const auto emit_stderr = [&](std::string_view message) { Emit("stderr", message); };
    stdout_splitter_.Flush(emit_stdout);
    stderr_splitter_.Flush(emit_stderr);
    const ExitStatus status = MakeExitStatus();
    const std::string exit_json = ExitStatusToJson(status);
    try {
        WriteFileAtomically(State("exit.json"), exit_json);
    } catch (const Error& error) {
        ShimDiagnostic(error.what());
    }
    if (!options_.exec) {
        try {
            runtime_.Delete(options_.container_id, true);
        } catch (const Error& error) {
            ShimDiagnostic(error.what());
        }
    }
    ::unlink(State("attach.sock").c_str());
    for (AttachConnection& client : clients_) {
        client.out += EncodeFrame(FrameType::kExit, exit_json);
        SetNonBlocking(client.fd.get(), false, "attach client");
        timeval timeout{kFlushClientsMs / 1000, 0};
        ::setsockopt(client.fd.get(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
        FlushClient(client);
    }
    clients_.clear();
}

void ShimDiagnostic(std::string_view message) {
    const std::string line = "berth-shim: " + std::string(message) + "\n";
    [[maybe_unused]] const ssize_t ignored = ::write(2, line.data(), line.size());
}

int RunShim(const std::filesystem::path& state_dir, int report_fd) {
    ShimOptions options;
    try {
        options = ShimOptionsFromJson(ReadFile(state_dir / "shim.json"));
    } catch (const Error& error) {
        const std::string report = ShimErrorReport(error.Wrap("berth-shim"));
        [[maybe_unused]] const ssize_t ignored = ::write(report_fd, report.data(), report.size());
        return 1;
    }
    ShimServer server(std::move(options), report_fd);
    return server.Run();
}

}  // namespace engine::runtime
