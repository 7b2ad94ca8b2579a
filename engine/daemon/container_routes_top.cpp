#include "engine/daemon/container_routes_top.hpp"

#include <algorithm>
#include <charconv>
#include <regex>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"

extern char** environ;

namespace engine::daemon {
namespace {

bool IsAsciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// moby's fieldsASCII: strings.Fields on ASCII white space only (a UTF-8 command line keeps
// its non-ASCII spaces).
std::vector<std::string> FieldsAscii(std::string_view line) {
    std::vector<std::string> fields;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && IsAsciiSpace(line[i])) {
            ++i;
        }
        const std::size_t start = i;
        while (i < line.size() && !IsAsciiSpace(line[i])) {
            ++i;
        }
        if (i > start) {
            fields.emplace_back(line.substr(start, i - start));
        }
    }
    return fields;
}

// moby's appendProcess2ProcList: the columns after the last title belong to the command.
void AppendProcess(TopTable& table, const std::vector<std::string>& fields) {
    // A row shorter than the titles (an empty command) keeps what it has.
    const std::size_t last = std::min(table.titles.size() - 1, fields.size());
    std::vector<std::string> process(fields.begin(), fields.begin() + static_cast<std::ptrdiff_t>(last));
    std::string command;
    for (std::size_t i = last; i < fields.size(); ++i) {
        command += (i == last ? "" : " ") + fields[i];
    }
    process.push_back(std::move(command));
    table.processes.push_back(std::move(process));
}

struct PsOutput {
    int status = -1;  // the exit code; -1 when it did not exit normally
    std::string out;
    std::string err;
};

// Closes a file descriptor when it goes out of scope.
struct FdCloser {
    int fd;
    ~FdCloser() {
        if (fd >= 0) {
            ::close(fd);
        }
    }
};

// Runs `ps` with `args`, collecting both outputs. posix_spawn, because the daemon is
// multithreaded: nothing but exec happens in the child.
PsOutput RunPs(const std::filesystem::path& binary, const std::vector<std::string>& args) {
    int out_pipe[2];
    int err_pipe[2];
    CheckSyscall(::pipe2(out_pipe, O_CLOEXEC), "pipe for ps");
    const FdCloser out_read{out_pipe[0]};
    FdCloser out_write{out_pipe[1]};
    if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
        ThrowErrno("pipe for ps", errno);
    }
    const FdCloser err_read{err_pipe[0]};
    FdCloser err_write{err_pipe[1]};

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    std::vector<std::string> argv_storage = {binary.string()};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& arg : argv_storage) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = binary.is_absolute() ? ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ)
                                             : ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        ThrowErrno("run " + binary.string(), spawned);
    }
    ::close(out_write.fd);
    out_write.fd = -1;
    ::close(err_write.fd);
    err_write.fd = -1;

    PsOutput result;
    pollfd watched[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    std::string* into[2] = {&result.out, &result.err};
    int open_count = 2;
    while (open_count > 0) {
        if (::poll(watched, 2, -1) < 0 && errno != EINTR) {
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (watched[i].fd < 0 || watched[i].revents == 0) {
                continue;
            }
            char buffer[16384];
            const ssize_t count = ::read(watched[i].fd, buffer, sizeof buffer);
            if (count > 0) {
                into[i]->append(buffer, static_cast<std::size_t>(count));
            } else if (count == 0 || errno != EINTR) {
                watched[i].fd = -1;
                --open_count;
            }
        }
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

// moby's psPidsArg: "-q1,2,3", so ps itself selects the container's processes.
std::string PidsArgument(std::span<const pid_t> pids) {
    std::string argument = "-q";
    for (std::size_t i = 0; i < pids.size(); ++i) {
        argument += (i == 0 ? "" : ",") + std::to_string(pids[i]);
    }
    return argument;
}

std::string FirstLine(std::string_view text) {
    return std::string(text.substr(0, text.find('\n')));
}

}  // namespace

void ValidatePsArgs(std::string_view ps_args) {
    static const std::regex kPidRename(R"(\s+([^\s]*)=\s*(PID[^\s]*))");
    const std::string text(ps_args);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kPidRename); it != std::sregex_iterator(); ++it) {
        if ((*it)[1] != "pid") {
            throw Error(Errc::kInvalidArgument,
                        "specifying \"" + (*it)[1].str() + "=" + (*it)[2].str() + "\" is not allowed");
        }
    }
}

std::vector<std::string> SplitPsArgs(std::string_view ps_args) {
    if (ps_args.empty()) {
        return {"-ef"};
    }
    // moby splits on single spaces; empty pieces would reach ps as "" arguments, which it
    // rejects, so they are dropped.
    std::vector<std::string> args;
    std::size_t start = 0;
    while (start <= ps_args.size()) {
        const std::size_t space = std::min(ps_args.find(' ', start), ps_args.size());
        if (space > start) {
            args.emplace_back(ps_args.substr(start, space - start));
        }
        start = space + 1;
    }
    return args;
}

TopTable ParsePsOutput(std::string_view output, std::span<const pid_t> pids) {
    TopTable table;
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= output.size()) {
        const std::size_t newline = std::min(output.find('\n', start), output.size());
        lines.push_back(output.substr(start, newline - start));
        start = newline + 1;
    }
    table.titles = FieldsAscii(lines.front());
    const auto pid_title = std::find(table.titles.begin(), table.titles.end(), "PID");
    if (pid_title == table.titles.end()) {
        throw Error(Errc::kInternal, "Couldn't find PID field in ps output");
    }
    const std::size_t pid_index = static_cast<std::size_t>(pid_title - table.titles.begin());
    bool previous_kept = false;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        if (lines[i].empty()) {
            continue;
        }
        const std::vector<std::string> fields = FieldsAscii(lines[i]);
        if (fields.size() <= pid_index) {
            continue;  // a short line (ps never prints one) cannot be matched to a process
        }
        const std::string& pid_text = fields[pid_index];
        if (pid_text == "-") {
            if (previous_kept) {
                AppendProcess(table, fields);
            }
            continue;
        }
        pid_t pid = 0;
        const auto [end, error] = std::from_chars(pid_text.data(), pid_text.data() + pid_text.size(), pid);
        if (error != std::errc() || end != pid_text.data() + pid_text.size()) {
            throw Error(
                Errc::kInternal,
                "Unexpected pid '" + pid_text + "': strconv.Atoi: parsing \"" + pid_text + "\": invalid syntax");
        }
        previous_kept = std::find(pids.begin(), pids.end(), pid) != pids.end();
        if (previous_kept) {
            AppendProcess(table, fields);
        }
    }
    return table;
}

nlohmann::json TopJson(const TopTable& table) {
    nlohmann::json processes = nullptr;  // moby's nil slice
    if (!table.processes.empty()) {
        processes = table.processes;
    }
    return nlohmann::json{{"Processes", std::move(processes)}, {"Titles", table.titles}};
}

void HandleContainerTop(ContainerRoutesContext& context, ApiRequest& request, http::ResponseWriter& response) {
    const std::string ps_args = request.query.Get("ps_args");
    ValidatePsArgs(ps_args);
    const RunningContainer running = context.containers.Running(request.Param("id"));
    std::vector<pid_t> pids = context.cgroup_host.root.empty()
                                  ? std::vector<pid_t>{}
                                  : sys::CgroupProcesses(context.cgroup_host, running.cgroups_path);
    if (pids.empty() && running.pid > 0) {
        pids.push_back(static_cast<pid_t>(running.pid));  // no cgroup to ask: at least the init
    }
    std::vector<std::string> args = SplitPsArgs(ps_args);
    args.push_back(PidsArgument(pids));
    PsOutput ps = RunPs(context.ps_binary, args);
    if (ps.status != 0) {
        // Some options (such as f) cannot be combined with -q: moby retries without it.
        args.pop_back();
        ps = RunPs(context.ps_binary, args);
        if (ps.status != 0) {
            const std::string why = FirstLine(ps.err);
            throw Error(Errc::kInternal, "ps: " + (why.empty() ? "exit status " + std::to_string(ps.status) : why));
        }
    }
    SendJson(response, 200, TopJson(ParsePsOutput(ps.out, pids)));
}

}  // namespace engine::daemon
