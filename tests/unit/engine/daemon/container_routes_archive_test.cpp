#include "engine/daemon/container_routes_archive.hpp"

#include <fstream>
#include <sstream>

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include "engine/base/error.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"
#include "tests/unit/engine/image/tar_builder.hpp"

namespace engine::daemon {
namespace {

namespace fs = std::filesystem;
using image::tar_builder::TarEntry;

void WriteFile(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << content;
}

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// "name type [size|target]" per entry of a tar held in memory.
std::vector<std::string> ListTar(const std::string& tar) {
    archive* reader = archive_read_new();
    archive_read_support_format_tar(reader);
    EXPECT_EQ(archive_read_open_memory(reader, tar.data(), tar.size()), ARCHIVE_OK);
    std::vector<std::string> entries;
    archive_entry* entry = nullptr;
    while (archive_read_next_header(reader, &entry) == ARCHIVE_OK) {
        std::string line = archive_entry_pathname(entry);
        if (const char* link = archive_entry_hardlink(entry)) {
            line += " hardlink " + std::string(link);
        } else if (archive_entry_filetype(entry) == AE_IFLNK) {
            line += " -> " + std::string(archive_entry_symlink(entry));
        } else if (archive_entry_filetype(entry) == AE_IFREG) {
            line += " " + std::to_string(archive_entry_size(entry));
        }
        entries.push_back(line);
    }
    archive_read_free(reader);
    return entries;
}

std::string TarOf(const fs::path& directory, const TarTreeOptions& options) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    const sys::UniqueFd owned(fd);
    std::string tar;
    WriteTreeTar(fd, options, [&tar](std::string_view bytes) { tar.append(bytes); });
    return tar;
}

TEST(ContainerArchiveTest, PathsAsGoCleansThem) {
    EXPECT_EQ(GoBase(""), ".");
    EXPECT_EQ(GoBase("/"), "/");
    EXPECT_EQ(GoBase("/tmp/"), "tmp");
    EXPECT_EQ(GoBase("/tmp/."), ".");
    EXPECT_EQ(GoBase("a/b"), "b");
    EXPECT_EQ(AbsoluteContainerPath("tmp"), "/tmp");
    EXPECT_EQ(AbsoluteContainerPath("/tmp/"), "/tmp/");
    EXPECT_EQ(AbsoluteContainerPath("/tmp/."), "/tmp/.");
    EXPECT_EQ(AbsoluteContainerPath("/a//b/../c"), "/a/c");
    EXPECT_EQ(AbsoluteContainerPath("../../etc/passwd"), "/etc/passwd");
    EXPECT_EQ(AbsoluteContainerPath("/"), "/");
    EXPECT_EQ(AbsoluteContainerPath("."), "/.");
}

TEST(ContainerArchiveTest, FileModesInGoBits) {
    EXPECT_EQ(GoFileMode(S_IFREG | 0644), 0644u);
    EXPECT_EQ(GoFileMode(S_IFDIR | 0755), (1u << 31) | 0755u);
    EXPECT_EQ(GoFileMode(S_IFLNK | 0777), (1u << 27) | 0777u);
    EXPECT_EQ(GoFileMode(S_IFCHR | 0666), (1u << 26) | (1u << 21) | 0666u);
    EXPECT_EQ(GoFileMode(S_IFREG | S_ISUID | 0755), (1u << 23) | 0755u);
    EXPECT_EQ(GoFileMode(S_IFDIR | S_ISVTX | 0777), (1u << 31) | (1u << 20) | 0777u);
}

TEST(ContainerArchiveTest, StatHeaderIsBase64OfMobysJson) {
    const PathStat stat{
        .name = "passwd", .size = 5, .mode = 0644, .mtime_nanos = 1'700'000'000'000'000'000, .link_target = ""};
    const std::string json = PathStatJson(stat);
    EXPECT_EQ(json, R"({"name":"passwd","size":5,"mode":420,"mtime":"2023-11-14T22:13:20Z","linkTarget":""})");
    const std::string header = PathStatHeader(stat);
    std::string decoded(header.size(), '\0');
    const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                                       reinterpret_cast<const unsigned char*>(header.data()),
                                       static_cast<int>(header.size()));
    ASSERT_GT(length, 0);
    decoded.resize(static_cast<std::size_t>(length));
    // EVP_DecodeBlock keeps the padding's zero bytes.
    EXPECT_EQ(decoded.substr(0, json.size()), json);
}

TEST(ContainerArchiveTest, EntryNamesAsMobysRebase) {
    const TarTreeOptions directory{.include = ".", .include_source_dir = true, .rebase = "etc"};
    EXPECT_EQ(TarEntryName(".", directory), "etc");
    EXPECT_EQ(TarEntryName("passwd", directory), "etc/passwd");
    const TarTreeOptions contents{.include = ".", .include_source_dir = true, .rebase = "."};
    EXPECT_EQ(TarEntryName("passwd", contents), "./passwd");
    const TarTreeOptions file{.include = "passwd", .include_source_dir = true, .rebase = "passwd"};
    EXPECT_EQ(TarEntryName("passwd", file), "passwd");
    const TarTreeOptions root{.include = ".", .include_source_dir = true, .rebase = "/"};
    EXPECT_EQ(TarEntryName(".", root), "");
    EXPECT_EQ(TarEntryName("bin", root), "/bin");
    EXPECT_EQ(TarEntryName("bin/sh", TarTreeOptions{}), "bin/sh");
}

TEST(ContainerArchiveTest, TreeTarHoldsEveryKindOfEntry) {
    engine::testing::TempDir dir;
    const fs::path root = dir.path() / "root";
    WriteFile(root / "etc/passwd", "root\n");
    fs::create_symlink("/etc/passwd", root / "link");
    fs::create_hard_link(root / "etc/passwd", root / "etc/passwd2");
    fs::create_directories(root / "empty");
    EXPECT_EQ(ListTar(TarOf(root, TarTreeOptions{})),
              (std::vector<std::string>{
                  "empty/", "etc/", "etc/passwd 5", "etc/passwd2 hardlink etc/passwd", "link -> /etc/passwd"}));
    EXPECT_EQ(ListTar(TarOf(root / "etc", {.include = ".", .include_source_dir = true, .rebase = "etc"})),
              (std::vector<std::string>{"etc/", "etc/passwd 5", "etc/passwd2 hardlink etc/passwd"}));
    EXPECT_EQ(ListTar(TarOf(root / "etc", {.include = "passwd", .include_source_dir = true, .rebase = "passwd"})),
              (std::vector<std::string>{"passwd 5"}));
}

TEST(ContainerArchiveTest, OpenInRootKeepsLinksInside) {
    engine::testing::TempDir dir;
    const fs::path root = dir.path() / "root";
    WriteFile(root / "etc/hostname", "inside\n");
    fs::create_symlink("/etc", root / "abs");
    fs::create_symlink("../../../../../../etc", root / "climb");
    for (const char* path : {"/abs/hostname", "/climb/hostname", "/../etc/hostname"}) {
        const sys::UniqueFd fd = OpenInRoot(root, path, O_RDONLY);
        EXPECT_EQ(FdPath(fd.get()), fs::canonical(root / "etc/hostname")) << path;
    }
    try {
        OpenInRoot(root, "/missing/x", O_RDONLY);
        FAIL() << "a missing path opened";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kNotFound);
    }
}

TEST(ContainerArchiveTest, ExtractMergesDirectoriesAndReplacesFiles) {
    engine::testing::TempDir dir;
    const fs::path target = dir.path() / "target";
    WriteFile(target / "d/old", "old\n");
    WriteFile(target / "f", "before\n");
    const fs::path tar = dir.path() / "in.tar";
    image::tar_builder::WriteTar(tar,
                                 {TarEntry{.name = "./", .type = 'd', .content = "", .mode = 0755},
                                  TarEntry{.name = "d/", .type = 'd', .content = "", .mode = 0700},
                                  TarEntry{.name = "d/new", .content = "new\n"},
                                  TarEntry{.name = "f", .content = "after\n"},
                                  TarEntry{.name = "deep/er/file", .content = "x"},
                                  TarEntry{.name = "ln", .type = 'l', .content = "/etc/passwd"},
                                  TarEntry{.name = "hard", .type = 'h', .content = "f"}});
    ExtractTarInto(tar, target, "/target", false);
    EXPECT_EQ(ReadFile(target / "d/old"), "old\n");
    EXPECT_EQ(ReadFile(target / "d/new"), "new\n");
    EXPECT_EQ(ReadFile(target / "f"), "after\n");
    EXPECT_EQ(ReadFile(target / "deep/er/file"), "x");
    EXPECT_EQ(fs::read_symlink(target / "ln"), "/etc/passwd");
    EXPECT_EQ(fs::hard_link_count(target / "f"), 2u);
    EXPECT_EQ(fs::status(target / "d").permissions(), fs::perms::owner_all);
}

TEST(ContainerArchiveTest, ExtractRefusesEscapesAndLinkedParents) {
    engine::testing::TempDir dir;
    const fs::path target = dir.path() / "target";
    const fs::path outside = dir.path() / "outside";
    fs::create_directories(target);
    fs::create_directories(outside);
    const fs::path climb = dir.path() / "climb.tar";
    image::tar_builder::WriteTar(climb, {TarEntry{.name = "../outside/x", .content = "x"}});
    EXPECT_THROW(ExtractTarInto(climb, target, "/target", false), Error);
    const fs::path through = dir.path() / "through.tar";
    image::tar_builder::WriteTar(
        through,
        {TarEntry{.name = "ln", .type = 'l', .content = outside.string()}, TarEntry{.name = "ln/x", .content = "x"}});
    EXPECT_THROW(ExtractTarInto(through, target, "/target", false), Error);
    const fs::path hard = dir.path() / "hard.tar";
    WriteFile(outside / "secret", "s");
    image::tar_builder::WriteTar(hard, {TarEntry{.name = "h", .type = 'h', .content = "ln/secret"}});
    EXPECT_THROW(ExtractTarInto(hard, target, "/target", false), Error);
    EXPECT_FALSE(fs::exists(outside / "x"));
    EXPECT_FALSE(fs::exists(target / "h"));
}

TEST(ContainerArchiveTest, NoOverwriteDirNonDirRefusesTypeChanges) {
    engine::testing::TempDir dir;
    const fs::path target = dir.path() / "target";
    fs::create_directories(target / "d");
    const fs::path tar = dir.path() / "in.tar";
    image::tar_builder::WriteTar(tar, {TarEntry{.name = "d", .content = "file now"}});
    try {
        ExtractTarInto(tar, target, "/target", true);
        FAIL() << "a directory was replaced by a file";
    } catch (const Error& error) {
        EXPECT_STREQ(error.what(), "cannot overwrite directory \"/target/d\" with non-directory \"/target\"");
    }
    ExtractTarInto(tar, target, "/target", false);
    EXPECT_EQ(ReadFile(target / "d"), "file now");
}

}  // namespace
}  // namespace engine::daemon
