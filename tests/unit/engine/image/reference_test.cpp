#include "engine/image/reference.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

// Cases follow distribution/reference's normalize_test.go and reference_test.go, with the
// expected normalized and familiar forms written out by hand from its rules.
namespace engine::image {
namespace {

const std::string kHex64F(64, 'f');
const std::string kSha256F = "sha256:" + kHex64F;
const std::string kBusyboxDigest = "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
const std::string kId = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";

std::string Repeat(const std::string& part, int times) {
    std::string text;
    for (int i = 0; i < times; ++i) {
        text += part;
    }
    return text;
}

struct ValidCase {
    std::string input;
    std::string normalized;  // String()
    std::string familiar;    // Familiar()
};

std::vector<ValidCase> ValidCases() {
    return {
        {"busybox", "docker.io/library/busybox", "busybox"},
        {"busybox:latest", "docker.io/library/busybox:latest", "busybox:latest"},
        {"library/busybox", "docker.io/library/busybox", "busybox"},
        {"docker.io/busybox", "docker.io/library/busybox", "busybox"},
        {"docker.io/library/busybox:1.36", "docker.io/library/busybox:1.36", "busybox:1.36"},
        {"index.docker.io/library/debian", "docker.io/library/debian", "debian"},
        {"index.docker.io/debian", "docker.io/library/debian", "debian"},
        {"index.docker.io/docker/docker", "docker.io/docker/docker", "docker/docker"},
        // A Hub path whose first component looks like a registry keeps its domain when shown.
        {"docker.io/sha257ker.io/sha257xx", "docker.io/sha257ker.io/sha257xx", "docker.io/sha257ker.io/sha257xx"},
        {"docker.io/localhost/app", "docker.io/localhost/app", "docker.io/localhost/app"},
        {"docker.io/docker.io/5", "docker.io/docker.io/5", "docker.io/docker.io/5"},
        {"docker.io/index.docker.io/x", "docker.io/index.docker.io/x", "docker.io/index.docker.io/x"},
        {"docker.io/a_b.c/foo:1", "docker.io/a_b.c/foo:1", "docker.io/a_b.c/foo:1"},
        {"myorg/app:1", "docker.io/myorg/app:1", "myorg/app:1"},
        {"docker.io/library/foo/bar", "docker.io/library/foo/bar", "library/foo/bar"},
        {"store/foo/bar", "docker.io/store/foo/bar", "store/foo/bar"},
        {"other/library", "docker.io/other/library", "other/library"},
        {"ubuntu-12.04-base", "docker.io/library/ubuntu-12.04-base", "ubuntu-12.04-base"},
        {"docker.io", "docker.io/library/docker.io", "docker.io"},
        {"localhost", "docker.io/library/localhost", "localhost"},
        {"localhost:5000", "docker.io/library/localhost:5000", "localhost:5000"},
        {"localhost/x", "localhost/x", "localhost/x"},
        {"localhost:5000/x:y", "localhost:5000/x:y", "localhost:5000/x:y"},
        {"registry.example.com/myorg/app:v1.2-rc",
         "registry.example.com/myorg/app:v1.2-rc",
         "registry.example.com/myorg/app:v1.2-rc"},
        {"example.com:8000/privatebase", "example.com:8000/privatebase", "example.com:8000/privatebase"},
        {"127.0.0.1:5000/library/debian", "127.0.0.1:5000/library/debian", "127.0.0.1:5000/library/debian"},
        {"192.168.0.1", "docker.io/library/192.168.0.1", "192.168.0.1"},
        {"192.168.0.1:80", "docker.io/library/192.168.0.1:80", "192.168.0.1:80"},
        {"192.168.1.1:5000/repo:5050", "192.168.1.1:5000/repo:5050", "192.168.1.1:5000/repo:5050"},
        {"[::1]:5000/x", "[::1]:5000/x", "[::1]:5000/x"},
        {"[2001:db8::1]/repo:tag", "[2001:db8::1]/repo:tag", "[2001:db8::1]/repo:tag"},
        {"[2001:db8::]:5000/repo", "[2001:db8::]:5000/repo", "[2001:db8::]:5000/repo"},
        {"[fc00:1:2:3:4:5:6:7]:5000/library/debian",
         "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
         "[fc00:1:2:3:4:5:6:7]:5000/library/debian"},
        {"Foo/bar", "Foo/bar", "Foo/bar"},
        {"DOCKER/docker", "DOCKER/docker", "DOCKER/docker"},
        {"test_com/foo", "docker.io/test_com/foo", "test_com/foo"},
        {"test-com:8080/foo", "test-com:8080/foo", "test-com:8080/foo"},
        {"xn--n3h.com:18080/foo", "xn--n3h.com:18080/foo", "xn--n3h.com:18080/foo"},
        {"sub-dom1.foo.com/bar/baz/quux:some-long-tag",
         "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
         "sub-dom1.foo.com/bar/baz/quux:some-long-tag"},
        {"b.gcr.io/test.example.com/my-app:test.example.com",
         "b.gcr.io/test.example.com/my-app:test.example.com",
         "b.gcr.io/test.example.com/my-app:test.example.com"},
        {"dock__er/docker", "docker.io/dock__er/docker", "dock__er/docker"},
        {"docker---rules/docker", "docker.io/docker---rules/docker", "docker---rules/docker"},
        {"a.b_c__d-e---f", "docker.io/library/a.b_c__d-e---f", "a.b_c__d-e---f"},
        {"d/docker", "docker.io/d/docker", "d/docker"},
        {"lowercase:Uppercase", "docker.io/library/lowercase:Uppercase", "lowercase:Uppercase"},
        {"busybox:_x.y-Z", "docker.io/library/busybox:_x.y-Z", "busybox:_x.y-Z"},
        {"test.com:8000/foo:TAG5", "test.com:8000/foo:TAG5", "test.com:8000/foo:TAG5"},
        {"busybox:latest@" + kBusyboxDigest,
         "docker.io/library/busybox:latest@" + kBusyboxDigest,
         "busybox:latest@" + kBusyboxDigest},
        {"busybox@" + kBusyboxDigest, "docker.io/library/busybox@" + kBusyboxDigest, "busybox@" + kBusyboxDigest},
        {"test:5000/repo:tag@" + kSha256F, "test:5000/repo:tag@" + kSha256F, "test:5000/repo:tag@" + kSha256F},
        {"[2001:db8::1]:5000/repo@" + kSha256F,
         "[2001:db8::1]:5000/repo@" + kSha256F,
         "[2001:db8::1]:5000/repo@" + kSha256F},
        {"xn--7o8h.com/myimage:xn--7o8h.com@sha512:" + std::string(128, 'f'),
         "xn--7o8h.com/myimage:xn--7o8h.com@sha512:" + std::string(128, 'f'),
         "xn--7o8h.com/myimage:xn--7o8h.com@sha512:" + std::string(128, 'f')},
        // With a domain, 64 hex digits are a name, not an image ID; shown with the domain so
        // the shown form reads back (Docker shows the bare digits, which it then refuses).
        {"docker.io/" + kId, "docker.io/library/" + kId, "docker.io/library/" + kId},
        {kId.substr(0, 63), "docker.io/library/" + kId.substr(0, 63), kId.substr(0, 63)},
        // "sha256:<hex>" alone is the image "sha256" with a 64-character tag.
        {kSha256F, "docker.io/library/" + kSha256F, kSha256F},
        // Not a valid host ("_"), but a valid path component: the whole name is the path.
        {"a_b.c/foo", "a_b.c/foo", "a_b.c/foo"},
        {"busybox:" + std::string(128, 't'),
         "docker.io/library/busybox:" + std::string(128, 't'),
         "busybox:" + std::string(128, 't')},
        // 255 characters of path is the limit, counted after "library/" is added.
        {Repeat("a/", 127) + "a", "docker.io/" + Repeat("a/", 127) + "a", Repeat("a/", 127) + "a"},
        {std::string(247, 'a'), "docker.io/library/" + std::string(247, 'a'), std::string(247, 'a')},
    };
}

TEST(Reference, ValidReferencesNormalize) {
    for (const ValidCase& c : ValidCases()) {
        SCOPED_TRACE(c.input);
        const Reference reference = ParseReference(c.input);
        EXPECT_EQ(reference.String(), c.normalized);
        EXPECT_EQ(reference.Familiar(), c.familiar);
        // Both forms must read back as the same reference.
        EXPECT_EQ(ParseReference(reference.String()), reference);
        EXPECT_EQ(ParseReference(reference.Familiar()), reference);
    }
}

struct InvalidCase {
    std::string input;
    std::string message;
};

std::vector<InvalidCase> InvalidCases() {
    const std::string kFormat = "invalid reference format";
    return {
        {"", kFormat},
        {":justtag", kFormat},
        {"@" + kSha256F, kFormat},
        {"https://github.com/docker/docker", kFormat},
        {"-docker", kFormat},
        {"-docker/docker", kFormat},
        {"docker-/docker", kFormat},
        {"-docker.io/docker/docker", kFormat},
        {"docker///docker", kFormat},
        {"a//b", kFormat},
        {"/a", kFormat},
        {"docker/", kFormat},
        {"foo-", kFormat},
        {"foo.", kFormat},
        {"foo_", kFormat},
        {"____/____", kFormat},
        {"_docker/_docker", kFormat},
        {"dock..er/docker", kFormat},
        {"dock_.er/docker", kFormat},
        {"dock-.er/docker", kFormat},
        {"dock___er", kFormat},
        {"aa/asdf$$^/aa", kFormat},
        {"foo bar", kFormat},
        {"[fc00::1]", kFormat},
        {"[fc00::1]:5000", kFormat},
        {"[2001:db8::1]:tag", kFormat},
        {"fc00::1:5000/debian", kFormat},
        {"[fe80::1%eth0]:5000/debian", kFormat},
        {"[2001:db8:3:4::192.0.2.33]:5000/debian", kFormat},
        {"localhost:/x", kFormat},
        {"localhost:50a0/x", kFormat},
        {"-host.com/x", kFormat},
        {"busybox:", kFormat},
        {"busybox:-x", kFormat},
        {"busybox:a/b", kFormat},
        {"busybox:" + std::string(129, 't'), kFormat},
        {"busybox@", kFormat},
        {"busybox:tag@", kFormat},
        {"busybox@sha256:abc", kFormat},
        {"busybox@sha256" + kHex64F, kFormat},
        {"busybox@1sha:" + kHex64F, kFormat},
        {"busybox@sha256:" + std::string(63, 'f') + "g", kFormat},
        {"Busybox", "invalid reference format: repository name (library/Busybox) must be lowercase"},
        {"Uppercase:tag", "invalid reference format: repository name (library/Uppercase) must be lowercase"},
        {"docker/Docker", "invalid reference format: repository name (docker/Docker) must be lowercase"},
        {"docker.io/docker/Docker", "invalid reference format: repository name (docker/Docker) must be lowercase"},
        {"test:5000/Uppercase/lowercase:tag",
         "invalid reference format: repository name (Uppercase/lowercase) must be lowercase"},
        // The name check stops at the first ":", so an uppercase algorithm counts as the name.
        {"repo@SHA256:" + kHex64F, "invalid reference format: repository name (library/repo@SHA256) must be lowercase"},
        // Uppercase first component taken as a domain that then only parses lowercased.
        {"Foo_bar/baz", "invalid reference format: repository name must be lowercase"},
        {kId, "invalid repository name (" + kId + "), cannot specify 64-byte hexadecimal strings"},
        {"repo@sha256:" + std::string(34, 'f'), "invalid checksum digest length"},
        {"repo@sha256:" + std::string(65, 'f'), "invalid checksum digest length"},
        {"repo@sha512:" + kHex64F, "invalid checksum digest length"},
        {"repo@sha256:" + std::string(64, 'F'), "invalid checksum digest format"},
        {"validname@invaliddigest:" + kHex64F, "unsupported digest algorithm"},
        {"repo@md5:" + std::string(32, 'f'), "unsupported digest algorithm"},
        {Repeat("a/", 128) + "a:tag", "repository name must not be more than 255 characters"},
        {std::string(248, 'a'), "repository name must not be more than 255 characters"},
    };
}

TEST(Reference, InvalidReferencesGiveDockersMessage) {
    for (const InvalidCase& c : InvalidCases()) {
        SCOPED_TRACE(c.input);
        try {
            const Reference reference = ParseReference(c.input);
            ADD_FAILURE() << "parsed as " << reference.String();
        } catch (const Error& error) {
            EXPECT_EQ(error.code(), Errc::kInvalidArgument);
            EXPECT_EQ(std::string(error.what()), c.message);
        }
    }
}

TEST(Reference, FieldsAreSplit) {
    const Reference reference = ParseReference("localhost:5000/team/app:v2@" + kSha256F);
    EXPECT_EQ(reference.domain, "localhost:5000");
    EXPECT_EQ(reference.path, "team/app");
    EXPECT_EQ(reference.tag, "v2");
    EXPECT_EQ(reference.digest, kSha256F);
    EXPECT_EQ(reference.Name(), "localhost:5000/team/app");
    EXPECT_EQ(reference.FamiliarName(), "localhost:5000/team/app");
}

TEST(Reference, HubReferenceFields) {
    const Reference reference = ParseReference("busybox:1");
    EXPECT_EQ(reference.domain, "docker.io");
    EXPECT_EQ(reference.path, "library/busybox");
    EXPECT_EQ(reference.tag, "1");
    EXPECT_EQ(reference.digest, "");
    EXPECT_EQ(reference.Name(), "docker.io/library/busybox");
    EXPECT_EQ(reference.FamiliarName(), "busybox");
}

TEST(Reference, PathWithoutDomain) {
    const Reference reference = ParseReference("a_b.c/foo:1");
    EXPECT_EQ(reference.domain, "");
    EXPECT_EQ(reference.path, "a_b.c/foo");
    EXPECT_EQ(reference.Name(), "a_b.c/foo");
    EXPECT_EQ(reference.FamiliarName(), "a_b.c/foo");
}

TEST(Reference, FamiliarNameKeepsShortLibraryLikePaths) {
    // A path shorter than "library/" must not confuse the prefix check.
    EXPECT_EQ(ParseReference("docker.io/lib/x").FamiliarName(), "lib/x");
    EXPECT_EQ(ParseReference("a").FamiliarName(), "a");
    EXPECT_EQ(ParseReference("quay.io/library/x").FamiliarName(), "quay.io/library/x");
}

TEST(Reference, DefaultTagOnlyWhenNeitherTagNorDigest) {
    EXPECT_EQ(WithDefaultTag(ParseReference("busybox")).String(), "docker.io/library/busybox:latest");
    EXPECT_EQ(WithDefaultTag(ParseReference("busybox")).Familiar(), "busybox:latest");
    EXPECT_EQ(WithDefaultTag(ParseReference("localhost:5000/x")).Familiar(), "localhost:5000/x:latest");
    EXPECT_EQ(WithDefaultTag(ParseReference("busybox:1.36")).String(), "docker.io/library/busybox:1.36");
    EXPECT_EQ(WithDefaultTag(ParseReference("busybox@" + kBusyboxDigest)).String(),
              "docker.io/library/busybox@" + kBusyboxDigest);
}

TEST(Reference, FullImageIds) {
    EXPECT_TRUE(IsFullImageId(kId));
    EXPECT_TRUE(IsFullImageId("sha256:" + kId));
    EXPECT_FALSE(IsFullImageId(kId.substr(0, 63)));
    EXPECT_FALSE(IsFullImageId(kId + "0"));
    EXPECT_FALSE(IsFullImageId("sha256:" + kId.substr(0, 12)));
    EXPECT_FALSE(IsFullImageId(std::string(64, 'F')));
    EXPECT_FALSE(IsFullImageId("sha512:" + kId));
    EXPECT_FALSE(IsFullImageId("sha256:"));
    EXPECT_FALSE(IsFullImageId(""));
    EXPECT_FALSE(IsFullImageId("busybox"));
}

}  // namespace
}  // namespace engine::image
