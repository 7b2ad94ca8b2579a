#include "compose/cli/run_command.hpp"

#include <algorithm>
#include <ostream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "compose/cli/service_images.hpp"
#include "compose/graph/service_graph.hpp"
#include "compose/reconcile/labels.hpp"
#include "compose/reconcile/observe.hpp"
#include "compose/reconcile/planner.hpp"
#include "compose/reconcile/resource_specs.hpp"
#include "engine/base/error.hpp"
#include "engine/client/terminal_streams.hpp"

namespace compose::cli {
namespace {

std::string RandomSlug() {
    std::random_device random;
    std::ostringstream slug;
    for (int i = 0; i < 12; ++i) {
        slug << "0123456789abcdef"[random() % 16];
    }
    return slug.str();
}

std::vector<std::string> SplitWords(const std::string& text) {
    std::istringstream stream(text);
    std::vector<std::string> words;
    for (std::string word; stream >> word;) {
        words.push_back(word);
    }
    return words;
}

// "[ip:][host:]container[/proto]" into the body's ExposedPorts and
// PortBindings.
void AddPublished(nlohmann::json& body, const std::string& spec) {
    std::string rest = spec;
    std::string protocol = "tcp";
    if (const auto slash = rest.rfind('/'); slash != std::string::npos) {
        protocol = rest.substr(slash + 1);
        rest.resize(slash);
    }
    std::vector<std::string> parts;
    std::istringstream stream(rest);
    for (std::string part; std::getline(stream, part, ':');) {
        parts.push_back(part);
    }
    if (parts.empty() || parts.size() > 3 || parts.back().empty()) {
        throw std::invalid_argument("-p " + spec + ": expected [IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]");
    }
    const std::string key = parts.back() + "/" + protocol;
    body["ExposedPorts"][key] = nlohmann::json::object();
    nlohmann::json binding = {{"HostIp", parts.size() == 3 ? parts[0] : ""},
                              {"HostPort", parts.size() >= 2 ? parts[parts.size() - 2] : ""}};
    body["HostConfig"]["PortBindings"][key].push_back(binding);
}

void DropAliases(nlohmann::json& body) {
    if (!body.contains("NetworkingConfig")) {
        return;
    }
    for (auto& [network, endpoint] : body["NetworkingConfig"]["EndpointsConfig"].items()) {
        endpoint.erase("Aliases");
    }
}

nlohmann::json OneOffBody(const RunCommandOptions& options,
                          const reconcile::DesiredState& desired,
                          const std::string& name,
                          bool tty) {
    reconcile::Operation create;
    create.kind = reconcile::OperationKind::kCreateContainer;
    create.service = options.service;
    create.number = 0;
    create.name = name;
    nlohmann::json body = reconcile::ProjectSpecs(desired).ContainerCreateBody(create, nullptr);
    const std::string slug = name.substr(name.rfind('-') + 1);
    body["Labels"][std::string(reconcile::labels::kSlug)] = slug;
    body["Labels"][std::string(reconcile::labels::kOneoff)] = "True";
    body["Labels"].erase(std::string(reconcile::labels::kContainerNumber));
    for (const std::string& label : options.labels) {
        const auto eq = label.find('=');
        body["Labels"][label.substr(0, eq)] = eq == std::string::npos ? "" : label.substr(eq + 1);
    }
    if (!options.command.empty()) {
        body["Cmd"] = options.command;
    }
    if (options.entrypoint) {
        body["Entrypoint"] = SplitWords(*options.entrypoint);
    }
    for (const std::string& variable : options.env) {
        body["Env"].push_back(variable);
    }
    if (!options.user.empty()) {
        body["User"] = options.user;
    }
    if (!options.workdir.empty()) {
        body["WorkingDir"] = options.workdir;
    }
    if (!options.service_ports) {
        body["HostConfig"].erase("PortBindings");
    }
    for (const std::string& spec : options.publish) {
        AddPublished(body, spec);
    }
    for (const std::string& volume : options.volumes) {
        body["HostConfig"]["Binds"].push_back(volume);
    }
    if (!options.use_aliases) {
        DropAliases(body);
    }
    // A one-off is not restarted by the engine (Docker Compose drops the policy
    // too).
    body["HostConfig"].erase("RestartPolicy");
    body["HostConfig"]["AutoRemove"] = options.rm && options.detach;
    body["Tty"] = tty;
    body["OpenStdin"] = !options.detach;
    body["AttachStdin"] = !options.detach;
    body["StdinOnce"] = !options.detach;
    body["AttachStdout"] = !options.detach;
    body["AttachStderr"] = !options.detach;
    return body;
}

// The service's networks after the first (which the create body attaches), in
// the order the specs use: priority descending, then key.
std::vector<std::string> ExtraNetworks(const model::Project& project, const std::string& service) {
    const model::Value* networks = project.Service(service)->Find("networks");
    if (networks == nullptr || !networks->IsMap() || project.Service(service)->Find("network_mode") != nullptr) {
        return {};
    }
    std::vector<std::pair<std::int64_t, std::string>> ordered;
    for (const auto& [key, settings] : networks->AsMap()) {
        const model::Value* priority = settings.IsMap() ? settings.Find("priority") : nullptr;
        ordered.emplace_back(priority != nullptr && priority->IsInt() ? -priority->AsInt() : 0, key);
    }
    std::sort(ordered.begin(), ordered.end());
    std::vector<std::string> names;
    for (std::size_t i = 1; i < ordered.size(); ++i) {
        const model::Value* definition = project.config.Find("networks")->Find(ordered[i].second);
        names.push_back(definition->Find("name")->AsString());
    }
    return names;
}

void BringUpDependencies(const RunCommandOptions& options, const model::Project& project, ExecutionContext& context) {
    std::vector<std::string> dependencies = graph::ServiceGraph::Build(project).WithDependencies({options.service});
    std::erase(dependencies, options.service);
    if (dependencies.empty()) {
        return;
    }
    UpCommandOptions up;
    up.detach = true;
    up.plan.services = dependencies;
    RunUp(up, project, context);
}

// The networks and volumes the service needs, created when missing (its dependencies' `up`
// creates only theirs): the network and volume operations of the service's own up plan.
void EnsureResources(const RunCommandOptions& options,
                     const reconcile::DesiredState& desired,
                     ExecutionContext& context) {
    reconcile::UpOptions up;
    up.services = {options.service};
    up.no_deps = true;
    up.no_start = true;
    const reconcile::ObservedState observed = reconcile::Observe(context.api, desired.project.name, &desired.project);
    reconcile::Plan resources;
    for (reconcile::Operation operation : reconcile::PlanUp(desired, observed, up).operations) {
        if (operation.kind == reconcile::OperationKind::kCreateNetwork ||
            operation.kind == reconcile::OperationKind::kCreateVolume) {
            operation.after.clear();
            resources.Add(std::move(operation));
        }
    }
    reconcile::ExecuteOptions execute;
    execute.project = desired.project.name;
    execute.on_progress = context.progress;
    execute.cancel = context.interrupted;
    reconcile::Execute(resources, context.api, reconcile::ProjectSpecs(desired), execute);
}

int Attached(const RunCommandOptions& options,
             ExecutionContext& context,
             const Terminal& terminal,
             const std::string& id,
             bool tty) {
    engine::client::AttachOptions attach;
    attach.stdin_stream = true;
    std::shared_ptr<engine::client::RawStream> stream = context.api.ContainerAttach(id, attach);
    std::unique_ptr<engine::client::PendingWait> wait = context.api.ContainerWaitBegin(id, "next-exit");
    context.api.ContainerStart(id);
    std::optional<engine::client::RawTerminal> raw;
    if (tty && terminal.stdin_is_tty) {
        raw.emplace(terminal.stdin_fd);
    }
    if (tty && terminal.stdout_is_tty) {
        if (const auto size = engine::client::TerminalSize(terminal.stdout_fd)) {
            context.api.ContainerResize(id, size->first, size->second);
        }
    }
    {
        engine::client::StdinPump pump(terminal.stdin_fd, stream);
        engine::client::CopyOutput(*stream, tty, context.out, context.err);
    }
    raw.reset();
    const int code = wait->Result().value("StatusCode", 0);
    if (options.rm) {
        context.api.ContainerRemove(id, true, true);
    }
    return code;
}

}  // namespace

int RunOneOff(const RunCommandOptions& options,
              model::Project project,
              ExecutionContext& context,
              const Terminal& terminal) {
    if (project.Service(options.service) == nullptr) {
        throw std::invalid_argument("no such service: " + options.service);
    }
    if (!options.no_deps) {
        BringUpDependencies(options, project, context);
    }
    reconcile::DesiredState desired;
    desired.image_ids = ResolveServiceImages(context.api, project, {options.service});
    desired.project = std::move(project);
    EnsureResources(options, desired, context);
    const std::string name =
        options.name.empty() ? desired.project.name + "-" + options.service + "-run-" + RandomSlug() : options.name;
    const bool tty = !options.detach && !options.no_tty && terminal.stdin_is_tty;
    const nlohmann::json body = OneOffBody(options, desired, name, tty);
    const std::string id = context.api.ContainerCreate(name, "", body).value("Id", "");
    for (const std::string& network : ExtraNetworks(desired.project, options.service)) {
        reconcile::Operation connect;
        connect.service = options.service;
        context.api.NetworkConnect(network, reconcile::ProjectSpecs(desired).NetworkConnectBody(connect, id, network));
    }
    if (options.detach) {
        context.api.ContainerStart(id);
        context.out << name << '\n';
        return 0;
    }
    return Attached(options, context, terminal, id, tty);
}

}  // namespace compose::cli
