#include "compose/cli/port_command.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "tests/unit/compose/cli/cli_test_support.hpp"

namespace compose::cli {
namespace {

using nlohmann::json;
using testing::Summary;

TEST(PortCommand, PrintsTheFirstBindingOfThePrivatePort) {
    testing::FakeComposeEngine api;
    const ProjectContext context = testing::ObservedContext(
        api, json::array({Summary("w1", "web", 1, "running", "Up"), Summary("w2", "web", 2, "running", "Up")}));
    api.replies["ContainerInspect w2"] =
        json{{"NetworkSettings",
              {{"Ports",
                {{"80/tcp", {{{"HostIp", "0.0.0.0"}, {"HostPort", "8081"}}, {{"HostIp", "::"}, {"HostPort", "8081"}}}},
                 {"53/udp", nullptr}}}}}};
    PortOptions options{.service = "web", .private_port = 80, .protocol = "tcp", .index = 2};
    std::ostringstream out;
    EXPECT_EQ(RunPort(options, context, api, out), 0);
    EXPECT_EQ(out.str(), "0.0.0.0:8081\n");
    EXPECT_EQ(api.calls, (std::vector<std::string>{"ContainerInspect w2"}));

    options.private_port = 53;
    options.protocol = "udp";
    EXPECT_THROW(RunPort(options, context, api, out), engine::Error);
    options.index = 3;
    EXPECT_THROW(RunPort(options, context, api, out), engine::Error);
}

}  // namespace
}  // namespace compose::cli
