// The real docker CLIs (v28 at /usr/local/bin/docker, Debian's 20.10 at /usr/bin/docker) drive
// berthd and must behave as against Docker: same exit codes, same key fields.

#include <chrono>

#include <gtest/gtest.h>

#include "tests/integration/integration_env.hpp"

namespace engine::testing {
namespace {

class DockerCliTest : public ::testing::TestWithParam<std::string> {
  protected:
    static void SetUpTestSuite() { suite_ = new SuiteDaemon(); }
    static void TearDownTestSuite() {
        delete suite_;
        suite_ = nullptr;
    }
    void SetUp() override {
        if (!std::filesystem::exists(GetParam())) {
            GTEST_SKIP() << GetParam() << " is not installed";
        }
    }

    CommandResult Docker(std::vector<std::string> args, const std::string& input = "") {
        args.insert(args.begin(), GetParam());
        return RunCommand(args, suite_->ClientEnv(), input);
    }

    // A repository name unique to this test and CLI, so tests do not see each other's images.
    std::string Repo() const {
        const std::string cli = GetParam().find("/usr/local") == 0 ? "v28" : "v20";
        std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        test = test.substr(0, test.find('/'));
        for (char& c : test) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        return "it-" + cli + "-" + test;
    }

    // Imports the busybox rootfs as `reference` and returns the printed image id.
    std::string Import(const std::string& reference) {
        const CommandResult imported =
            Docker({"import", "-c", "CMD [\"sh\"]", "-m", "from the tests", suite_->busybox_tar.string(), reference});
        EXPECT_EQ(imported.exit_code, 0) << imported.err;
        std::string id = imported.out;
        while (!id.empty() && id.back() == '\n') {
            id.pop_back();
        }
        return id;
    }

    static SuiteDaemon* suite_;
};

SuiteDaemon* DockerCliTest::suite_ = nullptr;

TEST_P(DockerCliTest, VersionNegotiatesApi141) {
    const CommandResult result = Docker({"version", "--format", "{{.Server.APIVersion}} {{.Server.Os}}"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "1.41 linux\n");
}

TEST_P(DockerCliTest, InfoShowsTheEngine) {
    const CommandResult result = Docker({"info", "--format", "{{.OSType}} {{.Driver}} {{.Swarm.LocalNodeState}}"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "linux overlay2 inactive\n");
    const CommandResult plain = Docker({"info"});
    EXPECT_EQ(plain.exit_code, 0) << plain.err;
    EXPECT_NE(plain.out.find("Server Version"), std::string::npos) << plain.out;
}

TEST_P(DockerCliTest, ImportedImageIsListedAndInspectable) {
    const std::string repo = Repo();
    const std::string id = Import(repo + ":1");
    ASSERT_EQ(id.rfind("sha256:", 0), 0u) << id;
    const CommandResult listed = Docker({"images", repo, "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_EQ(listed.out, repo + ":1 " + id.substr(7, 12) + "\n");
    const CommandResult inspected =
        Docker({"image", "inspect", repo + ":1", "--format", "{{.Id}} {{json .Config.Cmd}} {{.Os}} {{.RootFS.Type}}"});
    EXPECT_EQ(inspected.exit_code, 0) << inspected.err;
    EXPECT_EQ(inspected.out, id + " [\"sh\"] linux layers\n");
    const CommandResult history = Docker({"history", "--no-trunc", "--format", "{{.ID}}|{{.Comment}}", repo + ":1"});
    EXPECT_EQ(history.exit_code, 0) << history.err;
    EXPECT_EQ(history.out, id + "|from the tests\n");
}

TEST_P(DockerCliTest, TagAndRemoveUntagThenDelete) {
    const std::string repo = Repo();
    const std::string id = Import(repo + ":1");
    EXPECT_EQ(Docker({"tag", repo + ":1", repo + ":2"}).exit_code, 0);
    const CommandResult untag = Docker({"rmi", repo + ":2"});
    EXPECT_EQ(untag.exit_code, 0) << untag.err;
    EXPECT_EQ(untag.out, "Untagged: " + repo + ":2\n");
    const CommandResult remove = Docker({"rmi", repo + ":1"});
    EXPECT_EQ(remove.exit_code, 0) << remove.err;
    EXPECT_NE(remove.out.find("Untagged: " + repo + ":1\n"), std::string::npos) << remove.out;
    EXPECT_NE(remove.out.find("Deleted: " + id), std::string::npos) << remove.out;
    EXPECT_EQ(Docker({"image", "inspect", id}).exit_code, 1);
}

TEST_P(DockerCliTest, RemovingAnImageByIdWithSeveralTagsNeedsForce) {
    const std::string repo = Repo();
    const std::string id = Import(repo + ":1");
    EXPECT_EQ(Docker({"tag", id, repo + ":2"}).exit_code, 0);
    const CommandResult refused = Docker({"rmi", id.substr(7, 12)});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("must be forced"), std::string::npos) << refused.err;
    const CommandResult forced = Docker({"rmi", "-f", id.substr(7, 12)});
    EXPECT_EQ(forced.exit_code, 0) << forced.err;
    EXPECT_NE(forced.out.find("Deleted: " + id), std::string::npos) << forced.out;
}

TEST_P(DockerCliTest, MissingImagesFailLikeDocker) {
    const CommandResult inspect = Docker({"image", "inspect", "it-no-such-image"});
    EXPECT_EQ(inspect.exit_code, 1);
    EXPECT_NE(inspect.err.find("No such image: it-no-such-image"), std::string::npos) << inspect.err;
    const CommandResult rmi = Docker({"rmi", "it-no-such-image"});
    EXPECT_EQ(rmi.exit_code, 1);
    EXPECT_NE(rmi.err.find("No such image: it-no-such-image"), std::string::npos) << rmi.err;
    const CommandResult tag = Docker({"tag", "it-no-such-image", "x:y"});
    EXPECT_EQ(tag.exit_code, 1);
    EXPECT_NE(tag.err.find("No such image"), std::string::npos) << tag.err;
}

TEST_P(DockerCliTest, PullSaysNoRegistryAndHowToLoad) {
    const CommandResult pull = Docker({"pull", "it-registry-only:1"});
    EXPECT_EQ(pull.exit_code, 1);
    EXPECT_NE(pull.err.find("registry"), std::string::npos) << pull.err;
    EXPECT_NE(pull.err.find("load"), std::string::npos) << pull.err;
}

TEST_P(DockerCliTest, SavedImageLoadsBack) {
    const std::string repo = Repo();
    const std::string id = Import(repo + ":1");
    const std::filesystem::path tar = suite_->root.path() / (repo + ".tar");
    const CommandResult saved = Docker({"save", "-o", tar.string(), repo + ":1"});
    ASSERT_EQ(saved.exit_code, 0) << saved.err;
    ASSERT_EQ(Docker({"rmi", repo + ":1"}).exit_code, 0);
    const CommandResult loaded = Docker({"load", "-i", tar.string()});
    EXPECT_EQ(loaded.exit_code, 0) << loaded.err;
    EXPECT_EQ(loaded.out, "Loaded image: " + repo + ":1\n");
    const CommandResult inspected = Docker({"image", "inspect", repo + ":1", "--format", "{{.Id}}"});
    EXPECT_EQ(inspected.out, id + "\n") << "the loaded image must keep its id";
}

TEST_P(DockerCliTest, EventsReportImageChanges) {
    const std::string repo = Repo();
    const auto since =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    Import(repo + ":1");
    ASSERT_EQ(Docker({"tag", repo + ":1", repo + ":2"}).exit_code, 0);
    ASSERT_EQ(Docker({"rmi", repo + ":2"}).exit_code, 0);
    const auto until =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() +
        1;
    const CommandResult events = Docker({"events",
                                         "--since",
                                         std::to_string(since - 1),
                                         "--until",
                                         std::to_string(until),
                                         "--filter",
                                         "type=image",
                                         "--format",
                                         "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}"});
    EXPECT_EQ(events.exit_code, 0) << events.err;
    EXPECT_NE(events.out.find("image tag " + repo + ":2\n"), std::string::npos) << events.out;
    // moby names the image id, not the tag, in untag events.
    EXPECT_NE(events.out.find("image untag sha256:"), std::string::npos) << events.out;
}

INSTANTIATE_TEST_SUITE_P(Clis,
                         DockerCliTest,
                         ::testing::Values("/usr/local/bin/docker", "/usr/bin/docker"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                             return param_info.param.find("/usr/local") == 0 ? "v28" : "v20";
                         });

}  // namespace
}  // namespace engine::testing
