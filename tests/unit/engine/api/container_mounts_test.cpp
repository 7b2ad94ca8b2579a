#include "engine/api/container_mounts.hpp"

#include <gtest/gtest.h>

#include "engine/api/container_create.hpp"
#include "engine/base/error.hpp"

namespace engine::api {
namespace {

using nlohmann::json;

std::string BindError(std::string_view raw) {
    try {
        ParseBindSpec(raw, "");
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        return error.what();
    }
    return "no error";
}

std::string CreateError(const json& host_config, CreateHostFacts facts = {}) {
    try {
        ParseContainerCreate({{"Image", "busybox"}, {"HostConfig", host_config}}, ApiVersion(1, 41), facts);
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        return error.what();
    }
    return "no error";
}

TEST(CleanPath, LikeGo) {
    EXPECT_EQ(CleanPath("/a//b/../c/"), "/a/c");
    EXPECT_EQ(CleanPath("/../x"), "/x");
    EXPECT_EQ(CleanPath("a/./b"), "a/b");
    EXPECT_EQ(CleanPath("../a"), "../a");
    EXPECT_EQ(CleanPath(""), ".");
    EXPECT_EQ(CleanPath("/"), "/");
}

TEST(BindSpec, NamedVolume) {
    const MountPointSpec point = ParseBindSpec("data:/var/lib/data/:ro,nocopy", "");
    EXPECT_EQ(point.type, "volume");
    EXPECT_EQ(point.source, "data");
    EXPECT_EQ(point.destination, "/var/lib/data");
    EXPECT_FALSE(point.read_write);
    EXPECT_FALSE(point.copy_data);
    EXPECT_EQ(point.mode, "ro,nocopy");
    EXPECT_EQ(point.propagation, "");
}

TEST(BindSpec, HostPathAndAnonymous) {
    const MountPointSpec bind = ParseBindSpec("/srv/www:/usr/share/www:rshared,z", "");
    EXPECT_EQ(bind.type, "bind");
    EXPECT_EQ(bind.source, "/srv/www");
    EXPECT_TRUE(bind.read_write);
    EXPECT_EQ(bind.propagation, "rshared");
    EXPECT_EQ(ParseBindSpec("/h:/c", "").propagation, "rprivate");
    const MountPointSpec anonymous = ParseBindSpec("/cache", "");
    EXPECT_EQ(anonymous.type, "volume");
    EXPECT_EQ(anonymous.source, "");
    EXPECT_EQ(anonymous.destination, "/cache");
    const MountPointSpec driven = ParseBindSpec("v:/c", "flocker");
    EXPECT_EQ(driven.spec.volume_options->driver_config->name, "flocker");
}

TEST(BindSpec, Errors) {
    EXPECT_EQ(BindError("/a:/b:/c:/d"), "invalid volume specification: '/a:/b:/c:/d'");
    EXPECT_EQ(BindError(":/data"), "invalid volume specification: ':/data'");
    EXPECT_EQ(BindError("/data:rw"), "invalid volume specification: '/data:rw'");
    EXPECT_EQ(BindError("v:/data:xyz"), "invalid mode: xyz");
    EXPECT_EQ(BindError("v:/data:ro,rw"), "invalid mode: ro,rw");
    EXPECT_EQ(BindError("v:data"),
              "invalid volume specification: 'v:data': invalid mount config for type \"volume\": invalid mount path: "
              "'data' mount path must be absolute");
    EXPECT_EQ(BindError("v:/"),
              "invalid volume specification: 'v:/': invalid mount config for type \"volume\": invalid "
              "specification: destination can't be '/'");
    EXPECT_EQ(BindError("/h:/c:nocopy"),
              "invalid volume specification: '/h:/c:nocopy': invalid mount config for type \"bind\": field "
              "VolumeOptions must not be specified");
    EXPECT_EQ(BindError("v:/c:shared"),
              "invalid volume specification: 'v:/c:shared': invalid mount config for type \"volume\": field "
              "BindOptions must not be specified");
}

TEST(Mounts, Validation) {
    const auto mounts = [](json list) { return json{{"Mounts", std::move(list)}}; };
    EXPECT_EQ(CreateError(mounts({{{"Type", "bind"}, {"Target", "/data"}}})),
              "invalid mount config for type \"bind\": field Source must not be empty");
    EXPECT_EQ(CreateError(mounts({{{"Type", "bind"}, {"Source", "rel"}, {"Target", "/data"}}})),
              "invalid mount config for type \"bind\": invalid mount path: 'rel' mount path must be absolute");
    EXPECT_EQ(CreateError(mounts({{{"Type", "volume"}, {"Source", "v"}}})),
              "invalid mount config for type \"volume\": field Target must not be empty");
    EXPECT_EQ(CreateError(mounts({{{"Type", "volume"}, {"Target", "/d"}, {"ReadOnly", true}}})),
              "invalid mount config for type \"volume\": must not set ReadOnly mode when using anonymous volumes");
    EXPECT_EQ(CreateError(mounts({{{"Type", "tmpfs"}, {"Source", "x"}, {"Target", "/t"}}})),
              "invalid mount config for type \"tmpfs\": field Source must not be specified");
    EXPECT_EQ(CreateError(mounts({{{"Type", "npipe"}, {"Source", "x"}, {"Target", "/t"}}})),
              "invalid mount config for type \"npipe\": mount type unknown");
    EXPECT_EQ(
        CreateError(mounts(
            {{{"Type", "bind"}, {"Source", "/h"}, {"Target", "/t"}, {"BindOptions", {{"Propagation", "sideways"}}}}})),
        "invalid mount config for type \"bind\": invalid propagation mode: sideways");
}

TEST(Mounts, BindSourceHook) {
    CreateHostFacts facts;
    facts.bind_source_exists = [](const std::string& path) { return path == "/exists"; };
    EXPECT_EQ(CreateError({{"Mounts", {{{"Type", "bind"}, {"Source", "/missing"}, {"Target", "/t"}}}}}, facts),
              "invalid mount config for type \"bind\": bind source path does not exist: /missing");
    EXPECT_EQ(CreateError({{"Mounts", {{{"Type", "bind"}, {"Source", "/exists"}, {"Target", "/t"}}}}}, facts),
              "no error");
    // Binds are never checked: moby creates a missing host directory.
    EXPECT_EQ(CreateError({{"Binds", {"/missing:/t"}}}, facts), "no error");
}

TEST(Mounts, DuplicateMountPoints) {
    EXPECT_EQ(CreateError({{"Binds", {"a:/data", "b:/data/"}}}), "Duplicate mount point: /data");
    EXPECT_EQ(CreateError({{"Binds", {"a:/data"}}, {"Mounts", {{{"Type", "volume"}, {"Target", "/data"}}}}}),
              "Duplicate mount point: /data");
    EXPECT_EQ(CreateError({{"Binds", {"a:/run"}}, {"Tmpfs", {{"/run", "size=64m"}}}}), "Duplicate mount point: /run");
}

TEST(Mounts, RegisteredInOrder) {
    const ContainerCreateRequest request = ParseContainerCreate(
        {{"Image", "busybox"},
         {"HostConfig",
          {{"Binds", {"/srv:/srv:ro"}},
           {"Mounts",
            {{{"Type", "volume"}, {"Source", "v"}, {"Target", "/v"}, {"VolumeOptions", {{"NoCopy", true}}}},
             {{"Type", "tmpfs"}, {"Target", "/tmp"}, {"TmpfsOptions", {{"SizeBytes", 1024}}}}}}}}},
        ApiVersion(1, 41),
        CreateHostFacts{});
    ASSERT_EQ(request.mount_points.size(), 3U);
    EXPECT_EQ(request.mount_points[0].destination, "/srv");
    EXPECT_FALSE(request.mount_points[0].read_write);
    EXPECT_EQ(request.mount_points[1].source, "v");
    EXPECT_FALSE(request.mount_points[1].copy_data);
    EXPECT_EQ(request.mount_points[2].type, "tmpfs");
    EXPECT_EQ(request.mount_points[2].spec.tmpfs_options->size_bytes, 1024);
}

}  // namespace
}  // namespace engine::api
