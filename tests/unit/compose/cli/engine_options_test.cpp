#include "compose/cli/engine_options.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace compose::cli {
namespace {

TEST(EngineOptions, EndpointComesFromFlagThenBerthHostThenDockerHost) {
    EngineOptions options;
    std::map<std::string, std::string> env;
    EXPECT_EQ(ResolveEngineContext(options, env, {}).endpoint.ToString(), "unix:///run/berth/berthd.sock");
    env["DOCKER_HOST"] = "unix:///tmp/docker.sock";
    EXPECT_EQ(ResolveEngineContext(options, env, {}).endpoint.ToString(), "unix:///tmp/docker.sock");
    env["BERTH_HOST"] = "unix:///tmp/berth.sock";
    EXPECT_EQ(ResolveEngineContext(options, env, {}).endpoint.ToString(), "unix:///tmp/berth.sock");
    options.host = "tcp://127.0.0.1:2375";
    const EngineContext context = ResolveEngineContext(options, env, {});
    EXPECT_EQ(context.endpoint.ToString(), "tcp://127.0.0.1:2375");
    // Opening a client does not connect yet.
    EXPECT_NE(context.open_api(), nullptr);
    options.host = "ssh://nope";
    EXPECT_THROW(ResolveEngineContext(options, env, {}), engine::Error);
}

TEST(EngineOptions, ParallelFromFlagElseEnvironment) {
    EngineOptions options;
    std::map<std::string, std::string> env;
    EXPECT_EQ(ResolveEngineContext(options, env, {}).parallel, 0);
    env["COMPOSE_PARALLEL_LIMIT"] = "3";
    EXPECT_EQ(ResolveEngineContext(options, env, {}).parallel, 3);
    options.parallel = 5;
    EXPECT_EQ(ResolveEngineContext(options, env, {}).parallel, 5);
    options.parallel.reset();
    env["COMPOSE_PARALLEL_LIMIT"] = "many";
    EXPECT_THROW(ResolveEngineContext(options, env, {}), engine::Error);
}

TEST(EngineOptions, ProgressAutoIsTtyOnlyWhenStderrIsATerminal) {
    EngineOptions options;
    const std::map<std::string, std::string> env;
    EXPECT_EQ(ResolveEngineContext(options, env, Terminals{.stderr_is_tty = true}).progress, ProgressMode::kTty);
    EXPECT_EQ(ResolveEngineContext(options, env, Terminals{.stdout_is_tty = true}).progress, ProgressMode::kPlain);
    options.progress = "json";
    EXPECT_EQ(ResolveEngineContext(options, env, {}).progress, ProgressMode::kJson);
    options.progress = "quiet";
    EXPECT_EQ(ResolveEngineContext(options, env, {}).progress, ProgressMode::kQuiet);
    options.progress = "fancy";
    EXPECT_THROW(ResolveEngineContext(options, env, {}), engine::Error);
}

}  // namespace
}  // namespace compose::cli
