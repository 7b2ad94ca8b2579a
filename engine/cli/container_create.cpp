// docker's createContainer and pullImage (cli/command/container/create.go).
#include "engine/cli/container_create.hpp"

#include "engine/base/error.hpp"
#include "engine/cli/output.hpp"
#include "engine/image/reference.hpp"

namespace engine::cli {
namespace {

// The reference to pull for the image the user named, or nullopt for an image ID, which cannot
// be pulled.
std::optional<image::Reference> PullableReference(const std::string& image_name) {
    if (image::IsFullImageId(image_name)) {
        return std::nullopt;
    }
    return image::WithDefaultTag(image::ParseReference(image_name));
}

void Pull(CommandContext& context, const ContainerOptions& options, const image::Reference& reference) {
    std::ostream& err = context.io().err;
    context.Api().ImagePull(reference.String(), options.platform, [&](const nlohmann::json& message) {
        if (!options.quiet) {
            PrintJsonMessage(err, message);
        }
        return true;
    });
}

bool Contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

}  // namespace

ExitError RunError(std::string_view command, std::string_view message) {
    int code = 125;
    if (Contains(message, "executable file not found") || Contains(message, "no such file or directory")) {
        code = 127;
    } else if (Contains(message, "permission denied") || Contains(message, "is a directory")) {
        code = 126;
    }
    return ExitError(
        code,
        "berth: " + std::string(message) + "\n\nRun 'berth " + std::string(command) + " --help' for more information");
}

std::string CreateContainer(CommandContext& context, const ContainerOptions& options, const nlohmann::json& body) {
    const std::optional<image::Reference> reference = PullableReference(body.value("Image", ""));
    if (options.pull != "missing" && options.pull != "always" && options.pull != "never") {
        throw Error(Errc::kInvalidArgument,
                    "invalid pull option: '" + options.pull + "': must be one of \"always\", \"missing\" or \"never\"");
    }
    if (options.pull == "always" && reference) {
        Pull(context, options, *reference);
    }
    nlohmann::json created;
    try {
        created = context.Api().ContainerCreate(options.name, options.platform, body);
    } catch (const Error& error) {
        if (error.code() != Errc::kNotFound || !reference || options.pull != "missing") {
            throw;
        }
        if (!options.quiet) {
            context.io().err << "Unable to find image '" << reference->Familiar() << "' locally\n";
        }
        Pull(context, options, *reference);
        created = context.Api().ContainerCreate(options.name, options.platform, body);
    }
    for (const nlohmann::json& warning : created.value("Warnings", nlohmann::json::array())) {
        if (warning.is_string()) {
            context.io().err << "WARNING: " << warning.get<std::string>() << '\n';
        }
    }
    return created.value("Id", "");
}

}  // namespace engine::cli
