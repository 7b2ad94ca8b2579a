#include "engine/daemon/container_routes_changes.hpp"

#include <fstream>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>

#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::daemon {
namespace {

namespace fs = std::filesystem;

void WriteFile(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << content;
}

// Gives `copy` the metadata of `original`, as overlayfs copy-up does.
void CopyMetadata(const fs::path& original, const fs::path& copy) {
    struct stat info {};
    ASSERT_EQ(::stat(original.c_str(), &info), 0);
    ASSERT_EQ(::chmod(copy.c_str(), info.st_mode & 07777), 0);
    const struct timespec times[2] = {info.st_atim, info.st_mtim};
    ASSERT_EQ(::utimensat(AT_FDCWD, copy.c_str(), times, 0), 0);
}

std::string Render(const std::vector<ContainerChange>& changes) {
    std::string text;
    for (const ContainerChange& change : changes) {
        text += "CAD"[static_cast<int>(change.kind)];
        text += " " + change.path + "\n";
    }
    return text;
}

class ContainerChangesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        fs::create_directories(lower_ / "etc");
        fs::create_directories(lower_ / "bin");
        WriteFile(lower_ / "etc/passwd", "root\n");
        WriteFile(lower_ / "etc/hosts", "localhost\n");
        fs::create_directories(upper_);
    }

    // The lower directory as an untouched copy-up: same mode and times, so not itself a change.
    void CopyUp(const std::string& directory) {
        fs::create_directories(upper_ / directory);
        CopyMetadata(lower_ / directory, upper_ / directory);
    }

    std::vector<ContainerChange> Changes() {
        const std::vector<fs::path> lowers = {lower_};
        return ComputeChanges(upper_, lowers);
    }

    engine::testing::TempDir dir_;
    fs::path lower_ = dir_.path() / "lower";
    fs::path upper_ = dir_.path() / "upper";
};

TEST_F(ContainerChangesTest, NothingChangedIsEmptyAndNull) {
    EXPECT_TRUE(Changes().empty());
    EXPECT_TRUE(ChangesJson({}).is_null());
}

TEST_F(ContainerChangesTest, ModifiedAndAddedFilesWithTheirParents) {
    CopyUp("etc");
    WriteFile(upper_ / "etc/passwd", "root\nweb\n");
    WriteFile(upper_ / "etc/new.conf", "x\n");
    CopyMetadata(lower_ / "etc", upper_ / "etc");  // the write above touched its mtime
    WriteFile(upper_ / "tmp/a/b", "x\n");
    EXPECT_EQ(Render(Changes()),
              "C /etc\n"
              "A /etc/new.conf\n"
              "C /etc/passwd\n"
              "A /tmp\n"
              "A /tmp/a\n"
              "A /tmp/a/b\n");
}

TEST_F(ContainerChangesTest, DirectoryWithNewMtimeIsModified) {
    CopyUp("bin");
    WriteFile(upper_ / "bin/tool", "#!/bin/sh\n");  // bumps the mtime of the copy
    EXPECT_EQ(Render(Changes()), "C /bin\nA /bin/tool\n");
}

TEST_F(ContainerChangesTest, WhiteoutsAreDeletions) {
    CopyUp("etc");
    if (::mknod((upper_ / "etc/hosts").c_str(), S_IFCHR | 0, makedev(0, 0)) != 0) {
        GTEST_SKIP() << "creating a whiteout (character device 0/0) needs CAP_MKNOD";
    }
    CopyMetadata(lower_ / "etc", upper_ / "etc");
    EXPECT_EQ(Render(Changes()), "C /etc\nD /etc/hosts\n");
    EXPECT_EQ(ChangesJson(Changes()).dump(), R"([{"Kind":0,"Path":"/etc"},{"Kind":2,"Path":"/etc/hosts"}])");
}

TEST_F(ContainerChangesTest, OpaqueDirectoryThatWasBelowIsDeleted) {
    fs::create_directories(upper_ / "etc");
    if (::lsetxattr((upper_ / "etc").c_str(), "user.overlay.opaque", "y", 1, 0) != 0) {
        GTEST_SKIP() << "this file system takes no user.* extended attributes";
    }
    WriteFile(upper_ / "etc/only", "x\n");
    EXPECT_EQ(Render(Changes()), "D /etc\nA /etc/only\n");
}

}  // namespace
}  // namespace engine::daemon
