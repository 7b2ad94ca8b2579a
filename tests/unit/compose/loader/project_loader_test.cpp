#include "compose/loader/project_loader.hpp"

#include <gtest/gtest.h>

#include "compose/loader/load_error.hpp"
#include "tests/support/load_error_text.hpp"

namespace compose::loader {
namespace {

using model::Value;

const std::string kTestData = std::string(BERTH_SOURCE_DIR) + "/tests/unit/compose/loader/testdata/";

LoadOptions InFixture(const std::string& name) {
    LoadOptions options;
    options.working_directory = kTestData + name;
    options.os_environment = {{"HOME", "/home/tester"}};
    return options;
}

model::Project Load(const LoadOptions& options) {
    Warnings warnings;
    return LoadProject(options, warnings);
}

std::string LoadErrorOf(const LoadOptions& options) {
    const std::string what = test_support::LoadErrorWhat([&] { Load(options); });
    return what.empty() ? "no error" : what;
}

const Value& At(const model::Project& project, std::initializer_list<std::string_view> path) {
    const Value* node = &project.config;
    for (std::string_view key : path) {
        node = node->Find(key);
        if (node == nullptr) {
            throw std::runtime_error("missing key " + std::string(key));
        }
    }
    return *node;
}

TEST(ProjectLoader, DiscoveryFindsFileUpwardWithItsOverride) {
    LoadOptions options = InFixture("DiscoveryFindsFileUpward/sub/deeper");
    const model::Project project = Load(options);
    const std::string dir = kTestData + "DiscoveryFindsFileUpward";
    EXPECT_EQ(project.working_dir, dir);
    EXPECT_EQ(project.config_files, (std::vector<std::string>{dir + "/compose.yaml", dir + "/compose.override.yaml"}));
    EXPECT_EQ(project.name, "discoveryfindsfileupward");
    EXPECT_EQ(At(project, {"services", "web", "image"}), Value("nginx"));
    EXPECT_EQ(At(project, {"services", "web", "environment", "FROM_OVERRIDE"}), Value("yes"));
}

TEST(ProjectLoader, ComposeFileVariableWithPathSeparator) {
    LoadOptions options = InFixture("DiscoveryFindsFileUpward");
    options.os_environment["COMPOSE_FILE"] = "compose.yaml;compose.override.yaml";
    options.os_environment["COMPOSE_PATH_SEPARATOR"] = ";";
    EXPECT_EQ(Load(options).config_files.size(), 2U);
    options.os_environment["COMPOSE_FILE"] = "compose.yaml";
    EXPECT_EQ(Load(options).config_files.size(), 1U);
}

TEST(ProjectLoader, MissingFileAndNoFileAreClearErrors) {
    LoadOptions options = InFixture("DiscoveryFindsFileUpward");
    options.files = {"nope.yaml"};
    EXPECT_EQ(LoadErrorOf(options), "compose file " + kTestData + "DiscoveryFindsFileUpward/nope.yaml not found");
    LoadOptions nowhere;
    nowhere.working_directory = "/proc/self";
    EXPECT_EQ(LoadErrorOf(nowhere),
              "no compose file found in /proc/self or any parent directory (looked for compose.yaml, compose.yml, "
              "docker-compose.yml, docker-compose.yaml); create one or pass it with -f");
}

TEST(ProjectLoader, StdinAsComposeFile) {
    LoadOptions options = InFixture("DiscoveryFindsFileUpward");
    options.files = {"-"};
    options.read_stdin = [] { return std::string("services:\n  cat:\n    image: cat\n"); };
    const model::Project project = Load(options);
    EXPECT_EQ(project.ServiceNames(), std::vector<std::string>{"cat"});
    EXPECT_EQ(project.working_dir, options.working_directory);
}

TEST(ProjectLoader, OsEnvironmentWinsOverDotEnv) {
    LoadOptions options = InFixture("EnvFilePrecedence");
    options.os_environment["GREETING"] = "from-os";
    const model::Project project = Load(options);
    EXPECT_EQ(At(project, {"services", "app", "image"}), Value("app:from-dotenv"));
    EXPECT_EQ(At(project, {"services", "app", "environment", "GREETING"}), Value("from-os"));
    EXPECT_EQ(At(project, {"services", "app", "environment", "FROM_DOTENV"}), Value("dot"));
    EXPECT_EQ(project.name, "fromdotenv");  // COMPOSE_PROJECT_NAME may come from .env
    EXPECT_EQ(project.env_files, std::vector<std::string>{kTestData + "EnvFilePrecedence/.env"});
}

TEST(ProjectLoader, EnvFileFlagReplacesDotEnv) {
    LoadOptions options = InFixture("EnvFilePrecedence");
    options.env_files = {"alt.env"};
    const model::Project project = Load(options);
    EXPECT_EQ(At(project, {"services", "app", "image"}), Value("app:from-alt"));
    EXPECT_EQ(At(project, {"services", "app", "environment", "GREETING"}), Value(""));
    EXPECT_EQ(project.name, "envfileprecedence");
}

TEST(ProjectLoader, DisableEnvFile) {
    LoadOptions options = InFixture("EnvFilePrecedence");
    options.os_environment["COMPOSE_DISABLE_ENV_FILE"] = "true";
    Warnings warnings;
    const model::Project project = LoadProject(options, warnings);
    EXPECT_EQ(At(project, {"services", "app", "image"}), Value("app:"));
    EXPECT_TRUE(project.env_files.empty());
    EXPECT_NE(std::find(warnings.List().begin(),
                        warnings.List().end(),
                        "the \"TAG\" variable is not set. Defaulting to a blank string."),
              warnings.List().end());
}

TEST(ProjectLoader, ProjectNamePrecedence) {
    LoadOptions options = InFixture("EnvFilePrecedence");
    options.project_name = "flag";
    options.os_environment["COMPOSE_PROJECT_NAME"] = "env";
    EXPECT_EQ(Load(options).name, "flag");
    options.project_name.clear();
    EXPECT_EQ(Load(options).name, "env");
}

TEST(ProjectLoader, NameFromFileIsNormalizedButExplicitNamesMustBeNormal) {
    LoadOptions options = InFixture("DiscoveryFindsFileUpward");
    options.files = {"-"};
    options.read_stdin = [] { return std::string("name: My_App.v2\nservices: {}\n"); };
    EXPECT_EQ(Load(options).name, "my_appv2");
    options.project_name = "My App";
    EXPECT_EQ(LoadErrorOf(options),
              "invalid project name \"My App\" (from -p): it must consist only of lowercase alphanumeric characters, "
              "hyphens, and underscores as well as start with a letter or number");
    options.project_name = "_app";
    EXPECT_NE(LoadErrorOf(options), "no error");
}

TEST(ProjectLoader, ExtendsAnotherFileResolvesPathsAgainstThatFile) {
    const model::Project project = Load(InFixture("ExtendsAnotherFile"));
    const std::string common = kTestData + "ExtendsAnotherFile/common";
    const Value& web = At(project, {"services", "web"});
    EXPECT_EQ(*web.Find("image"), Value("example/app:1"));
    EXPECT_EQ(*web.Find("command"), Value(Value::Seq{Value("serve")}));
    EXPECT_EQ(*web.Find("build")->Find("context"), Value(common + "/context"));
    EXPECT_EQ(*web.Find("environment"),
              Value(Value::Map{{"BASE", Value("1")}, {"FROM_ENV_FILE", Value("1")}, {"LOCAL", Value("1")}}));
    const Value& volume = web.Find("volumes")->AsSeq().at(0);
    EXPECT_EQ(*volume.Find("source"), Value(common + "/data"));
    EXPECT_EQ(*volume.Find("target"), Value("/data"));
    EXPECT_EQ(web.Find("extends"), nullptr);
    // worker extends web within the file: it gets web's resolved definition.
    const Value& worker = At(project, {"services", "worker"});
    EXPECT_EQ(*worker.Find("command"), Value(Value::Seq{Value("work")}));
    EXPECT_EQ(*worker.Find("image"), Value("example/app:1"));
}

TEST(ProjectLoader, ExtendsCycleIsAnError) {
    EXPECT_EQ(LoadErrorOf(InFixture("ExtendsCycle")),
              kTestData + "ExtendsCycle/compose.yaml:5:14: extends cycle: a -> b -> a");
}

TEST(ProjectLoader, IncludeBringsResourcesWithTheirOwnPathsAndEnvironment) {
    const model::Project project = Load(InFixture("IncludeWithProjectDirectory"));
    EXPECT_EQ(project.ServiceNames(), (std::vector<std::string>{"api", "web"}));
    EXPECT_EQ(At(project, {"services", "api", "image"}), Value("api:7"));
    const Value& volume = At(project, {"services", "api", "volumes"}).AsSeq().at(0);
    EXPECT_EQ(*volume.Find("source"), Value(kTestData + "IncludeWithProjectDirectory/backend/api-data"));
    EXPECT_EQ(At(project, {"networks", "back", "name"}), Value("includewithprojectdirectory_back"));
}

TEST(ProjectLoader, IncludeConflictIsAnError) {
    EXPECT_EQ(LoadErrorOf(InFixture("IncludeConflictIsAnError")),
              kTestData +
                  "IncludeConflictIsAnError/compose.yaml:4:3: service \"api\" is also defined by the included file " +
                  kTestData +
                  "IncludeConflictIsAnError/other/compose.yaml; an included service cannot be redefined, so "
                  "rename one of them");
}

TEST(ProjectLoader, IncludeCycleIsAnError) {
    const std::string dir = kTestData + "IncludeCycle/";
    EXPECT_EQ(
        LoadErrorOf(InFixture("IncludeCycle")),
        dir + "b.yaml:2:5: include cycle: " + dir + "compose.yaml -> " + dir + "b.yaml -> " + dir + "compose.yaml");
}

TEST(ProjectLoader, DisabledRequiredDependencyNamesTheProfiles) {
    EXPECT_EQ(LoadErrorOf(InFixture("ProfilesRequiredDisabledDependency")),
              kTestData +
                  "ProfilesRequiredDisabledDependency/compose.yaml:4:18: service \"db\" is required by \"web\" "
                  "but is disabled; enable it with --profile dev or --profile test");
}

TEST(ProjectLoader, ProfilesEnableServices) {
    LoadOptions options = InFixture("ProfilesRequiredDisabledDependency");
    options.profiles = {"dev"};
    EXPECT_EQ(Load(options).ServiceNames(), (std::vector<std::string>{"db", "web"}));
    options.profiles = {"*"};
    EXPECT_EQ(Load(options).ServiceNames(), (std::vector<std::string>{"cache", "db", "tools", "web"}));
    options.profiles.clear();
    options.os_environment["COMPOSE_PROFILES"] = "test,debug";
    Warnings warnings;
    const model::Project project = LoadProject(options, warnings);
    EXPECT_EQ(project.ServiceNames(), (std::vector<std::string>{"db", "tools", "web"}));
    EXPECT_EQ(project.profiles, (std::vector<std::string>{"debug", "test"}));
    EXPECT_EQ(project.all_profiles, (std::vector<std::string>{"cache", "debug", "dev", "test"}));
    // tools' optional dependency on the disabled cache is dropped with a warning.
    EXPECT_EQ(At(project, {"services", "tools", "depends_on"}), Value::MakeMap());
    EXPECT_EQ(warnings.List().back(),
              "service \"tools\" depends on \"cache\", which is disabled by its profiles; starting without it");
}

TEST(ProjectLoader, NamedServiceEnablesItsProfiles) {
    LoadOptions options = InFixture("ProfilesRequiredDisabledDependency");
    options.profiles = {"dev"};
    options.services = {"tools"};
    EXPECT_EQ(Load(options).ServiceNames(), (std::vector<std::string>{"db", "tools", "web"}));
}

}  // namespace
}  // namespace compose::loader

namespace compose::loader {
namespace {

TEST(ProjectLoader, ResetAndOverrideAcrossFiles) {
    const model::Project project = Load(InFixture("ResetAndOverrideAcrossFiles"));
    const Value& web = At(project, {"services", "web"});
    EXPECT_EQ(web.Find("command"), nullptr);
    EXPECT_EQ(web.Find("ports"), nullptr);
    EXPECT_EQ(*web.Find("environment"), Value(Value::Map{{"C", Value("3")}}));
}

}  // namespace
}  // namespace compose::loader

namespace compose::loader {
namespace {

TEST(ProjectLoader, IncludeProjectDirectoryAnchorsPathsAndDotEnv) {
    const model::Project project = Load(InFixture("IncludeExplicitProjectDirectory"));
    const std::string root = kTestData + "IncludeExplicitProjectDirectory/data-root";
    EXPECT_EQ(At(project, {"services", "db", "image"}), Value("db:15"));
    EXPECT_EQ(At(project, {"services", "db", "environment", "POSTGRES_DB"}), Value("app"));
    const Value& volume = At(project, {"services", "db", "volumes"}).AsSeq().at(0);
    EXPECT_EQ(*volume.Find("source"), Value(root + "/pgdata"));
}

TEST(ProjectLoader, ProjectDirectoryFlagMovesDotEnvAndRelativePaths) {
    LoadOptions options = InFixture("DiscoveryFindsFileUpward");
    options.files = {kTestData + "EnvFilePrecedence/compose.yaml"};
    options.project_directory = "../IncludeExplicitProjectDirectory/data-root";
    const model::Project project = Load(options);
    EXPECT_EQ(project.working_dir, kTestData + "IncludeExplicitProjectDirectory/data-root");
    EXPECT_EQ(project.env_files, std::vector<std::string>{project.working_dir + "/.env"});
    EXPECT_EQ(project.name, "data-root");
    EXPECT_EQ(At(project, {"services", "app", "image"}), Value("app:"));  // TAG is not in that .env
}

}  // namespace
}  // namespace compose::loader

namespace compose::loader {
namespace {

TEST(ProjectLoader, ImplicitDependencyOnADisabledServiceIsAnError) {
    EXPECT_EQ(LoadErrorOf(InFixture("ProfilesImplicitDependency")),
              kTestData +
                  "ProfilesImplicitDependency/compose.yaml:4:5: service \"vpn\" is required by \"app\" but is "
                  "disabled; enable it with --profile vpn");
}

TEST(ProjectLoader, DisabledServicesAreNotNormalized) {
    LoadOptions options = InFixture("ProfilesImplicitDependency");
    options.profiles = {"vpn"};
    // debug's env_file does not exist, which only matters once debug is enabled.
    EXPECT_EQ(Load(options).ServiceNames(), (std::vector<std::string>{"app", "vpn"}));
    options.profiles = {"vpn", "debug"};
    EXPECT_NE(LoadErrorOf(options).find("missing.env"), std::string::npos);
}

}  // namespace
}  // namespace compose::loader

namespace compose::loader {
namespace {

TEST(ProjectLoader, ComposeProjectNameIsKnownToInterpolation) {
    LoadOptions options = InFixture("DiscoveryFindsFileUpward");
    options.files = {"-"};
    options.read_stdin = [] {
        return std::string("name: ${PREFIX:-Demo}-App\nservices:\n  web:\n    image: ${COMPOSE_PROJECT_NAME}/web\n");
    };
    model::Project project = Load(options);
    EXPECT_EQ(project.name, "demo-app");
    EXPECT_EQ(At(project, {"services", "web", "image"}), Value("demo-app/web"));
    options.project_name = "flag";
    EXPECT_EQ(At(Load(options), {"services", "web", "image"}), Value("flag/web"));
}

TEST(ProjectLoader, NameThatNormalizesToNothingIsAnError) {
    LoadOptions options = InFixture("DiscoveryFindsFileUpward");
    options.files = {"-"};
    options.read_stdin = [] { return std::string("name: \"!!!\"\nservices: {}\n"); };
    EXPECT_EQ(LoadErrorOf(options),
              "<stdin>:1:7: project name \"!!!\" has no letters, digits, '-' or '_' to keep; choose another name");
}

}  // namespace
}  // namespace compose::loader
