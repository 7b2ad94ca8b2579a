#include "compose/graph/walk.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compose/graph/service_graph.hpp"
#include "tests/unit/compose/graph/project_builder.hpp"

namespace compose::graph {
namespace {

using testing::Dep;
using testing::DependsOn;
using testing::MakeProject;
using testing::Plain;
using Names = std::vector<std::string>;

ServiceGraph Diamond() {
    return ServiceGraph::Build(MakeProject({
        {"app", DependsOn({Dep("left"), Dep("right")})},
        {"left", DependsOn({Dep("base")})},
        {"right", DependsOn({Dep("base")})},
        {"base", Plain()},
    }));
}

// The message of the std::logic_error `done` throws, or "" when it does not throw.
template <typename F>
std::string LogicError(F done) {
    try {
        done();
    } catch (const std::logic_error& error) {
        return error.what();
    }
    return "";
}

TEST(GraphWalk, DependenciesFirstHandsOutEachServiceOnceWhenItsDependenciesAreDone) {
    GraphWalk walk = Diamond().Walk(Direction::kDependenciesFirst);
    EXPECT_EQ(walk.Ready(), Names{"base"});
    EXPECT_EQ(walk.Ready(), Names{});  // base is running, not ready again
    EXPECT_FALSE(walk.Finished());
    walk.Done("base");
    EXPECT_EQ(walk.Ready(), (Names{"left", "right"}));
    walk.Done("left");
    EXPECT_EQ(walk.Ready(), Names{});  // app still waits for right
    walk.Done("right");
    EXPECT_EQ(walk.Ready(), Names{"app"});
    EXPECT_FALSE(walk.Finished());
    walk.Done("app");
    EXPECT_TRUE(walk.Finished());
    EXPECT_EQ(walk.Ready(), Names{});
}

TEST(GraphWalk, DependentsFirstStartsFromWhatNothingNeeds) {
    GraphWalk walk = Diamond().Walk(Direction::kDependentsFirst);
    EXPECT_EQ(walk.Ready(), Names{"app"});
    walk.Done("app");
    EXPECT_EQ(walk.Ready(), (Names{"left", "right"}));
    walk.Done("right");
    EXPECT_EQ(walk.Ready(), Names{});  // base is still used by left
    walk.Done("left");
    EXPECT_EQ(walk.Ready(), Names{"base"});
    walk.Done("base");
    EXPECT_TRUE(walk.Finished());
}

TEST(GraphWalk, IndependentServicesAreReadyTogether) {
    GraphWalk walk =
        ServiceGraph::Build(MakeProject({{"b", Plain()}, {"a", Plain()}})).Walk(Direction::kDependenciesFirst);
    EXPECT_EQ(walk.Ready(), (Names{"a", "b"}));
    walk.Done("b");
    walk.Done("a");
    EXPECT_TRUE(walk.Finished());
}

TEST(GraphWalk, EmptyWalkIsFinishedAtOnce) {
    GraphWalk walk = ServiceGraph::Build(model::Project{}).Walk(Direction::kDependenciesFirst);
    EXPECT_TRUE(walk.Finished());
    EXPECT_EQ(walk.Ready(), Names{});
}

TEST(GraphWalk, SubsetWalkIgnoresServicesOutsideIt) {
    const ServiceGraph graph = ServiceGraph::Build(MakeProject({
        {"web", DependsOn({Dep("db")})},
        {"worker", DependsOn({Dep("db")})},
        {"db", Plain()},
    }));
    GraphWalk up = graph.Walk(Direction::kDependenciesFirst, graph.WithDependencies({"web"}));
    EXPECT_EQ(up.Ready(), Names{"db"});
    up.Done("db");
    EXPECT_EQ(up.Ready(), Names{"web"});
    up.Done("web");
    EXPECT_TRUE(up.Finished());

    // Stopping only db: worker and web are not part of the walk, so db need not wait for them.
    GraphWalk stop = graph.Walk(Direction::kDependentsFirst, {"db"});
    EXPECT_EQ(stop.Ready(), Names{"db"});
    stop.Done("db");
    EXPECT_TRUE(stop.Finished());

    EXPECT_THROW(graph.Walk(Direction::kDependenciesFirst, {"nope"}), GraphError);
}

TEST(GraphWalk, OutlivesTheGraphThatMadeIt) {
    GraphWalk walk = Diamond().Walk(Direction::kDependenciesFirst);  // the graph is a temporary
    EXPECT_EQ(walk.Ready(), Names{"base"});
}

TEST(GraphWalk, DoneRejectsServicesNotHandedOut) {
    GraphWalk walk = Diamond().Walk(Direction::kDependenciesFirst);
    EXPECT_EQ(LogicError([&walk] { walk.Done("base"); }), "graph walk: service \"base\" was not handed out by Ready()");
    EXPECT_EQ(walk.Ready(), Names{"base"});
    walk.Done("base");
    EXPECT_EQ(LogicError([&walk] { walk.Done("base"); }), "graph walk: service \"base\" was already reported done");
    EXPECT_EQ(LogicError([&walk] { walk.Done("nope"); }), "graph walk: service \"nope\" is not part of this walk");
    EXPECT_EQ(LogicError([&walk] { walk.Done("app"); }), "graph walk: service \"app\" was not handed out by Ready()");
}

}  // namespace
}  // namespace compose::graph
