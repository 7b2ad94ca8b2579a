// `berth version`: the client's and the daemon's versions, laid out as `docker version` does.
#include <sstream>

#include <sys/utsname.h>

#include "engine/api/api_version.hpp"
#include "engine/base/error.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/tab_writer.hpp"
#include "engine/cli/template.hpp"

#ifndef BERTH_VERSION
#define BERTH_VERSION "dev"
#endif

namespace engine::cli {
namespace {

using nlohmann::json;

std::string Machine() {
    utsname names{};
    if (uname(&names) != 0) {
        return "unknown";
    }
    const std::string machine = names.machine;
    return machine == "x86_64" ? "amd64" : machine == "aarch64" ? "arm64" : machine;
}

// The version the client speaks to this daemon: the lower of ours and the daemon's.
std::string NegotiatedVersion(const std::string& server_version) {
    const auto server = api::ApiVersion::Parse(server_version);
    return server && *server < api::kDefaultApiVersion ? server_version : std::string(api::kDefaultApiVersionText);
}

json ClientInfo(const std::string& api_version) {
    return json{{"Version", BERTH_VERSION},
                {"ApiVersion", api_version},
                {"DefaultAPIVersion", std::string(api::kDefaultApiVersionText)},
                {"Os", "linux"},
                {"Arch", Machine()},
                {"Context", "default"}};
}

void WriteClient(TabWriter& table, const json& client) {
    std::string api_version = client["ApiVersion"];
    if (api_version != client["DefaultAPIVersion"]) {
        api_version += " (downgraded from " + client["DefaultAPIVersion"].get<std::string>() + ")";
    }
    table.Write("Client:\n Version:\t" + client["Version"].get<std::string>() + "\n API version:\t" + api_version +
                "\n OS/Arch:\t" + client["Os"].get<std::string>() + "/" + client["Arch"].get<std::string>() +
                "\n Context:\t" + client["Context"].get<std::string>() + "\n");
}

std::string Text(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end()) {
        return "";
    }
    return it->is_string() ? it->get<std::string>() : it->dump();
}

void WriteServer(TabWriter& table, const json& server) {
    const std::string platform = server.contains("Platform") ? Text(server["Platform"], "Name") : "";
    table.Write("\nServer:" + (platform.empty() ? "" : " " + platform) + "\n");
    // The daemon's own numbers (docker shows them under the "Engine" component).
    table.Write(" Engine:\n  Version:\t" + Text(server, "Version") + "\n  API version:\t" + Text(server, "ApiVersion") +
                " (minimum version " + Text(server, "MinAPIVersion") + ")\n  Git commit:\t" +
                Text(server, "GitCommit") + "\n  Built:\t" + Text(server, "BuildTime") + "\n  OS/Arch:\t" +
                Text(server, "Os") + "/" + Text(server, "Arch") + "\n  Experimental:\t" +
                // types.Version omits Experimental when false; docker prints the Go zero value.
                (server.contains("Experimental") ? Text(server, "Experimental") : "false") + "\n");
    for (const json& component : server.value("Components", json::array())) {
        if (Text(component, "Name") == "Engine") {
            continue;
        }
        table.Write(" " + Text(component, "Name") + ":\n  Version:\t" + Text(component, "Version") + "\n");
        for (const auto& [key, value] : component.value("Details", json::object()).items()) {
            table.Write("  " + key + ":\t" + (value.is_string() ? value.get<std::string>() : value.dump()) + "\n");
        }
    }
}

void Run(CommandContext& context, const std::string& format) {
    std::optional<Error> failure;
    json server;
    json client = ClientInfo(std::string(api::kDefaultApiVersionText));
    try {
        client["ApiVersion"] = NegotiatedVersion(context.Api().Ping().api_version);
        server = context.Api().Version();
    } catch (const Error& error) {
        failure = error;  // docker still shows the client half
    }
    std::ostream& out = context.io().out;
    if (!format.empty()) {
        out << Template::Parse(format).Execute(json{{"Client", client}, {"Server", server}}) << '\n';
    } else {
        TabWriter table(20, 1);
        WriteClient(table, client);
        if (!failure) {
            WriteServer(table, server);
        }
        table.Flush(out);
    }
    if (failure) {
        out.flush();
        throw *failure;
    }
}

}  // namespace

void AddVersionCommand(CLI::App& parent, CommandContext& context) {
    CLI::App* command = NewCommand(parent, context, "version", "Show the Berth version information", "[OPTIONS]");
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
