#include "compose/reconcile/resource_specs.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compose/loader/project_loader.hpp"
#include "compose/model/config_hash.hpp"
#include "compose/reconcile/inline_files.hpp"
#include "compose/reconcile/labels.hpp"

namespace compose::reconcile {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

model::Project LoadProject(const std::string& yaml, std::map<std::string, std::string> environment = {}) {
    loader::LoadOptions options;
    options.files = {"-"};
    options.project_name = "demo";
    options.working_directory = "/srv/demo";
    options.os_environment = std::move(environment);
    options.os_environment["HOME"] = "/home/tester";
    options.os_environment["COMPOSE_DISABLE_ENV_FILE"] = "1";
    options.read_stdin = [yaml] { return yaml; };
    loader::Warnings warnings;
    return loader::LoadProject(options, warnings);
}

DesiredState Desired(const std::string& yaml) {
    DesiredState desired;
    desired.project = LoadProject(yaml);
    desired.image_ids["web"] = "sha256:1111";
    return desired;
}

Operation ForKey(OperationKind kind, const std::string& key) {
    Operation operation;
    operation.kind = kind;
    operation.key = key;
    return operation;
}

const std::string kWeb = R"(
services:
  web:
    image: nginx
    labels: {com.example.team: web, com.docker.compose.project: overridden}
    depends_on:
      db: {condition: service_healthy, restart: true}
      cache: {condition: service_started}
  db:
    image: postgres
  cache:
    image: redis
)";

TEST(ResourceSpecs, ContainerLabelsCarryTheComposeSet) {
    DesiredState desired = Desired(kWeb);
    desired.project.env_files = {"/srv/demo/.env", "/srv/demo/extra.env"};
    const std::map<std::string, std::string> labels = ContainerLabels(desired, "web", 2, false);
    const std::map<std::string, std::string> expected = {
        {"com.example.team", "web"},
        {std::string(labels::kProject), "demo"},
        {std::string(labels::kService), "web"},
        {std::string(labels::kContainerNumber), "2"},
        {std::string(labels::kOneoff), "False"},
        {std::string(labels::kConfigHash), model::ServiceConfigHash(*desired.project.Service("web"))},
        {std::string(labels::kDependsOn), "cache:service_started:false,db:service_healthy:true"},
        {std::string(labels::kImage), "sha256:1111"},
        {std::string(labels::kWorkingDir), "/srv/demo"},
        {std::string(labels::kConfigFiles), "-"},
        {std::string(labels::kEnvironmentFile), "/srv/demo/.env,/srv/demo/extra.env"},
        {std::string(labels::kVersion), std::string(labels::kComposeVersion)},
    };
    EXPECT_EQ(labels, expected);
}

TEST(ResourceSpecs, OneoffContainersHaveNoNumberAndNoEnvironmentFileWithoutOne) {
    const DesiredState desired = Desired(kWeb);
    const std::map<std::string, std::string> labels = ContainerLabels(desired, "db", 0, true);
    EXPECT_EQ(labels.at(std::string(labels::kOneoff)), "True");
    EXPECT_EQ(labels.at(std::string(labels::kDependsOn)), "");
    EXPECT_FALSE(labels.contains(std::string(labels::kContainerNumber)));
    EXPECT_FALSE(labels.contains(std::string(labels::kEnvironmentFile)));
    EXPECT_FALSE(labels.contains(std::string(labels::kImage)));  // no image ID known for db
    EXPECT_THROW(ContainerLabels(desired, "nope", 1, false), std::invalid_argument);
}

TEST(ResourceSpecs, ContainerBodyLabelsIncludeReplace) {
    const DesiredState desired = Desired(kWeb);
    Operation operation;
    operation.service = "web";
    operation.number = 1;
    operation.replaces = "0123456789abcdef";
    const json body = ProjectSpecs(desired).ContainerCreateBody(operation, nullptr);
    EXPECT_EQ(body["Labels"][std::string(labels::kReplace)], "0123456789abcdef");
    EXPECT_EQ(body["Labels"][std::string(labels::kContainerNumber)], "1");
    EXPECT_EQ(body["Labels"][std::string(labels::kProject)], "demo");
}

TEST(ResourceSpecs, NetworkCreateBody) {
    const DesiredState desired = Desired(R"(
services:
  web: {image: nginx, networks: [back, front]}
networks:
  front: {}
  back:
    driver: bridge
    driver_opts: {com.docker.network.bridge.name: br-back, mtu: 1400}
    internal: true
    attachable: true
    enable_ipv6: true
    labels: [com.example.tier=back]
    ipam:
      driver: default
      config:
        - subnet: 172.28.0.0/16
          ip_range: 172.28.5.0/24
          gateway: 172.28.5.254
          aux_addresses: {host1: 172.28.1.5}
      options: {foo: bar}
)");
    const ProjectSpecs specs(desired);
    const model::Value& back = *desired.project.config.Find("networks")->Find("back");
    const json expected = {
        {"Name", "demo_back"},
        {"CheckDuplicate", true},
        {"Driver", "bridge"},
        {"Options", {{"com.docker.network.bridge.name", "br-back"}, {"mtu", "1400"}}},
        {"IPAM",
         {{"Driver", "default"},
          {"Config",
           {{{"Subnet", "172.28.0.0/16"},
             {"IPRange", "172.28.5.0/24"},
             {"Gateway", "172.28.5.254"},
             {"AuxiliaryAddresses", {{"host1", "172.28.1.5"}}}}}},
          {"Options", {{"foo", "bar"}}}}},
        {"Internal", true},
        {"Attachable", true},
        {"EnableIPv6", true},
        {"Labels",
         {{"com.example.tier", "back"},
          {std::string(labels::kProject), "demo"},
          {std::string(labels::kNetwork), "back"},
          {std::string(labels::kVersion), std::string(labels::kComposeVersion)},
          {std::string(labels::kConfigHash), ResourceConfigHash(back)}}},
    };
    EXPECT_EQ(specs.NetworkCreateBody(ForKey(OperationKind::kCreateNetwork, "back")), expected);

    const json front = specs.NetworkCreateBody(ForKey(OperationKind::kCreateNetwork, "front"));
    EXPECT_EQ(front["Driver"], "bridge");
    EXPECT_EQ(front["IPAM"], json({{"Driver", "default"}, {"Config", json::array()}, {"Options", json::object()}}));
    EXPECT_EQ(front["Internal"], false);
    EXPECT_THROW(specs.NetworkCreateBody(ForKey(OperationKind::kCreateNetwork, "nope")), std::invalid_argument);
}

TEST(ResourceSpecs, VolumeCreateBody) {
    const DesiredState desired = Desired(R"(
services:
  web: {image: nginx, volumes: ["data:/data", "named:/named"]}
volumes:
  data:
    driver_opts: {type: tmpfs, device: tmpfs}
    labels: {com.example.backup: "yes"}
  named:
    name: explicit-name
    driver: other
)");
    const ProjectSpecs specs(desired);
    const model::Value& data = *desired.project.config.Find("volumes")->Find("data");
    const json expected = {
        {"Name", "demo_data"},
        {"Driver", "local"},
        {"DriverOpts", {{"type", "tmpfs"}, {"device", "tmpfs"}}},
        {"Labels",
         {{"com.example.backup", "yes"},
          {std::string(labels::kProject), "demo"},
          {std::string(labels::kVolume), "data"},
          {std::string(labels::kVersion), std::string(labels::kComposeVersion)},
          {std::string(labels::kConfigHash), ResourceConfigHash(data)}}},
    };
    EXPECT_EQ(specs.VolumeCreateBody(ForKey(OperationKind::kCreateVolume, "data")), expected);
    const json named = specs.VolumeCreateBody(ForKey(OperationKind::kCreateVolume, "named"));
    EXPECT_EQ(named["Name"], "explicit-name");
    EXPECT_EQ(named["Driver"], "other");
    EXPECT_EQ(named["DriverOpts"], json::object());
}

TEST(ResourceSpecs, ResourceConfigHashFollowsContentOnly) {
    model::Value a = model::Value::MakeMap();
    a["driver"] = model::Value("local");
    a["name"] = model::Value("demo_data");
    model::Value b = model::Value::MakeMap();
    b["name"] = model::Value("demo_data");
    b["driver"] = model::Value("local");
    const std::string hash = ResourceConfigHash(a);
    EXPECT_EQ(hash.size(), 64U);
    EXPECT_EQ(hash, ResourceConfigHash(b));
    b["driver"] = model::Value("other");
    EXPECT_NE(hash, ResourceConfigHash(b));
}

class InlineFilesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "berth-inline-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        root_ = pattern;
    }
    void TearDown() override {
        std::error_code ignored;
        fs::permissions(root_, fs::perms::owner_all, fs::perm_options::add, ignored);
        fs::remove_all(root_, ignored);
    }
    static std::string Read(const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    static unsigned Mode(const fs::path& path) {
        struct stat info {};
        EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
        return info.st_mode & 07777U;
    }
    static ino_t Inode(const std::string& path) {
        struct stat info {};
        EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
        return info.st_ino;
    }

    fs::path root_;
};

const std::string kInline = R"(
services:
  web:
    image: nginx
    secrets: [token, plain]
    configs: [app]
secrets:
  token: {environment: API_TOKEN}
  plain: {file: ./plain.txt}
configs:
  app:
    content: |
      debug=true
)";

TEST_F(InlineFilesTest, InlineDefinitionsBecomeFilesAndSecondRunChangesNothing) {
    model::Project project = LoadProject(kInline, {{"API_TOKEN", "s3cret"}});
    const std::string directory = (root_ / "inline").string();
    MaterializeInlineFiles(project, directory);

    const model::Value& secrets = *project.config.Find("secrets");
    const model::Value& configs = *project.config.Find("configs");
    const std::string token = secrets.Find("token")->Find("file")->AsString();
    const std::string app = configs.Find("app")->Find("file")->AsString();
    EXPECT_EQ(token, directory + "/secret_token");
    EXPECT_EQ(app, directory + "/config_app");
    EXPECT_EQ(secrets.Find("token")->Find("environment"), nullptr);
    EXPECT_EQ(configs.Find("app")->Find("content"), nullptr);
    EXPECT_EQ(secrets.Find("plain")->Find("file")->AsString(), "/srv/demo/plain.txt");
    EXPECT_EQ(Read(token), "s3cret");
    EXPECT_EQ(Read(app), "debug=true\n");
    EXPECT_EQ(Mode(directory), 0700U);
    EXPECT_EQ(Mode(token), 0444U);
    const auto written_at = fs::last_write_time(token);
    const ino_t inode = Inode(token);

    model::Project again = LoadProject(kInline, {{"API_TOKEN", "s3cret"}});
    MaterializeInlineFiles(again, directory);
    EXPECT_TRUE(again.config == project.config);
    EXPECT_EQ(fs::last_write_time(token), written_at);
    EXPECT_EQ(Inode(token), inode);
    EXPECT_EQ(std::distance(fs::directory_iterator(directory), fs::directory_iterator()), 2);

    // The specs see only the materialized files.
    DesiredState desired;
    desired.project = again;
    Operation operation;
    operation.service = "web";
    operation.number = 1;
    const json mounts = ProjectSpecs(desired).ContainerCreateBody(operation, nullptr)["HostConfig"]["Mounts"];
    ASSERT_EQ(mounts.size(), 3U);
    EXPECT_EQ(mounts[0]["Source"], token);
    EXPECT_EQ(mounts[0]["Target"], "/run/secrets/token");
    EXPECT_EQ(mounts[2]["Source"], app);
}

TEST_F(InlineFilesTest, ChangedContentReplacesTheFile) {
    const std::string directory = (root_ / "inline").string();
    model::Project first = LoadProject(kInline, {{"API_TOKEN", "one"}});
    MaterializeInlineFiles(first, directory);
    model::Project second = LoadProject(kInline, {{"API_TOKEN", "two"}});
    MaterializeInlineFiles(second, directory);
    EXPECT_EQ(Read(directory + "/secret_token"), "two");
    EXPECT_EQ(Mode(directory + "/secret_token"), 0444U);
}

TEST_F(InlineFilesTest, UnsetVariableNamesTheSecret) {
    model::Project project = LoadProject(kInline);
    try {
        MaterializeInlineFiles(project, (root_ / "inline").string());
        FAIL() << "expected an error";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("secret token"), std::string::npos) << error.what();
        EXPECT_NE(std::string(error.what()).find("API_TOKEN"), std::string::npos) << error.what();
    }
}

}  // namespace
}  // namespace compose::reconcile
