#include "compose/cli/config_command.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "compose/graph/service_graph.hpp"
#include "compose/loader/load_error.hpp"
#include "compose/loader/project_loader.hpp"
#include "compose/loader/yaml_writer.hpp"

namespace compose::cli {
namespace {

const std::string kExamples = std::string(BERTH_SOURCE_DIR) + "/examples/";
const std::string kTestData = std::string(BERTH_SOURCE_DIR) + "/tests/unit/compose/cli/testdata/";

ProcessContext In(const std::string& dir) {
    return ProcessContext{{{"HOME", "/home/tester"}}, dir};
}

std::string Config(const ConfigOptions& options, const GlobalOptions& global, const ProcessContext& process) {
    std::ostringstream out;
    std::ostringstream err;
    RunConfig(options, global, process, out, err);
    return out.str();
}

GlobalOptions Files(std::vector<std::string> files) {
    GlobalOptions global;
    global.files = std::move(files);
    return global;
}

GlobalOptions Profiles(std::vector<std::string> profiles) {
    GlobalOptions global;
    global.profiles = std::move(profiles);
    return global;
}

ConfigOptions With(void (*set)(ConfigOptions&)) {
    ConfigOptions options;
    set(options);
    return options;
}

// The round trip the issue asks for: config's output is a compose file that loads back to the
// same canonical project.
void ExpectRoundTrip(const std::string& dir, const std::string& format, const GlobalOptions& global = {}) {
    ConfigOptions options;
    options.format = format;
    const std::string printed = Config(options, global, In(dir));
    loader::LoadOptions original = ToLoadOptions(global, In(dir));
    loader::Warnings warnings;
    const model::Project first = loader::LoadProject(original, warnings);

    loader::LoadOptions again;
    again.files = {"-"};
    again.profiles = global.profiles;
    again.working_directory = dir;
    again.os_environment = {{"HOME", "/home/tester"}};
    again.os_environment["COMPOSE_DISABLE_ENV_FILE"] = "1";  // everything is already in the output
    again.read_stdin = [&printed] { return printed; };
    const model::Project second = loader::LoadProject(again, warnings);
    EXPECT_EQ(loader::WriteYaml(first.config), loader::WriteYaml(second.config));
    EXPECT_TRUE(first.config == second.config);
    EXPECT_EQ(Config(options, Files({"-"}), In(dir)).empty(), false);
}

TEST(ConfigCommand, RoundTripOfTheExampleInYamlAndJson) {
    ExpectRoundTrip(kExamples + "webapp", "yaml");
    ExpectRoundTrip(kExamples + "webapp", "json");
    ExpectRoundTrip(kExamples + "webapp", "yaml", Profiles({"debug"}));
}

TEST(ConfigCommand, RoundTripOfEveryShortSyntax) {
    ExpectRoundTrip(kTestData + "ShortSyntaxEverywhere", "yaml");
}

TEST(ConfigCommand, OutputIsDeterministic) {
    const std::string dir = kExamples + "webapp";
    EXPECT_EQ(Config({}, {}, In(dir)), Config({}, {}, In(dir)));
}

TEST(ConfigCommand, ListingFlags) {
    const std::string dir = kExamples + "webapp";
    EXPECT_EQ(Config(With([](ConfigOptions& o) { o.services = true; }), {}, In(dir)), "api\ndb\nweb\n");
    EXPECT_EQ(Config(With([](ConfigOptions& o) { o.services = true; }), Profiles({"debug"}), In(dir)),
              "api\ndb\ndebug\nweb\n");
    EXPECT_EQ(Config(With([](ConfigOptions& o) { o.volumes = true; }), {}, In(dir)), "db-data\n");
    EXPECT_EQ(Config(With([](ConfigOptions& o) { o.networks = true; }), {}, In(dir)), "default\n");
    EXPECT_EQ(Config(With([](ConfigOptions& o) { o.images = true; }), {}, In(dir)),
              "localhost/busybox:stable\nlocalhost/busybox:stable\nlocalhost/busybox:stable\n");
    EXPECT_EQ(Config(With([](ConfigOptions& o) { o.profiles = true; }), {}, In(dir)), "debug\n");
    EXPECT_EQ(Config(With([](ConfigOptions& o) { o.quiet = true; }), {}, In(dir)), "");
}

TEST(ConfigCommand, HashIsStableAndIgnoresScaleAndDependencies) {
    const std::string dir = kTestData + "HashIgnoresScale";
    const std::string all = Config(With([](ConfigOptions& o) { o.hash = "*"; }), Files({"compose.yaml"}), In(dir));
    const std::string scaled =
        Config(With([](ConfigOptions& o) { o.hash = "app"; }), Files({"compose.yaml", "scaled.yaml"}), In(dir));
    const std::string changed =
        Config(With([](ConfigOptions& o) { o.hash = "app"; }), Files({"compose.yaml", "changed.yaml"}), In(dir));
    EXPECT_EQ(all, scaled);
    EXPECT_NE(all, changed);
    EXPECT_EQ(all.substr(0, 4), "app ");
    EXPECT_EQ(all.size(), 4U + 64U + 1U);
    EXPECT_EQ(Config(With([](ConfigOptions& o) { o.hash = "app"; }), Files({"compose.yaml"}), In(dir)), all);
}

TEST(ConfigCommand, SelectedServicesComeWithTheirDependencies) {
    EXPECT_EQ(Config(With([](ConfigOptions& o) {
                         o.services = true;
                         o.selected = {"api"};
                     }),
                     {},
                     In(kExamples + "webapp")),
              "api\ndb\n");
}

TEST(ConfigCommand, DependencyCycleIsAnError) {
    try {
        Config({}, {}, In(kTestData + "DependencyCycle"));
        FAIL() << "no error";
    } catch (const graph::GraphError& e) {
        EXPECT_STREQ(e.what(), "dependency cycle between services: a -> c -> b -> a");
    }
}

TEST(ConfigCommand, OutputFileIsWrittenWhole) {
    const std::string out = std::filesystem::temp_directory_path() / "berth-config-test.yaml";
    ConfigOptions to_file;
    to_file.output = out;
    Config(to_file, {}, In(kExamples + "webapp"));
    std::ifstream in(out);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), Config({}, {}, In(kExamples + "webapp")));
    std::filesystem::remove(out);
    EXPECT_THROW(
        Config(With([](ConfigOptions& o) { o.output = "/nonexistent-dir/x.yaml"; }), {}, In(kExamples + "webapp")),
        loader::LoadError);
}

}  // namespace
}  // namespace compose::cli

namespace compose::cli {
namespace {

TEST(ConfigCommand, NoInterpolateKeepsTemplatesAndSkipsNormalization) {
    const std::string out =
        Config(With([](ConfigOptions& o) { o.no_interpolate = true; }), {}, In(kExamples + "webapp"));
    EXPECT_NE(out.find("- 127.0.0.1:${WEB_PORT:-8080}:${WEB_PORT:-8080}\n"), std::string::npos) << out;
    EXPECT_EQ(out.find("mode: ingress"), std::string::npos) << out;
}

}  // namespace
}  // namespace compose::cli
