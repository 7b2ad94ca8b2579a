// berthd killed with SIGKILL at any moment restarts with a consistent store and loses no
// committed write: a writer tags images as fast as it can, the daemon is killed at a random
// moment, and after each restart every tag that was answered 201 must still be there.

#include <atomic>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "tests/integration/integration_env.hpp"
#include "tests/support/raw_http.hpp"

namespace engine::testing {
namespace {

std::string ReadAll(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    return content.str();
}

TEST(CrashTest, KilledDaemonKeepsEveryCommittedTag) {
    TempDir root;
    DaemonProcess daemon(BerthdPath(), root.path());
    daemon.Start();
    const std::string tar = ReadAll(MakeBusyboxTar(root.path()));
    const RawResponse imported = RawHttp(
        daemon.socket(), "POST", "/v1.41/images/create?fromSrc=-&repo=crash&tag=base", tar, "application/x-tar");
    ASSERT_EQ(imported.status, 200) << imported.body;

    std::vector<std::string> committed;
    std::mt19937 random(20261128);
    constexpr int kRounds = 12;
    for (int round = 0; round < kRounds; ++round) {
        if (round > 0) {
            daemon.Start();
        }
        std::atomic<bool> stop = false;
        std::vector<std::string> answered;
        std::thread writer([&] {
            for (int n = 0; !stop; ++n) {
                const std::string tag = "r" + std::to_string(round) + "-" + std::to_string(n);
                const RawResponse tagged =
                    RawHttp(daemon.socket(), "POST", "/v1.41/images/crash:base/tag?repo=crash&tag=" + tag);
                if (tagged.status == 201) {
                    answered.push_back(tag);
                }
            }
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution(20, 250)(random)));
        daemon.Kill();
        stop = true;
        writer.join();
        committed.insert(committed.end(), answered.begin(), answered.end());

        daemon.Start();
        for (const std::string& tag : committed) {
            const RawResponse found = RawHttp(daemon.socket(), "GET", "/v1.41/images/crash:" + tag + "/json");
            ASSERT_EQ(found.status, 200) << "round " << round << ": committed tag crash:" << tag << " was lost";
        }
        daemon.Kill();
    }
    EXPECT_GT(committed.size(), static_cast<std::size_t>(kRounds)) << "the writer hardly wrote: the test proves little";
    daemon.Start();
    const RawResponse listed = RawHttp(daemon.socket(), "GET", "/v1.41/images/json");
    EXPECT_EQ(listed.status, 200);
    EXPECT_EQ(daemon.Stop(), 0) << daemon.Log();
    EXPECT_EQ(daemon.Log().find("skipped"), std::string::npos) << daemon.Log();
}

}  // namespace
}  // namespace engine::testing
