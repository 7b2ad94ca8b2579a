// Attach, exec and the health probes that run through exec.

#include <csignal>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/base/id.hpp"
#include "engine/daemon/container/container_manager_impl.hpp"
#include "engine/runtime/spec/command.hpp"
#include "engine/runtime/spec/user.hpp"

namespace engine::daemon {
namespace {

std::string ExecCommandText(const std::vector<std::string>& cmd) {
    std::string text;
    for (const std::string& word : cmd) {
        text += (text.empty() ? "" : " ") + word;
    }
    return text;
}

}  // namespace

struct ContainerManager::AttachReservation {
    ContainerManager::Impl* impl = nullptr;
    std::shared_ptr<ContainerEntry> entry;
    std::uint64_t generation = 0;
    bool counted = false;  // still in entry->pending_attachers

    ~AttachReservation() {
        std::lock_guard lock(impl->mutex);
        Release();
    }
    // Caller holds impl->mutex.
    void Release() {
        if (counted) {
            counted = false;
            --entry->pending_attachers;
            impl->changed.notify_all();
        }
    }
};

ContainerManager::AttachTicket ContainerManager::ReserveAttach(std::string_view ref) {
    auto ticket = std::make_shared<AttachReservation>();
    ticket->impl = impl_.get();
    ticket->entry = impl_->Find(ref);
    std::lock_guard lock(impl_->mutex);
    ticket->generation = ticket->entry->start_generation;
    if (!ticket->entry->shim_up) {
        ticket->counted = true;
        ++ticket->entry->pending_attachers;
    }
    return ticket;
}

std::optional<runtime::AttachClient> ContainerManager::Attach(const AttachTicket& ticket,
                                                              const std::function<bool()>& cancelled) {
    Impl& impl = *impl_;
    const std::shared_ptr<ContainerEntry>& entry = ticket->entry;
    const fs::path state_dir = impl.StateDirectory(entry->record.id);
    std::unique_lock lock(impl.mutex);
    if (!ticket->counted && entry->shim_up) {
        lock.unlock();
        return runtime::AttachClient::Connect(state_dir);
    }
    // Not running when reserved: wait for the next start, which holds the process at its start
    // gate until every reserved client is connected.
    while (entry->start_generation == ticket->generation && !entry->removed && !impl.shutting_down &&
           !(cancelled && cancelled())) {
        impl.changed.wait_for(lock, std::chrono::milliseconds(100));
    }
    if (entry->start_generation == ticket->generation) {
        ticket->Release();
        return std::nullopt;
    }
    lock.unlock();
    std::optional<runtime::AttachClient> client;
    try {
        client.emplace(runtime::AttachClient::Connect(state_dir));
    } catch (const Error&) {
        // The container already ended; the gate is released below either way.
    }
    lock.lock();
    ticket->Release();
    if (!client) {
        throw Error(Errc::kConflict, "container " + entry->record.id + " exited before it could be attached");
    }
    return client;
}

void ContainerManager::Resize(std::string_view ref, std::uint16_t rows, std::uint16_t cols) {
    const auto entry = impl_->Find(ref);
    if (!IsRunning(entry->record.id)) {
        throw Error(Errc::kConflict, "Container " + entry->record.id + " is not running");
    }
    runtime::AttachClient::Connect(impl_->StateDirectory(entry->record.id)).Resize(rows, cols);
}

std::string ContainerManager::CreateExec(std::string_view ref, const api::ExecCreateRequest& request) {
    Impl& impl = *impl_;
    const auto entry = impl.Find(ref);
    std::lock_guard lock(impl.mutex);
    ContainerRecord& record = entry->record;
    if (!record.state.running) {
        throw Error(Errc::kConflict, "Container " + record.id + " is not running");
    }
    if (record.state.paused) {
        throw Error(Errc::kConflict, "Container " + record.id + " is paused, unpause the container before exec");
    }
    if (record.state.restarting) {
        throw Error(Errc::kConflict, "Container " + record.id + " is restarting, wait until the container is running");
    }
    auto exec = std::make_shared<ExecEntry>();
    const std::string exec_id = RandomHex(32);
    exec->view = api::NewExecView(exec_id, record.id, request);
    exec->request = request;
    impl.execs.emplace(exec_id, exec);
    record.exec_ids.push_back(exec_id);
    impl.Emit(record, "exec_create: " + ExecCommandText(request.cmd), {{"execID", exec_id}});
    return exec_id;
}

ExecStart ContainerManager::ExecInfo(std::string_view exec_id) const {
    std::lock_guard lock(impl_->mutex);
    const auto it = impl_->execs.find(exec_id);
    if (it == impl_->execs.end()) {
        throw Error(Errc::kNotFound, "No such exec instance: " + std::string(exec_id));
    }
    const ExecEntry& exec = *it->second;
    return {exec.view.id,
            exec.view.container_id,
            exec.request.tty,
            exec.request.attach_stdin,
            exec.request.attach_stdout,
            exec.request.attach_stderr};
}

api::ExecView ContainerManager::InspectExec(std::string_view exec_id) const {
    std::lock_guard lock(impl_->mutex);
    const auto it = impl_->execs.find(exec_id);
    if (it == impl_->execs.end()) {
        throw Error(Errc::kNotFound, "No such exec instance: " + std::string(exec_id));
    }
    api::ExecView& view = it->second->view;
    // The client asks right after its stream ended, which can be before the shim's exit
    // reached the watcher: the shim's exit.json is already written then.
    if (view.running) {
        if (const std::optional<runtime::ExitStatus> status =
                runtime::ReadExitStatus(impl_->ExecStateDirectory(std::string(exec_id)))) {
            view.running = false;
            view.exit_code = status->exit_code;
            view.pid = 0;
        }
    }
    return view;
}

runtime::ShimProcess ContainerManager::Impl::SpawnExec(const std::string& exec_id, bool gated) {
    std::shared_ptr<ExecEntry> exec;
    ContainerRecord record;
    {
        std::lock_guard lock(mutex);
        const auto it = execs.find(exec_id);
        if (it == execs.end()) {
            throw Error(Errc::kNotFound, "No such exec instance: " + exec_id);
        }
        exec = it->second;
        if (exec->started) {
            throw Error(Errc::kConflict, "Error: Exec command " + exec_id + " has already run");
        }
        const auto container = containers.find(exec->view.container_id);
        if (container == containers.end() || !container->second->record.state.running) {
            throw Error(Errc::kConflict, "Container " + exec->view.container_id + " is not running");
        }
        record = container->second->record;
        exec->started = true;
    }
    const api::ExecCreateRequest& request = exec->request;
    // The exec'd process starts from the container's own process (env, caps, rlimits, user).
    nlohmann::json process = nlohmann::json::parse(ReadFile(BundleDirectory(record.id) / "config.json")).at("process");
    process["args"] = request.cmd;
    process["terminal"] = request.tty;
    std::vector<std::string> env = process.value("env", std::vector<std::string>{});
    env = runtime::ReplaceOrAppendEnv(std::move(env), request.env.value_or(std::vector<std::string>{}));
    if (request.tty &&
        std::none_of(env.begin(), env.end(), [](const std::string& e) { return e.starts_with("TERM="); })) {
        env.push_back("TERM=xterm");
    }
    process["env"] = env;
    if (!request.working_dir.empty()) {
        process["cwd"] = request.working_dir;
    }
    if (!request.user.empty()) {
        const runtime::ResolvedUser user = runtime::ResolveUser(MergedDirectory(record.id), request.user);
        process["user"] = {{"uid", user.uid}, {"gid", user.gid}, {"additionalGids", user.additional_gids}};
    }
    if (request.privileged) {
        for (const char* set : {"bounding", "effective", "permitted"}) {
            process["capabilities"][set] = options.host_limits.capabilities;
        }
    }
    const fs::path state_dir = ExecStateDirectory(exec_id);
    fs::create_directories(state_dir);
    WriteFileAtomically(state_dir / "process.json", process.dump(), 0600);

    runtime::ShimOptions shim;
    shim.shim_binary = options.shim_binary;
    shim.container_id = record.id;
    shim.bundle = BundleDirectory(record.id);
    shim.state_dir = state_dir;
    shim.runtime_binary = RuntimeBinary(record.runtime);
    shim.runtime_root = RuntimeRoot(record.runtime);
    shim.tty = request.tty;
    shim.open_stdin = request.attach_stdin;
    shim.stdin_once = true;
    shim.log_driver = "none";
    shim.exec = true;
    shim.process_file = state_dir / "process.json";
    shim.start_gate = gated;
    try {
        runtime::ShimProcess spawned = runtime::SpawnShim(shim);
        std::lock_guard lock(mutex);
        exec->view.running = true;
        exec->view.pid = spawned.init.pid;
        Emit(record, "exec_start: " + ExecCommandText(request.cmd), {{"execID", exec_id}});
        return spawned;
    } catch (const Error&) {
        std::lock_guard lock(mutex);
        exec->view.running = false;
        exec->view.exit_code = 126;
        throw;
    }
}

std::optional<runtime::AttachClient> ContainerManager::StartExec(std::string_view exec_id, bool attach) {
    Impl& impl = *impl_;
    const std::string id(exec_id);
    std::optional<runtime::AttachClient> client;
    if (attach) {
        client.emplace(impl.StartAttachedExec(id));
    } else {
        impl.SpawnExec(id, false);
    }
    impl.watcher->Watch("exec:" + id, runtime::OpenShimPidfd(impl.ExecStateDirectory(id)));
    return client;
}

runtime::AttachClient ContainerManager::Impl::StartAttachedExec(const std::string& exec_id) {
    SpawnExec(exec_id, true);
    const fs::path state_dir = ExecStateDirectory(exec_id);
    runtime::AttachClient client = runtime::AttachClient::Connect(state_dir);
    runtime::StartGatedContainer(state_dir);
    // A gated spawn knows no pid yet: the process exists only after the start.
    if (const auto init = runtime::ReadProcessIdentity(state_dir / "init.pid")) {
        std::lock_guard lock(mutex);
        if (const auto it = execs.find(exec_id); it != execs.end()) {
            it->second->view.pid = init->pid;
        }
    }
    return client;
}

void ContainerManager::ResizeExec(std::string_view exec_id, std::uint16_t rows, std::uint16_t cols) {
    const api::ExecView exec = InspectExec(exec_id);
    if (!exec.running) {
        throw Error(Errc::kConflict, "Exec " + exec.id + " is not running");
    }
    runtime::AttachClient::Connect(impl_->ExecStateDirectory(exec.id)).Resize(rows, cols);
}

ProbeResult ContainerManager::Impl::RunProbe(const std::string& container_id,
                                             const std::vector<std::string>& argv,
                                             std::chrono::nanoseconds timeout,
                                             std::stop_token stop) {
    api::ExecCreateRequest request;
    request.attach_stdout = true;
    request.attach_stderr = true;
    request.cmd = argv;
    std::string exec_id;
    {
        std::lock_guard lock(mutex);
        const auto it = containers.find(container_id);
        if (it == containers.end() || !it->second->record.state.running) {
            throw Error(Errc::kConflict, "container is not running");
        }
        exec_id = RandomHex(32);
        auto exec = std::make_shared<ExecEntry>();
        exec->view = api::NewExecView(exec_id, container_id, request);
        exec->request = request;
        execs.emplace(exec_id, exec);
    }
    // Probes are not shown as exec instances of the container; their entry goes with them.
    struct Forget {
        Impl& impl;
        std::string id;
        ~Forget() {
            std::lock_guard lock(impl.mutex);
            impl.execs.erase(id);
        }
    } forget{*this, exec_id};
    runtime::AttachClient client = StartAttachedExec(exec_id);
    const fs::path state_dir = ExecStateDirectory(exec_id);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    ProbeResult result;
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || stop.stop_requested()) {
            result.timed_out = true;
            if (const auto init = runtime::ReadProcessIdentity(state_dir / "init.pid");
                init && runtime::IsAlive(*init)) {
                ::kill(init->pid, SIGKILL);
            }
            break;
        }
        std::optional<runtime::Frame> frame;
        try {
            frame = client.ReadFrame(std::min(left, std::chrono::milliseconds(200)));
        } catch (const Error& error) {
            if (error.code() == Errc::kUnavailable) {
                continue;  // nothing within the slice: check the deadline and the stop request
            }
            throw;
        }
        if (!frame) {
            break;
        }
        if (frame->type == runtime::FrameType::kStdout || frame->type == runtime::FrameType::kStderr) {
            if (result.output.size() < kHealthMaxOutput * 2) {
                result.output += frame->payload;
            }
        } else if (frame->type == runtime::FrameType::kExit) {
            result.exit_code = runtime::ExitStatusFromJson(frame->payload).exit_code;
            break;
        }
    }
    std::error_code ignored;
    runtime::WaitForExit(state_dir, std::chrono::seconds(5));
    fs::remove_all(state_dir, ignored);
    return result;
}

void ContainerManager::WithRootfs(std::string_view ref, const std::function<void(const fs::path& rootfs)>& work) {
    Impl& impl = *impl_;
    const auto entry = impl.Find(ref);
    std::unique_lock lifecycle(entry->lifecycle, std::defer_lock);
    bool running = false;
    {
        std::lock_guard lock(impl.mutex);
        running = entry->record.state.running;
    }
    if (running) {
        work(impl.MergedDirectory(entry->record.id));
        return;
    }
    // Mounted for the call only; holding the lifecycle lock keeps a start from racing us.
    lifecycle.lock();
    impl.MountRootfs(*entry);
    try {
        work(impl.MergedDirectory(entry->record.id));
    } catch (...) {
        impl.UnmountRootfs(*entry);
        throw;
    }
    impl.UnmountRootfs(*entry);
}

}  // namespace engine::daemon
