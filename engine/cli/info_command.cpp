// `berth info` / `berth system info`: system-wide information, laid out as `docker info` does.
#include "engine/base/error.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/tab_writer.hpp"
#include "engine/cli/template.hpp"
#include "engine/cli/units.hpp"

#ifndef BERTH_VERSION
#define BERTH_VERSION "dev"
#endif

namespace engine::cli {
namespace {

using nlohmann::json;

std::string Text(const json& info, const char* key) {
    const auto it = info.find(key);
    if (it == info.end() || it->is_null()) {
        return "";
    }
    return it->is_string() ? it->get<std::string>() : it->dump();
}

void WriteServer(std::ostream& out, const json& info) {
    out << "Server:\n"
        << " Containers: " << Text(info, "Containers") << "\n  Running: " << Text(info, "ContainersRunning")
        << "\n  Paused: " << Text(info, "ContainersPaused") << "\n  Stopped: " << Text(info, "ContainersStopped")
        << "\n Images: " << Text(info, "Images") << "\n Server Version: " << Text(info, "ServerVersion")
        << "\n Storage Driver: " << Text(info, "Driver") << "\n Logging Driver: " << Text(info, "LoggingDriver")
        << "\n Cgroup Driver: " << Text(info, "CgroupDriver") << "\n Cgroup Version: " << Text(info, "CgroupVersion")
        << "\n Kernel Version: " << Text(info, "KernelVersion")
        << "\n Operating System: " << Text(info, "OperatingSystem") << "\n OSType: " << Text(info, "OSType")
        << "\n Architecture: " << Text(info, "Architecture") << "\n CPUs: " << Text(info, "NCPU") << "\n Total Memory: "
        << BytesSize(info.contains("MemTotal") && info["MemTotal"].is_number() ? info["MemTotal"].get<double>() : 0)
        << "\n Name: " << Text(info, "Name") << "\n ID: " << Text(info, "ID")
        << "\n Docker Root Dir: " << Text(info, "DockerRootDir") << "\n Debug Mode: " << Text(info, "Debug")
        << "\n Experimental: " << Text(info, "ExperimentalBuild")
        << "\n Live Restore Enabled: " << Text(info, "LiveRestoreEnabled") << "\n";
    for (const json& warning : info.value("Warnings", json::array())) {
        if (warning.is_string()) {
            out << warning.get<std::string>() << '\n';
        }
    }
}

void Run(CommandContext& context, const std::string& format) {
    std::ostream& out = context.io().out;
    if (!format.empty()) {
        json info = context.Api().Info();
        info["ClientInfo"] = json{{"Version", BERTH_VERSION}, {"Context", "default"}, {"Debug", false}};
        out << Template::Parse(format).Execute(info) << '\n';
        return;
    }
    TabWriter client(0, 1);
    client.Write("Client:\n Version:\t" + std::string(BERTH_VERSION) + "\n Context:\tdefault\n Debug Mode:\tfalse\n");
    client.Flush(out);
    out << '\n' << std::flush;
    WriteServer(out, context.Api().Info());
}

}  // namespace

void AddInfoCommand(CLI::App& parent, const std::string& name, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, name, "Display system-wide information", "[OPTIONS]");
    auto format = std::make_shared<std::string>();
    auto args = std::make_shared<std::vector<std::string>>();
    command->add_option("-f,--format", *format, "Format output using a custom template");
    command->add_option("args", *args)->group("");
    command->callback([&context, command, format, args] {
        CheckArgCount(context, command, *args, {0, 0});
        Run(context, *format);
    });
}

}  // namespace engine::cli
