#include "engine/daemon/container/container_files.hpp"

#include <gtest/gtest.h>

namespace engine::daemon {
namespace {

TEST(ContainerFilesTest, HostsFileHasLocalhostExtraHostsAndTheContainerLast) {
    const std::string hosts = ContainerHostsFile("web", "10.88.0.2", {"db:10.0.0.5"});
    EXPECT_TRUE(hosts.starts_with("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"));
    EXPECT_NE(hosts.find("10.0.0.5\tdb\n"), std::string::npos);
    EXPECT_TRUE(hosts.ends_with("10.88.0.2\tweb\n"));
    EXPECT_EQ(ContainerHostsFile("web", "", {}).find("web"), std::string::npos);
}

TEST(ContainerFilesTest, ResolvConfDropsLoopbackResolversAndFallsBackToPublicOnes) {
    EXPECT_EQ(ResolvConfForContainers("search lan\nnameserver 127.0.0.53\nnameserver 192.168.1.1\n"),
              "search lan\nnameserver 192.168.1.1\n");
    EXPECT_EQ(ResolvConfForContainers("nameserver 127.0.0.1\nnameserver ::1\n"),
              "nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
}

TEST(ContainerFilesTest, ExternalNameserversAreTheNonLoopbackOnesWithoutAFallback) {
    EXPECT_EQ(ExternalNameservers("search lan\nnameserver 127.0.0.53\nnameserver 192.168.1.1\nnameserver ::1\n"
                                  "nameserver fd00::53\n"),
              (std::vector<std::string>{"192.168.1.1", "fd00::53"}));
    EXPECT_TRUE(ExternalNameservers("nameserver 127.0.0.1\n").empty());
}

TEST(ContainerFilesTest, DnsFlagsReplaceTheMatchingLines) {
    const std::string base = "search lan\nnameserver 192.168.1.1\noptions ndots:1\n";
    EXPECT_EQ(ContainerResolvConf(base, {}, {}, {}), base);
    EXPECT_EQ(ContainerResolvConf(base, {"10.0.0.1", "10.0.0.2"}, {"example.test"}, {"ndots:2"}),
              "nameserver 10.0.0.1\nnameserver 10.0.0.2\nsearch example.test\noptions ndots:2\n");
}

}  // namespace
}  // namespace engine::daemon
