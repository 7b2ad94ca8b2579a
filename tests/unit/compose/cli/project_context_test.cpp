#include "compose/cli/project_context.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "compose/loader/load_error.hpp"
#include "tests/unit/compose/cli/cli_test_support.hpp"

namespace compose::cli {
namespace {

using nlohmann::json;
using testing::Summary;

// A fresh directory under the system's temporary directory, removed at the end.
class TempDir final {
  public:
    explicit TempDir(const std::string& name)
        : path_(std::filesystem::temp_directory_path() /
                ("berth-ctx-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++)) / name) {
        std::filesystem::create_directories(path_);
    }
    ~TempDir() { std::filesystem::remove_all(path_.parent_path()); }
    const std::filesystem::path& path() const { return path_; }

  private:
    static inline int counter_ = 0;
    std::filesystem::path path_;
};

TEST(FallbackProjectName, FlagThenEnvironmentThenDirectory) {
    GlobalOptions global;
    ProcessContext process{{}, "/src/My App!"};
    EXPECT_EQ(FallbackProjectName(global, process), "myapp");
    process.environment["COMPOSE_PROJECT_NAME"] = "fromenv";
    EXPECT_EQ(FallbackProjectName(global, process), "fromenv");
    global.project_name = "demo";
    EXPECT_EQ(FallbackProjectName(global, process), "demo");
    global.project_name = "Not Normal";
    EXPECT_THROW(FallbackProjectName(global, process), loader::LoadError);
    global.project_name.clear();
    process.environment.clear();
    global.project_directory = "sub/dir/";
    EXPECT_EQ(FallbackProjectName(global, process), "dir");
}

TEST(LoadProjectContext, WithoutAComposeFileWorksFromLabels) {
    const TempDir dir("demo");
    testing::FakeComposeEngine api;
    api.replies["ContainerList"] = json::array({Summary("www", "web", 1, "running", "Up", "db:service_started:false"),
                                                Summary("ddd", "db", 1, "running", "Up")});
    std::ostringstream err;
    const ProjectContext context = LoadProjectContext({}, ProcessContext{{}, dir.path().string()}, api, err);
    EXPECT_EQ(context.name, "demo");
    EXPECT_FALSE(context.project.has_value());
    EXPECT_EQ(context.observed.containers.size(), 2U);
    EXPECT_EQ(KnownServices(context), (std::vector<std::string>{"db", "web"}));
    EXPECT_EQ(ServiceBatches(context, {"db", "web"}, false), (std::vector<std::vector<std::string>>{{"db"}, {"web"}}));
    EXPECT_EQ(ServiceBatches(context, {"db", "web"}, true), (std::vector<std::vector<std::string>>{{"web"}, {"db"}}));
    EXPECT_THROW(SelectServices(context, {"nope"}), engine::Error);
}

TEST(LoadProjectContext, LoadsTheComposeFileWhenThereIsOne) {
    const TempDir dir("shop");
    std::ofstream(dir.path() / "compose.yaml") << "services:\n  web:\n    image: busybox\n    depends_on: [db]\n"
                                                  "  db:\n    image: busybox\n  cache:\n    image: busybox\n";
    testing::FakeComposeEngine api;
    api.replies["ContainerList"] = json::array();
    std::ostringstream err;
    const ProjectContext context = LoadProjectContext({}, ProcessContext{{}, dir.path().string()}, api, err);
    ASSERT_TRUE(context.project.has_value());
    EXPECT_EQ(context.name, "shop");
    EXPECT_EQ(KnownServices(context), (std::vector<std::string>{"cache", "db", "web"}));
    EXPECT_EQ(ServiceBatches(context, {"web", "db"}, false), (std::vector<std::vector<std::string>>{{"db"}, {"web"}}));
    EXPECT_EQ(api.calls.at(0),
              "ContainerList all=1 limit=0 size=0 filters={\"label\":{\"com.docker.compose.project=shop\":true}}");
    // The declared default network is looked up by name.
    EXPECT_EQ(api.CallsStartingWith("NetworkInspect shop_default").size(), 1U);
}

TEST(LoadProjectContext, ANamedFileThatIsMissingIsAnError) {
    const TempDir dir("demo");
    testing::FakeComposeEngine api;
    GlobalOptions global;
    global.files = {"missing.yaml"};
    std::ostringstream err;
    EXPECT_THROW(LoadProjectContext(global, ProcessContext{{}, dir.path().string()}, api, err), loader::LoadError);
}

}  // namespace
}  // namespace compose::cli
