// berth-compose: the Compose command line. Flags → options → one library call per verb; this
// file only wires the verbs and turns every error into a message and an exit code, once.
#include <iostream>

#include <CLI/CLI.hpp>

#include "compose/cli/config_command.hpp"
#include "compose/cli/engine_options.hpp"
#include "compose/cli/events_command.hpp"
#include "compose/cli/exec_command.hpp"
#include "compose/cli/global_options.hpp"
#include "compose/cli/images_command.hpp"
#include "compose/cli/kill_command.hpp"
#include "compose/cli/lifecycle_commands.hpp"
#include "compose/cli/logs_command.hpp"
#include "compose/cli/ls_command.hpp"
#include "compose/cli/pause_commands.hpp"
#include "compose/cli/port_command.hpp"
#include "compose/cli/ps_command.hpp"
#include "compose/cli/pull_command.hpp"
#include "compose/cli/rm_command.hpp"
#include "compose/cli/start_stop_commands.hpp"
#include "compose/cli/top_command.hpp"
#include "compose/cli/version_command.hpp"
#include "compose/graph/service_graph.hpp"
#include "compose/loader/load_error.hpp"

int main(int argc, char** argv) {
    CLI::App app("berth-compose: define and run multi-container applications", "berth-compose");
    app.require_subcommand(1);
    compose::cli::GlobalOptions global;
    compose::cli::AddGlobalOptions(app, global);
    int exit_code = 0;
    compose::cli::AddConfigCommand(app, global, exit_code);
    const auto engine_options = compose::cli::AddEngineOptions(app);
    compose::cli::AddLifecycleCommands(app, global, engine_options, exit_code);
    compose::cli::AddPsCommand(app, global, engine_options, exit_code);
    compose::cli::AddLogsCommand(app, global, engine_options, exit_code);
    compose::cli::AddStartStopCommands(app, global, engine_options, exit_code);
    compose::cli::AddRmCommand(app, global, engine_options, exit_code);
    compose::cli::AddKillCommand(app, global, engine_options, exit_code);
    compose::cli::AddPauseCommands(app, global, engine_options, exit_code);
    compose::cli::AddExecCommand(app, global, engine_options, exit_code);
    compose::cli::AddTopCommand(app, global, engine_options, exit_code);
    compose::cli::AddEventsCommand(app, global, engine_options, exit_code);
    compose::cli::AddLsCommand(app, engine_options, exit_code);
    compose::cli::AddPortCommand(app, global, engine_options, exit_code);
    compose::cli::AddImagesCommand(app, global, engine_options, exit_code);
    compose::cli::AddVersionCommand(app, exit_code);
    compose::cli::AddPullCommand(app, global, engine_options, exit_code);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const compose::loader::LoadError& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    } catch (const compose::graph::GraphError& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
    return exit_code;
}
