#include "engine/volume/copy_up.hpp"

#include <fstream>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::volume {
namespace {

namespace fs = std::filesystem;

void WriteText(const fs::path& path, const std::string& text) {
    std::ofstream(path) << text;
}

std::string ReadText(const fs::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

struct stat Lstat(const fs::path& path) {
    struct stat info {};
    EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
    return info;
}

TEST(ResolveInRootTest, SymlinksStayInsideTheRoot) {
    engine::testing::TempDir dir;
    const fs::path root = dir.path() / "rootfs";
    fs::create_directories(root / "real/data");
    fs::create_symlink("/real", root / "abs");           // absolute: from the root, not the host
    fs::create_symlink("../../../../etc", root / "up");  // ".." stops at the root
    fs::create_symlink("real/data", root / "rel");
    fs::create_symlink("loop", root / "loop");

    EXPECT_EQ(ResolveInRoot(root, "/abs/data"), root / "real/data");
    EXPECT_EQ(ResolveInRoot(root, "/up"), root / "etc");
    EXPECT_EQ(ResolveInRoot(root, "/rel/../data"), root / "real/data");
    EXPECT_EQ(ResolveInRoot(root, "/../../missing/x"), root / "missing/x");
    EXPECT_THROW(ResolveInRoot(root, "/loop"), Error);
}

TEST(CopyTreeTest, CopiesFilesLinksOwnersModesTimesAndXattrs) {
    engine::testing::TempDir dir;
    const fs::path source = dir.path() / "source";
    const fs::path target = dir.path() / "target";
    fs::create_directories(source / "sub/deeper");
    fs::create_directory(target);
    WriteText(source / "file", "content");
    WriteText(source / "sub/deeper/inner", "inner");
    fs::create_symlink("/etc/passwd", source / "link");  // must be copied, not followed
    fs::create_hard_link(source / "file", source / "hard");
    ASSERT_EQ(::mkfifo((source / "fifo").c_str(), 0640), 0);
    ASSERT_EQ(::chmod((source / "file").c_str(), 04751), 0);
    ASSERT_EQ(::chmod(source.c_str(), 0750), 0);
    ASSERT_EQ(::lchown((source / "sub").c_str(), 1234, 5678), 0);
    ASSERT_EQ(::lchown((source / "link").c_str(), 42, 43), 0);
    const bool has_xattr = ::setxattr((source / "file").c_str(), "user.berth", "yes", 3, 0) == 0;
    const timespec times[2] = {{1000000, 0}, {2000000, 500}};
    ASSERT_EQ(::utimensat(AT_FDCWD, (source / "sub/deeper").c_str(), times, AT_SYMLINK_NOFOLLOW), 0);

    CopyTree(source, target);

    EXPECT_EQ(ReadText(target / "file"), "content");
    EXPECT_EQ(ReadText(target / "sub/deeper/inner"), "inner");
    EXPECT_EQ(fs::read_symlink(target / "link"), "/etc/passwd");
    EXPECT_EQ(Lstat(target / "link").st_uid, 42u);
    EXPECT_EQ(ReadText(target / "hard"), "content");
    EXPECT_NE(Lstat(target / "hard").st_ino, Lstat(target / "file").st_ino);
    EXPECT_TRUE(S_ISFIFO(Lstat(target / "fifo").st_mode));
    EXPECT_EQ(Lstat(target / "fifo").st_mode & 07777, 0640u);
    EXPECT_EQ(Lstat(target / "file").st_mode & 07777, 04751u);
    EXPECT_EQ(Lstat(target).st_mode & 07777, 0750u);  // the volume root takes the source's
    EXPECT_EQ(Lstat(target / "sub").st_uid, 1234u);
    EXPECT_EQ(Lstat(target / "sub").st_gid, 5678u);
    EXPECT_EQ(Lstat(target / "sub/deeper").st_mtim.tv_sec, 2000000);
    EXPECT_EQ(Lstat(target / "sub/deeper").st_mtim.tv_nsec, 500);
    if (has_xattr) {
        char value[8] = {};
        EXPECT_EQ(::getxattr((target / "file").c_str(), "user.berth", value, sizeof(value)), 3);
        EXPECT_STREQ(value, "yes");
    }
}

TEST(DirectorySizeTest, CountsHardLinksOnce) {
    engine::testing::TempDir dir;
    fs::create_directories(dir.path() / "a/b");
    WriteText(dir.path() / "a/one", std::string(100, 'x'));
    WriteText(dir.path() / "a/b/two", std::string(20, 'y'));
    fs::create_hard_link(dir.path() / "a/one", dir.path() / "a/b/again");
    fs::create_symlink("one", dir.path() / "a/sym");  // counted by its own size, as moby's
    EXPECT_EQ(DirectorySize(dir.path() / "a"), 100 + 20 + 3);
}

}  // namespace
}  // namespace engine::volume
