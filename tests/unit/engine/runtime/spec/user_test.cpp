#include "engine/runtime/spec/user.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::runtime {
namespace {

using Gids = std::vector<std::uint32_t>;

std::filesystem::path Fixture() {
    return std::filesystem::path(BERTH_SOURCE_DIR) / "tests/unit/engine/runtime/spec/testdata/ResolveUserTest";
}

std::string ErrorOf(std::string_view user, const std::vector<std::string>& group_add = {}) {
    try {
        ResolveUser(Fixture(), user, group_add);
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

TEST(ResolveUserTest, EmptyIsRootWithItsMemberships) {
    const ResolvedUser user = ResolveUser(Fixture(), "");
    EXPECT_EQ(user.uid, 0U);
    EXPECT_EQ(user.gid, 0U);
    EXPECT_EQ(user.additional_gids, Gids{});
    EXPECT_EQ(user.home, "/root");
}

TEST(ResolveUserTest, NameGivesPasswdIdsAndGroupMemberships) {
    const ResolvedUser user = ResolveUser(Fixture(), "web");
    EXPECT_EQ(user.uid, 1000U);
    EXPECT_EQ(user.gid, 1000U);
    EXPECT_EQ(user.additional_gids, (Gids{29, 50}));
    EXPECT_EQ(user.home, "/home/web");
}

TEST(ResolveUserTest, UidMatchesAnEntryOrStandsAlone) {
    const ResolvedUser known = ResolveUser(Fixture(), "1000");
    EXPECT_EQ(known.gid, 1000U);
    EXPECT_EQ(known.additional_gids, (Gids{29, 50}));
    const ResolvedUser unknown = ResolveUser(Fixture(), "4242");
    EXPECT_EQ(unknown.uid, 4242U);
    EXPECT_EQ(unknown.gid, 0U);
    EXPECT_EQ(unknown.additional_gids, Gids{});
}

TEST(ResolveUserTest, ExplicitGroupReplacesGidAndDropsMemberships) {
    const ResolvedUser by_name = ResolveUser(Fixture(), "web:staff");
    EXPECT_EQ(by_name.uid, 1000U);
    EXPECT_EQ(by_name.gid, 50U);
    EXPECT_EQ(by_name.additional_gids, Gids{});
    const ResolvedUser numeric = ResolveUser(Fixture(), "4242:777");
    EXPECT_EQ(numeric.uid, 4242U);
    EXPECT_EQ(numeric.gid, 777U);
    EXPECT_EQ(ResolveUser(Fixture(), "nobody:nogroup").gid, 65534U);
}

TEST(ResolveUserTest, GroupAddByNameOrNumber) {
    const ResolvedUser user = ResolveUser(Fixture(), "daemon", {"audio", "1234", "staff"});
    EXPECT_EQ(user.uid, 1U);
    EXPECT_EQ(user.additional_gids, (Gids{50, 29, 1234}));
}

TEST(ResolveUserTest, ErrorsSayWhatWasMissing) {
    EXPECT_EQ(ErrorOf("foo"), "unable to find user foo: no matching entries in passwd file");
    EXPECT_EQ(ErrorOf("web:nope"), "unable to find group nope: no matching entries in group file");
    EXPECT_EQ(ErrorOf("web", {"nope"}), "unable to find group nope: no matching entries in group file");
    EXPECT_EQ(ErrorOf("-1"), "uids and gids must be in range 0-2147483647");
}

TEST(ResolveUserTest, MissingFilesAllowNumbersOnly) {
    const testing::TempDir rootfs;
    EXPECT_EQ(ResolveUser(rootfs.path(), "").uid, 0U);
    EXPECT_EQ(ResolveUser(rootfs.path(), "65534:65534").gid, 65534U);
    EXPECT_THROW(ResolveUser(rootfs.path(), "root"), Error);
}

TEST(ResolveUserTest, SymlinksResolveInsideTheRootfs) {
    const testing::TempDir rootfs;
    std::filesystem::create_directories(rootfs.path() / "inner/etc");
    std::ofstream(rootfs.path() / "inner/etc/passwd") << "alice:x:7:8::/home/alice:/bin/sh\n";
    // Absolute and escaping links must land inside the rootfs, never on the host's /etc.
    std::filesystem::create_directory_symlink("/inner/etc", rootfs.path() / "etc");
    EXPECT_EQ(ResolveUser(rootfs.path(), "alice").uid, 7U);
    std::filesystem::remove(rootfs.path() / "etc");
    std::filesystem::create_directory(rootfs.path() / "etc");
    // The host has /etc/hostname; the rootfs has not.
    std::filesystem::create_symlink("../../../../../../../etc/hostname", rootfs.path() / "etc/passwd");
    EXPECT_FALSE(ReadFileInRoot(rootfs.path(), "/etc/passwd").has_value());
}

}  // namespace
}  // namespace engine::runtime
