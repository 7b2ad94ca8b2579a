#include "compose/cli/exec_command.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <optional>
#include <thread>

#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/client/std_stream.hpp"

namespace compose::cli {
namespace {

constexpr std::size_t kChunk = 32 * 1024;

// Copies `fd` into the stream on a thread of its own until the input ends (then half-closes,
// so `cat`-like commands finish) or the destructor stops it.
class StdinCopier final {
  public:
    StdinCopier(int fd, std::shared_ptr<engine::client::RawStream> stream) : stream_(std::move(stream)) {
        if (pipe2(stop_, O_CLOEXEC) != 0) {
            throw engine::Error(engine::Errc::kInternal, "exec: pipe: " + std::string(std::strerror(errno)));
        }
        thread_ = std::thread([this, fd] { Run(fd); });
    }
    ~StdinCopier() {
        const char byte = 0;
        [[maybe_unused]] const ssize_t ignored = write(stop_[1], &byte, 1);
        thread_.join();
        close(stop_[0]);
        close(stop_[1]);
    }
    StdinCopier(const StdinCopier&) = delete;
    StdinCopier& operator=(const StdinCopier&) = delete;

  private:
    void Run(int fd) {
        std::array<char, kChunk> buffer{};
        try {
            for (;;) {
                std::array<pollfd, 2> fds = {pollfd{fd, POLLIN, 0}, pollfd{stop_[0], POLLIN, 0}};
                if (poll(fds.data(), fds.size(), -1) < 0) {
                    if (errno == EINTR) {
                        continue;
                    }
                    return;
                }
                if (fds[1].revents != 0) {
                    return;
                }
                const ssize_t count = read(fd, buffer.data(), buffer.size());
                if (count < 0 && errno == EINTR) {
                    continue;
                }
                if (count <= 0) {
                    stream_->CloseWrite();
                    return;
                }
                stream_->Write(std::string_view(buffer.data(), static_cast<std::size_t>(count)));
            }
        } catch (const engine::Error&) {
            // The command ended while we were sending; its output side reports the end.
        }
    }

    std::shared_ptr<engine::client::RawStream> stream_;
    int stop_[2] = {-1, -1};
    std::thread thread_;
};

// Raw mode for a TTY session, restored on destruction; nothing when `fd` is not a terminal.
class RawTerminal final {
  public:
    explicit RawTerminal(int fd) : fd_(fd) {
        termios current{};
        if (fd < 0 || isatty(fd) == 0 || tcgetattr(fd, &current) != 0) {
            return;
        }
        saved_ = current;
        cfmakeraw(&current);
        tcsetattr(fd, TCSANOW, &current);
    }
    ~RawTerminal() {
        if (saved_) {
            tcsetattr(fd_, TCSANOW, &*saved_);
        }
    }
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;

  private:
    int fd_;
    std::optional<termios> saved_;
};

const reconcile::ObservedContainer& FindContainer(const ExecOptions& options, const ProjectContext& context) {
    SelectServices(context, {options.service});
    for (const reconcile::ObservedContainer& container : context.observed.containers) {
        if (!container.oneoff && container.service == options.service && container.number == options.index &&
            container.state == "running") {
            return container;
        }
    }
    throw engine::Error(
        engine::Errc::kNotFound,
        "service \"" + options.service + "\" is not running" +
            (options.index != 1 ? " (no running container with index " + std::to_string(options.index) + ")" : ""));
}

void CopyOutput(engine::client::RawStream& stream, bool tty, std::ostream& out, std::ostream& err) {
    engine::client::StdStreamDemuxer demuxer([&](engine::client::StdStream which, std::string_view data) {
        std::ostream& target = which == engine::client::StdStream::kStderr ? err : out;
        target.write(data.data(), static_cast<std::streamsize>(data.size()));
        target.flush();
        return true;
    });
    std::array<char, kChunk> buffer{};
    for (std::size_t count = 0; (count = stream.Read(buffer)) != 0;) {
        const std::string_view data(buffer.data(), count);
        if (tty) {
            out.write(data.data(), static_cast<std::streamsize>(data.size()));
            out.flush();
        } else {
            demuxer.Feed(data);
        }
    }
}

// True when `fd` is /dev/null: nothing to copy, and copying would end the command's input at once.
bool IsDevNull(int fd) {
    struct stat info {};
    struct stat null_info {};
    return fstat(fd, &info) == 0 && stat("/dev/null", &null_info) == 0 && S_ISCHR(info.st_mode) &&
           info.st_rdev == null_info.st_rdev;
}

}  // namespace

int RunExec(const ExecOptions& options,
            const ProjectContext& context,
            engine::client::EngineApi& api,
            std::ostream& out,
            std::ostream& err) {
    const reconcile::ObservedContainer& container = FindContainer(options, context);
    const bool tty = !options.no_tty && options.stdin_is_tty;
    const bool attach_stdin = !options.detach && options.stdin_fd >= 0;
    const nlohmann::json body{{"User", options.user},
                              {"Privileged", options.privileged},
                              {"Tty", tty},
                              {"AttachStdin", attach_stdin},
                              {"AttachStdout", !options.detach},
                              {"AttachStderr", !options.detach},
                              {"Detach", options.detach},
                              {"Env", options.env.empty() ? nlohmann::json(nullptr) : nlohmann::json(options.env)},
                              {"WorkingDir", options.workdir},
                              {"Cmd", options.command}};
    const std::string exec_id = api.ExecCreate(container.id, body).value("Id", "");
    if (exec_id.empty()) {
        throw engine::Error(engine::Errc::kInternal, "exec in " + container.name + ": the engine returned no exec ID");
    }
    if (options.detach) {
        api.ExecStart(exec_id, true, tty);
        return 0;
    }
    std::shared_ptr<engine::client::RawStream> stream = api.ExecStart(exec_id, false, tty);
    std::optional<RawTerminal> raw;
    if (tty) {
        raw.emplace(options.stdin_fd);
        winsize size{};
        if (options.tty_fd >= 0 && ioctl(options.tty_fd, TIOCGWINSZ, &size) == 0 && size.ws_row != 0) {
            api.ExecResize(exec_id, size.ws_row, size.ws_col);
        }
    }
    {
        std::optional<StdinCopier> copier;
        if (attach_stdin) {
            copier.emplace(options.stdin_fd, stream);
        }
        CopyOutput(*stream, tty, out, err);
    }
    raw.reset();
    return api.ExecInspect(exec_id).value("ExitCode", 0);
}

void AddExecCommand(CLI::App& app,
                    const GlobalOptions& global,
                    const std::shared_ptr<EngineOptions>& engine,
                    int& exit_code) {
    auto options = std::make_shared<ExecOptions>();
    CLI::App* cmd = app.add_subcommand("exec", "Execute a command in a running container");
    cmd->add_flag("-d,--detach", options->detach, "Detached mode: Run command in the background");
    cmd->add_option("-e,--env", options->env, "Set environment variables")->allow_extra_args(false);
    cmd->add_option("-u,--user", options->user, "Run the command as this user");
    cmd->add_option("-w,--workdir", options->workdir, "Path to workdir directory for this command");
    cmd->add_flag("-T,--no-tty", options->no_tty, "Disable pseudo-TTY allocation");
    cmd->add_flag("--privileged", options->privileged, "Give extended privileges to the process");
    cmd->add_option("--index", options->index, "Index of the container if service has multiple replicas");
    cmd->prefix_command();  // SERVICE and everything after it are the words, flags of the command included
    cmd->callback([options, cmd, &global, engine, &exit_code] {
        const std::vector<std::string> words = cmd->remaining();
        if (words.size() < 2) {
            throw CLI::ValidationError("exec", "requires at least 2 arguments: SERVICE COMMAND [ARGS...]");
        }
        options->service = words.front();
        options->command.assign(words.begin() + 1, words.end());
        const CommandEnvironment env = PrepareProjectCommand(global, *engine, {options->service}, std::cerr);
        options->stdin_is_tty = env.engine.stdin_is_tty;
        options->stdin_fd = IsDevNull(STDIN_FILENO) ? -1 : STDIN_FILENO;
        options->tty_fd = env.engine.stdout_is_tty ? STDOUT_FILENO : -1;
        exit_code = RunExec(*options, env.project, *env.api, std::cout, std::cerr);
    });
}

}  // namespace compose::cli
