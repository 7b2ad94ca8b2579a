#include <gtest/gtest.h>

#include "tests/unit/compose/loader/normalize_test_support.hpp"

namespace compose::loader::testing {
namespace {

model::Value Volumes(std::string_view volumes_json) {
    return NormalizeWeb(R"({"image": "x", "volumes": )" + std::string(volumes_json) + "}")["volumes"];
}

std::string VolumesError(std::string_view volumes_json) {
    return NormalizeWebError(R"({"image": "x", "volumes": )" + std::string(volumes_json) + "}");
}

TEST(NormalizeVolumes, RelativeBindSourceBecomesAbsolute) {
    EXPECT_TREE(Volumes(R"(["./data:/data", "../shared:/shared/"])"), R"([
        {"type": "bind", "source": "/project/data", "target": "/data", "bind": {"create_host_path": true}},
        {"type": "bind", "source": "/shared", "target": "/shared", "bind": {"create_host_path": true}}
    ])");
}

TEST(NormalizeVolumes, AbsoluteAndHomeSourcesAreBinds) {
    EXPECT_TREE(Volumes(R"(["/var/log:/log:ro", "~/cache:/cache", "~:/home"])"), R"([
        {"type": "bind", "source": "/var/log", "target": "/log", "read_only": true, "bind": {"create_host_path": true}},
        {"type": "bind", "source": "/home/me/cache", "target": "/cache", "bind": {"create_host_path": true}},
        {"type": "bind", "source": "/home/me", "target": "/home", "bind": {"create_host_path": true}}
    ])");
}

TEST(NormalizeVolumes, NamedAndAnonymousVolumes) {
    EXPECT_TREE(Volumes(R"(["data:/var/lib/data", "/scratch", "cache:/cache:nocopy,rw"])"), R"([
        {"type": "volume", "source": "data", "target": "/var/lib/data"},
        {"type": "volume", "target": "/scratch"},
        {"type": "volume", "source": "cache", "target": "/cache", "volume": {"nocopy": true}}
    ])");
}

TEST(NormalizeVolumes, BindOptionsSetPropagationAndSelinux) {
    EXPECT_TREE(Volumes(R"(["/src:/src:ro,Z,rshared"])"), R"([
        {"type": "bind", "source": "/src", "target": "/src", "read_only": true,
         "bind": {"create_host_path": true, "selinux": "Z", "propagation": "rshared"}}
    ])");
}

TEST(NormalizeVolumes, UnknownOptionIsAnError) {
    EXPECT_EQ(VolumesError(R"(["./a:/a:rox"])"),
              "services.web.volumes[0]: invalid volume \"./a:/a:rox\": unknown option \"rox\"; valid options are ro, "
              "rw, z, Z, nocopy, shared, rshared, slave, rslave, private, rprivate");
}

TEST(NormalizeVolumes, MalformedShortSyntaxIsAnError) {
    EXPECT_EQ(VolumesError(R"(["a::/b"])"),
              "services.web.volumes[0]: invalid volume \"a::/b\": empty section between colons");
    EXPECT_EQ(
        VolumesError(R"(["a:/b:ro:x"])"),
        "services.web.volumes[0]: invalid volume \"a:/b:ro:x\": too many colons; expected SOURCE:TARGET[:OPTIONS]");
}

TEST(NormalizeVolumes, HomeNeedsHome) {
    NormalizeContext ctx = TestContext();
    ctx.environment.erase("HOME");
    EXPECT_EQ(NormalizeWebError(R"({"image": "x", "volumes": ["~/a:/a"]})", ctx),
              "services.web.volumes[0]: can't expand \"~/a\" because HOME is not set; use an absolute path");
    EXPECT_EQ(VolumesError(R"(["~bob/a:/a"])"),
              "services.web.volumes[0]: \"~bob/a\": only \"~\" (your own home) can be expanded; use an absolute path");
}

TEST(NormalizeVolumes, LongFormBindIsResolvedWithoutCreateHostPath) {
    EXPECT_TREE(Volumes(R"([{"type": "bind", "source": "./conf", "target": "/etc/app/", "read_only": true},
                           {"type": "volume", "source": "data", "target": "/data"},
                           {"type": "tmpfs", "target": "/tmp", "tmpfs": {"size": "64m", "mode": 1777}}])"),
                R"([{"type": "bind", "source": "/project/conf", "target": "/etc/app", "read_only": true},
                    {"type": "volume", "source": "data", "target": "/data"},
                    {"type": "tmpfs", "target": "/tmp", "tmpfs": {"size": 67108864, "mode": 1777}}])");
}

TEST(NormalizeVolumes, TmpfsStringBecomesList) {
    EXPECT_TREE(NormalizeWeb(R"({"image": "x", "tmpfs": "/run:size=1m"})")["tmpfs"], R"(["/run:size=1m"])");
    EXPECT_TREE(NormalizeWeb(R"({"image": "x", "tmpfs": ["/run", "/tmp"]})")["tmpfs"], R"(["/run", "/tmp"])");
}

}  // namespace
}  // namespace compose::loader::testing
