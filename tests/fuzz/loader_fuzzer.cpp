// libFuzzer target for the Compose loader: any bytes as a compose file go through every stage
// that reads untrusted text (YAML, interpolation, schema, merge, normalization, consistency,
// the graph) and the writers. A LoadError or GraphError is the expected answer to bad input;
// any other exception, a crash, a leak or a hang is a bug.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "compose/graph/service_graph.hpp"
#include "compose/loader/consistency.hpp"
#include "compose/loader/interpolation.hpp"
#include "compose/loader/json_schema.hpp"
#include "compose/loader/load_error.hpp"
#include "compose/loader/merge.hpp"
#include "compose/loader/normalize.hpp"
#include "compose/loader/yaml_reader.hpp"
#include "compose/loader/yaml_writer.hpp"
#include "compose/model/project.hpp"

namespace {

using compose::model::Value;

void LoadText(const std::string& text) {
    auto name = std::make_shared<const std::string>("fuzz.yaml");
    compose::loader::Warnings warnings;
    Value tree = compose::loader::ReadYaml(text, name);
    if (!tree.IsMap()) {
        return;
    }
    const compose::loader::Lookup lookup = [](std::string_view var) -> std::optional<std::string> {
        if (var == "SET") {
            return std::string("value");
        }
        if (var == "EMPTY") {
            return std::string();
        }
        return std::nullopt;
    };
    compose::loader::InterpolateTree(tree, lookup, warnings);
    if (!compose::loader::ComposeSpecJsonSchema().IsValid(tree)) {
        compose::loader::ComposeSpecJsonSchema().Validate(tree);
        return;
    }
    Value merged = Value::MakeMap();
    compose::loader::MergeProject(merged, tree);
    compose::loader::MergeProject(merged, tree);
    const compose::loader::NormalizeContext context{
        "fuzz", "/fuzz", {{"HOME", "/root"}}, [](const std::string&) -> std::string { return "A=1\n"; }};
    compose::loader::NormalizeProject(merged, context, warnings);
    compose::loader::CheckConsistency(merged);
    compose::model::Project project;
    project.name = "fuzz";
    project.config = merged;
    compose::graph::ServiceGraph::Build(project).DependencyOrder();
    compose::loader::WriteYaml(merged);
    compose::loader::WriteJson(merged);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        LoadText(std::string(reinterpret_cast<const char*>(data), size));
    } catch (const compose::loader::LoadError&) {
    } catch (const compose::graph::GraphError&) {
    }
    return 0;
}
