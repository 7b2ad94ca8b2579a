// docker-py, as Debian's docker-compose 1.29 uses it, drives berthd (tests/integration/docker_py_check.py).

#include <gtest/gtest.h>

#include "tests/integration/integration_env.hpp"

namespace engine::testing {
namespace {

TEST(DockerPyTest, ClientWorkflowsAgainstBerthd) {
    if (RunCommand({"/usr/bin/python3", "-c", "import docker"}).exit_code != 0) {
        GTEST_SKIP() << "Debian's python3-docker is not installed (scripts/install-deps installs it)";
    }
    SuiteDaemon suite;
    const CommandResult result = RunCommand({"/usr/bin/python3",
                                             (SourceDir() / "tests/integration/docker_py_check.py").string(),
                                             suite.daemon.socket().string(),
                                             suite.busybox_tar.string()});
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err << "\ndaemon log:\n" << suite.daemon.Log();
    EXPECT_NE(result.out.find("docker-py: all checks passed"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace engine::testing
