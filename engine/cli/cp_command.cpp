// `berth cp` for tar streams: `CONTAINER:SRC -` writes the tar of SRC to stdout and
// `- CONTAINER:DIR` extracts a tar read from stdin into the directory DIR, as docker does.
// Copies to and from host paths (which need docker's path rules on the host side) are not
// implemented yet and say so.
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/cli/commands.hpp"

namespace engine::cli {
namespace {

// Go's os.ModeDir in the path stat's "mode".
constexpr std::uint64_t kGoModeDir = std::uint64_t{1} << 31;

struct CpOptions {
    bool archive = false;
    bool follow_link = false;
    bool quiet = false;
    std::vector<std::string> args;
};

struct ContainerPath {
    std::string container;
    std::string path;
};

// docker's splitCpArg: "name:path" unless the argument is a local path (starts with "/" or
// ".", as an absolute or relative path with a colon would).
std::optional<ContainerPath> SplitCpArg(const std::string& arg) {
    if (arg.starts_with('/') || arg.starts_with('.')) {
        return std::nullopt;
    }
    const std::size_t colon = arg.find(':');
    if (colon == std::string::npos || colon == 0) {
        return std::nullopt;
    }
    return ContainerPath{arg.substr(0, colon), arg.substr(colon + 1)};
}

void WriteAll(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t count = write(fd, data.data(), data.size());
        if (count < 0 && errno == EINTR) {
            continue;
        }
        CheckSyscall(count, "write archive");
        data.remove_prefix(static_cast<std::size_t>(count));
    }
}

void CopyToStdout(CommandContext& context, const ContainerPath& source) {
    const int fd = context.io().stdout_fd;
    context.Api().ContainerArchiveGet(source.container, source.path, [fd](std::string_view data) {
        WriteAll(fd, data);
        return true;
    });
}

void CopyFromStdin(CommandContext& context, const ContainerPath& target, const CpOptions& options) {
    const nlohmann::json stat = context.Api().ContainerArchiveStat(target.container, target.path);
    if ((stat.value("mode", std::uint64_t{0}) & kGoModeDir) == 0) {
        throw ExitError(1, "destination \"" + target.container + ":" + target.path + "\" must be a directory");
    }
    context.Api().ContainerArchivePut(target.container, target.path, context.io().stdin_fd, true, options.archive);
}

void Copy(CommandContext& context, const CpOptions& options) {
    const std::optional<ContainerPath> source = SplitCpArg(options.args[0]);
    const std::optional<ContainerPath> target = SplitCpArg(options.args[1]);
    if (source && target) {
        throw ExitError(1, "copying between containers is not supported");
    }
    if (!source && !target) {
        throw ExitError(1, "must specify at least one container source");
    }
    if (source && source->path.empty()) {
        throw ExitError(1, "filepath cannot be empty");
    }
    if (target && target->path.empty()) {
        throw ExitError(1, "filepath cannot be empty");
    }
    if (source && options.args[1] == "-") {
        CopyToStdout(context, *source);
        return;
    }
    if (target && options.args[0] == "-") {
        CopyFromStdin(context, *target, options);
        return;
    }
    throw ExitError(1, "berth cp: copying to or from host paths is not implemented yet; use - for a tar stream");
}

}  // namespace

void AddCpCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent,
                                   context,
                                   name,
                                   "Copy files/folders between a container and the local filesystem",
                                   "[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tberth cp [OPTIONS] SRC_PATH|- "
                                   "CONTAINER:DEST_PATH");
    auto options = std::make_shared<CpOptions>();
    command->add_flag("-a,--archive", options->archive, "Archive mode (copy all uid/gid information)");
    command->add_flag("-L,--follow-link", options->follow_link, "Always follow symbol link in SRC_PATH");
    command->add_flag("-q,--quiet", options->quiet, "Suppress progress output during copy");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {2, 2});
        Copy(context, *options);
    });
}

}  // namespace engine::cli
