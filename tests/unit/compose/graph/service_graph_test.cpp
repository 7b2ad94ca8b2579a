#include "compose/graph/service_graph.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compose/model/project.hpp"
#include "tests/unit/compose/graph/project_builder.hpp"

namespace compose::graph {
namespace {

using model::Value;
using testing::Dep;
using testing::DependsOn;
using testing::MakeProject;
using testing::Map;
using testing::Plain;
using testing::Seq;
using Names = std::vector<std::string>;
using Batches = std::vector<std::vector<std::string>>;

// Runs Build and returns the GraphError message, or "" when Build succeeds.
std::string BuildError(const model::Project& project) {
    try {
        ServiceGraph::Build(project);
    } catch (const GraphError& error) {
        return error.what();
    }
    return "";
}

TEST(ServiceGraph, EmptyProjectHasNoBatches) {
    const ServiceGraph graph = ServiceGraph::Build(model::Project{});
    EXPECT_TRUE(graph.Services().empty());
    EXPECT_TRUE(graph.DependencyOrder().empty());
    EXPECT_TRUE(graph.ReverseDependencyOrder().empty());
    EXPECT_TRUE(graph.WithDependencies({}).empty());
}

TEST(ServiceGraph, ChainIsOneServicePerBatch) {
    const ServiceGraph graph = ServiceGraph::Build(MakeProject({
        {"web", DependsOn({Dep("api")})},
        {"api", DependsOn({Dep("db")})},
        {"db", Plain()},
    }));
    EXPECT_EQ(graph.Services(), (Names{"api", "db", "web"}));
    EXPECT_EQ(graph.DependenciesOf("web"), Names{"api"});
    EXPECT_EQ(graph.DependentsOf("web"), Names{});
    EXPECT_EQ(graph.DependenciesOf("db"), Names{});
    EXPECT_EQ(graph.DependentsOf("db"), Names{"api"});
    EXPECT_EQ(graph.DependencyOrder(), (Batches{{"db"}, {"api"}, {"web"}}));
    EXPECT_EQ(graph.ReverseDependencyOrder(), (Batches{{"web"}, {"api"}, {"db"}}));
}

TEST(ServiceGraph, DiamondLevels) {
    const ServiceGraph graph = ServiceGraph::Build(MakeProject({
        {"app", DependsOn({Dep("right"), Dep("left")})},
        {"left", DependsOn({Dep("base")})},
        {"right", DependsOn({Dep("base")})},
        {"base", Plain()},
    }));
    EXPECT_EQ(graph.DependenciesOf("app"), (Names{"left", "right"}));
    EXPECT_EQ(graph.DependentsOf("base"), (Names{"left", "right"}));
    EXPECT_EQ(graph.DependencyOrder(), (Batches{{"base"}, {"left", "right"}, {"app"}}));
    EXPECT_EQ(graph.ReverseDependencyOrder(), (Batches{{"app"}, {"left", "right"}, {"base"}}));
}

TEST(ServiceGraph, ServiceWaitsForItsDeepestDependency) {
    // web needs db directly and through api, so it must come after api, not beside it.
    const ServiceGraph graph = ServiceGraph::Build(MakeProject({
        {"web", DependsOn({Dep("api"), Dep("db")})},
        {"api", DependsOn({Dep("db")})},
        {"db", Plain()},
    }));
    EXPECT_EQ(graph.DependencyOrder(), (Batches{{"db"}, {"api"}, {"web"}}));
}

TEST(ServiceGraph, IndependentServicesShareOneBatch) {
    const ServiceGraph graph = ServiceGraph::Build(MakeProject({{"c", Plain()}, {"a", Plain()}, {"b", Plain()}}));
    EXPECT_EQ(graph.DependencyOrder(), (Batches{{"a", "b", "c"}}));
    EXPECT_EQ(graph.ReverseDependencyOrder(), (Batches{{"a", "b", "c"}}));
}

TEST(ServiceGraph, ReverseOrderPutsServicesNothingNeedsFirst) {
    const ServiceGraph graph = ServiceGraph::Build(MakeProject({
        {"proxy", DependsOn({Dep("web")})},
        {"web", DependsOn({Dep("db")})},
        {"admin", DependsOn({Dep("db")})},
        {"db", Plain()},
        {"cache", Plain()},
    }));
    EXPECT_EQ(graph.DependencyOrder(), (Batches{{"cache", "db"}, {"admin", "web"}, {"proxy"}}));
    // admin and cache are needed by nothing, so `down` may stop them right away.
    EXPECT_EQ(graph.ReverseDependencyOrder(), (Batches{{"admin", "cache", "proxy"}, {"web"}, {"db"}}));
}

TEST(ServiceGraph, SelfDependencyIsACycle) {
    EXPECT_EQ(BuildError(MakeProject({{"a", DependsOn({Dep("a")})}})), "dependency cycle between services: a -> a");
}

TEST(ServiceGraph, TwoServiceCycle) {
    EXPECT_EQ(BuildError(MakeProject({
                  {"web", DependsOn({Dep("db")})},
                  {"db", DependsOn({Dep("web")})},
              })),
              "dependency cycle between services: db -> web -> db");
}

TEST(ServiceGraph, ThreeServiceCycle) {
    EXPECT_EQ(BuildError(MakeProject({
                  {"a", DependsOn({Dep("b")})},
                  {"b", DependsOn({Dep("c")})},
                  {"c", DependsOn({Dep("a")})},
              })),
              "dependency cycle between services: a -> b -> c -> a");
}

TEST(ServiceGraph, CycleIsPrintedFromItsSmallestServiceWithoutTheLeadIn) {
    // The search enters the cycle at zeta (through alpha, which is not on it).
    EXPECT_EQ(BuildError(MakeProject({
                  {"alpha", DependsOn({Dep("zeta")})},
                  {"zeta", DependsOn({Dep("mid")})},
                  {"mid", DependsOn({Dep("beta")})},
                  {"beta", DependsOn({Dep("zeta")})},
              })),
              "dependency cycle between services: beta -> zeta -> mid -> beta");
}

TEST(ServiceGraph, CycleThroughAnImplicitEdge) {
    EXPECT_EQ(BuildError(MakeProject({
                  {"web", Map({{"network_mode", Value("service:db")}})},
                  {"db", DependsOn({Dep("web")})},
              })),
              "dependency cycle between services: db -> web -> db");
}

TEST(ServiceGraph, ImplicitEdgesFromNamespacesVolumesFromAndLinks) {
    const ServiceGraph graph = ServiceGraph::Build(MakeProject({
        {"app",
         Map({
             {"network_mode", Value("service:vpn")},
             {"ipc", Value("service:shm")},
             {"pid", Value("service:tracer")},
             {"uts", Value("service:host")},
             {"volumes_from", Seq({"data:ro", "container:legacy", "logs", "config:rw"})},
             {"links", Seq({"db:database", "cache"})},
         })},
        {"vpn", Plain()},
        {"shm", Plain()},
        {"tracer", Plain()},
        {"host", Plain()},
        {"data", Plain()},
        {"logs", Plain()},
        {"config", Plain()},
        {"db", Plain()},
        {"cache", Plain()},
    }));
    // "container:legacy" names a container outside the project: no edge, no error.
    EXPECT_EQ(graph.DependenciesOf("app"),
              (Names{"cache", "config", "data", "db", "host", "logs", "shm", "tracer", "vpn"}));
    EXPECT_EQ(graph.DependentsOf("vpn"), Names{"app"});
}

TEST(ServiceGraph, NonServiceNamespaceModesAddNoEdge) {
    const ServiceGraph graph = ServiceGraph::Build(MakeProject({
        {"app", Map({{"network_mode", Value("host")}, {"ipc", Value("shareable")}, {"pid", Value("container:other")}})},
    }));
    EXPECT_EQ(graph.DependenciesOf("app"), Names{});
}

TEST(ServiceGraph, EdgeNamedSeveralWaysIsOneEdge) {
    // Normalization folds links and volumes_from into depends_on, so both forms arrive at once.
    Value web = DependsOn({Dep("db")});
    web["links"] = Seq({"db:database"});
    web["volumes_from"] = Seq({"db"});
    const ServiceGraph graph = ServiceGraph::Build(MakeProject({{"web", web}, {"db", Plain()}}));
    EXPECT_EQ(graph.DependenciesOf("web"), Names{"db"});
    EXPECT_EQ(graph.DependentsOf("db"), Names{"web"});
    EXPECT_EQ(graph.DependencyOrder(), (Batches{{"db"}, {"web"}}));
}

TEST(ServiceGraph, UndefinedRequiredDependencyIsAnError) {
    EXPECT_EQ(BuildError(MakeProject({{"web", DependsOn({Dep("db")})}})),
              "service \"web\" depends on undefined service \"db\"");
}

TEST(ServiceGraph, UndefinedImplicitDependencyIsAnError) {
    EXPECT_EQ(BuildError(MakeProject({{"web", Map({{"network_mode", Value("service:vpn")}})}})),
              "service \"web\" depends on undefined service \"vpn\"");
    EXPECT_EQ(BuildError(MakeProject({{"web", Map({{"links", Seq({"db:database"})}})}})),
              "service \"web\" depends on undefined service \"db\"");
}

TEST(ServiceGraph, UndefinedOptionalDependencyIsSkipped) {
    const ServiceGraph graph = ServiceGraph::Build(MakeProject({
        {"web", DependsOn({Dep("db"), Dep("metrics", /*required=*/false)})},
        {"db", Plain()},
    }));
    EXPECT_EQ(graph.DependenciesOf("web"), Names{"db"});
    EXPECT_EQ(graph.DependencyOrder(), (Batches{{"db"}, {"web"}}));
}

TEST(ServiceGraph, DefinedOptionalDependencyIsStillAnEdge) {
    const ServiceGraph graph = ServiceGraph::Build(MakeProject({
        {"web", DependsOn({Dep("metrics", /*required=*/false)})},
        {"metrics", Plain()},
    }));
    EXPECT_EQ(graph.DependenciesOf("web"), Names{"metrics"});
}

TEST(ServiceGraph, OptionalDependencyThatIsAlsoLinkedIsRequired) {
    Value web = DependsOn({Dep("db", /*required=*/false)});
    web["links"] = Seq({"db"});
    EXPECT_EQ(BuildError(MakeProject({{"web", web}})), "service \"web\" depends on undefined service \"db\"");
}

TEST(ServiceGraph, WithDependenciesAndWithDependentsAreTransitive) {
    const ServiceGraph graph = ServiceGraph::Build(MakeProject({
        {"web", DependsOn({Dep("api")})},
        {"api", DependsOn({Dep("db")})},
        {"worker", DependsOn({Dep("db")})},
        {"db", Plain()},
        {"cache", Plain()},
    }));
    EXPECT_EQ(graph.WithDependencies({"web"}), (Names{"api", "db", "web"}));
    EXPECT_EQ(graph.WithDependencies({"worker", "cache"}), (Names{"cache", "db", "worker"}));
    EXPECT_EQ(graph.WithDependencies({"db", "db"}), Names{"db"});
    EXPECT_EQ(graph.WithDependents({"db"}), (Names{"api", "db", "web", "worker"}));
    EXPECT_EQ(graph.WithDependents({"api"}), (Names{"api", "web"}));
    EXPECT_EQ(graph.WithDependents({"cache", "web"}), (Names{"cache", "web"}));
}

TEST(ServiceGraph, UnknownServiceNameIsAnError) {
    const ServiceGraph graph = ServiceGraph::Build(MakeProject({{"web", Plain()}}));
    try {
        graph.WithDependencies({"web", "nope"});
        FAIL() << "expected GraphError";
    } catch (const GraphError& error) {
        EXPECT_STREQ(error.what(), "no such service: \"nope\"");
    }
    EXPECT_THROW(graph.WithDependents({"nope"}), GraphError);
    EXPECT_THROW(graph.DependenciesOf("nope"), GraphError);
    EXPECT_THROW(graph.DependentsOf("nope"), GraphError);
}

}  // namespace
}  // namespace compose::graph
