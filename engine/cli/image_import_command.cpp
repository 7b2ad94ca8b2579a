// `berth image import` / `berth import`: a root filesystem tar becomes an image.
#include "engine/base/error.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/image_transfer_support.hpp"
#include "engine/cli/output.hpp"
#include "engine/image/reference.hpp"

namespace engine::cli {
namespace {

struct ImportOptions {
    std::vector<std::string> changes;
    std::string message;
    std::vector<std::string> args;
};

bool IsUrl(const std::string& source) {
    return source.starts_with("http://") || source.starts_with("https://");
}

void Run(CommandContext& context, const ImportOptions& options) {
    const std::string& source = options.args[0];
    client::ImageImportOptions request;
    if (options.args.size() > 1) {
        request.reference = options.args[1];
        try {
            image::ParseReference(request.reference);  // docker checks the name before uploading
        } catch (const Error& error) {
            throw ExitError(1, error.what());
        }
    }
    request.changes = options.changes;
    request.message = options.message;
    FileDescriptor file;
    if (source == "-") {
        request.source_fd = context.io().stdin_fd;
    } else if (IsUrl(source)) {
        request.source_url = source;
    } else {
        file = OpenForReading(source);
        request.source_fd = file.get();
    }
    std::ostream& out = context.io().out;
    context.Api().ImageImport(request, [&out](const nlohmann::json& message) {
        PrintJsonMessage(out, message);
        return true;
    });
}

}  // namespace

void AddImageImportCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent,
                                   context,
                                   name,
                                   "Import the contents from a tarball to create a filesystem image",
                                   "[OPTIONS] file|URL|- [REPOSITORY[:TAG]]");
    auto options = std::make_shared<ImportOptions>();
    AddRepeatable(*command, "-c,--change", options->changes, "Apply Dockerfile instruction to the created image");
    command->add_option("-m,--message", options->message, "Set commit message for imported image");
    command->add_option("args", options->args)->group("");
    command->callback([&context, command, options] {
        CheckArgCount(context, command, options->args, {1, 2});
        Run(context, *options);
    });
}

}  // namespace engine::cli
