// The berth CLI against a real berthd: the same workflows as with the docker CLI, through
// engine/client.

#include <gtest/gtest.h>

#include "tests/integration/integration_env.hpp"

namespace engine::testing {
namespace {

class BerthCliTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { suite_ = new SuiteDaemon(); }
    static void TearDownTestSuite() {
        delete suite_;
        suite_ = nullptr;
    }
    static CommandResult Berth(std::vector<std::string> args) {
        args.insert(args.begin(), BerthPath().string());
        return RunCommand(args, suite_->ClientEnv());
    }
    static std::string Import(const std::string& reference) {
        const CommandResult imported =
            Berth({"image", "import", "-c", "CMD [\"sh\"]", suite_->busybox_tar.string(), reference});
        EXPECT_EQ(imported.exit_code, 0) << imported.err;
        std::string id = imported.out;
        while (!id.empty() && id.back() == '\n') {
            id.pop_back();
        }
        return id;
    }
    static SuiteDaemon* suite_;
};

SuiteDaemon* BerthCliTest::suite_ = nullptr;

TEST_F(BerthCliTest, VersionShowsClientAndServer) {
    const CommandResult version = Berth({"version"});
    EXPECT_EQ(version.exit_code, 0) << version.err;
    EXPECT_NE(version.out.find("1.41"), std::string::npos) << version.out;
    const CommandResult formatted = Berth({"version", "--format", "{{.Server.ApiVersion}}"});
    EXPECT_EQ(formatted.exit_code, 0) << formatted.err;
    EXPECT_EQ(formatted.out, "1.41\n");
}

TEST_F(BerthCliTest, ImportListInspectTagRemove) {
    const std::string id = Import("bc-one:1");
    ASSERT_EQ(id.rfind("sha256:", 0), 0u) << id;
    const CommandResult listed = Berth({"images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}", "bc-one"});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_EQ(listed.out, "bc-one:1 " + id.substr(7, 12) + "\n");
    const CommandResult inspected = Berth({"image", "inspect", "--format", "{{.Id}} {{json .Config.Cmd}}", "bc-one:1"});
    EXPECT_EQ(inspected.out, id + " [\"sh\"]\n") << inspected.err;
    EXPECT_EQ(Berth({"image", "tag", "bc-one:1", "bc-one:2"}).exit_code, 0);
    const CommandResult untag = Berth({"image", "rm", "bc-one:2"});
    EXPECT_EQ(untag.out, "Untagged: bc-one:2\n") << untag.err;
    const CommandResult missing = Berth({"image", "inspect", "bc-no-such"});
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("No such image: bc-no-such"), std::string::npos) << missing.err;
}

TEST_F(BerthCliTest, SaveLoadRoundTrip) {
    const std::string id = Import("bc-save:1");
    const std::filesystem::path tar = suite_->root.path() / "bc-save.tar";
    ASSERT_EQ(Berth({"image", "save", "-o", tar.string(), "bc-save:1"}).exit_code, 0);
    ASSERT_EQ(Berth({"image", "rm", "bc-save:1"}).exit_code, 0);
    const CommandResult loaded = Berth({"image", "load", "-i", tar.string()});
    EXPECT_EQ(loaded.exit_code, 0) << loaded.err;
    EXPECT_NE(loaded.out.find("Loaded image: bc-save:1"), std::string::npos) << loaded.out;
    EXPECT_EQ(Berth({"image", "inspect", "--format", "{{.Id}}", "bc-save:1"}).out, id + "\n");
}

TEST_F(BerthCliTest, SystemDfAndInfo) {
    Import("bc-df:1");
    const CommandResult df = Berth({"system", "df"});
    EXPECT_EQ(df.exit_code, 0) << df.err;
    EXPECT_NE(df.out.find("Images"), std::string::npos) << df.out;
    const CommandResult info = Berth({"info", "--format", "{{.OSType}}"});
    EXPECT_EQ(info.out, "linux\n") << info.err;
}

TEST_F(BerthCliTest, UnreachableDaemonIsAClearError) {
    const CommandResult result = RunCommand(
        {BerthPath().string(), "-H", "unix://" + (suite_->root.path() / "nothing.sock").string(), "version"});
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("Cannot connect to the Berth daemon"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace engine::testing
