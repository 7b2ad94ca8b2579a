// berth-compose: the Compose command line. Flags → options → one library call per verb; this
// file only wires the verbs and turns every error into a message and an exit code, once.
#include <iostream>

#include <CLI/CLI.hpp>

#include "compose/cli/config_command.hpp"
#include "compose/cli/global_options.hpp"
#include "compose/graph/service_graph.hpp"
#include "compose/loader/load_error.hpp"

int main(int argc, char** argv) {
    CLI::App app("berth-compose: define and run multi-container applications", "berth-compose");
    app.require_subcommand(1);
    compose::cli::GlobalOptions global;
    compose::cli::AddGlobalOptions(app, global);
    int exit_code = 0;
    compose::cli::AddConfigCommand(app, global, exit_code);
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
