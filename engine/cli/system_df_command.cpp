// `berth system df`: disk usage by images, containers, volumes and build cache.
#include "engine/cli/commands.hpp"
#include "engine/cli/image_format.hpp"
#include "engine/cli/output.hpp"

namespace engine::cli {

void AddSystemDfCommand(CLI::App& parent, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, "df", "Show berth disk usage", "[OPTIONS]");
    auto format = std::make_shared<std::string>();
    auto args = std::make_shared<std::vector<std::string>>();
    command->add_option("--format", *format, "Format output using a custom template");
    command->add_option("args", *args)->group("");
    command->callback([&context, command, format, args] {
        CheckArgCount(context, command, *args, {0, 0});
        const nlohmann::json usage = context.Api().SystemDf();
        WriteFormatted(context.io().out, *format, kDiskUsageTableFormat, DiskUsageRows(usage), DiskUsageHeaders());
    });
}

}  // namespace engine::cli
