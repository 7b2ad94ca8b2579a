// `berth image tag` / `berth tag`: a new name for an image.
#include "engine/base/error.hpp"
#include "engine/cli/commands.hpp"
#include "engine/image/reference.hpp"

namespace engine::cli {
namespace {

image::Reference ParseForTag(const std::string& text) {
    try {
        return image::ParseReference(text);
    } catch (const Error& error) {
        throw ExitError(1, "Error parsing reference: \"" + text + "\" is not a valid repository/tag: " + error.what());
    }
}

void Run(CommandContext& context, const std::string& source, const std::string& target) {
    if (!image::IsFullImageId(source)) {
        ParseForTag(source);  // docker's client refuses what can never name an image
    }
    const image::Reference ref = image::WithDefaultTag(ParseForTag(target));
    if (!ref.digest.empty()) {
        throw ExitError(1, "refusing to create a tag with a digest reference");
    }
    context.Api().ImageTag(source, ref.FamiliarName(), ref.tag);
}

}  // namespace

void AddImageTagCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent,
                                   context,
                                   name,
                                   "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
                                   "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]");
    auto args = std::make_shared<std::vector<std::string>>();
    command->add_option("args", *args)->group("");
    command->callback([&context, command, args] {
        CheckArgCount(context, command, *args, {2, 2});
        Run(context, (*args)[0], (*args)[1]);
    });
}

}  // namespace engine::cli
