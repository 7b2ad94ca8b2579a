#include "engine/image/archive_extract.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"
#include "tests/unit/engine/image/archive_test_tar.hpp"

namespace engine::image {
namespace {

using testing::Compression;
using testing::Directory;
using testing::File;
using testing::HardLink;
using testing::Symlink;
using testing::TarEntry;

/// A temp dir with the archive at "in.tar" and the destination "out/", so escapes land in
/// the temp dir where the test can look for them.
class ArchiveExtract : public ::testing::Test {
  protected:
    ArchiveExtract() { std::filesystem::create_directory(Out()); }

    std::filesystem::path Out() const { return dir_.path() / "out"; }

    void Extract(const std::vector<TarEntry>& entries,
                 Compression compression = Compression::kNone,
                 const ExtractLimits& limits = {}) {
        testing::WriteTar(dir_.path() / "in.tar", entries, compression);
        ExtractArchive(dir_.path() / "in.tar", Out(), limits);
    }

    /// The message of the Error(kInvalidArgument) extracting `entries` throws.
    std::string ExtractError(const std::vector<TarEntry>& entries, const ExtractLimits& limits = {}) {
        try {
            Extract(entries, Compression::kNone, limits);
        } catch (const Error& error) {
            EXPECT_EQ(error.code(), Errc::kInvalidArgument) << error.what();
            return error.what();
        }
        ADD_FAILURE() << "no error";
        return "";
    }

    engine::testing::TempDir dir_;
};

TEST_F(ArchiveExtract, WritesFilesDirectoriesAndLinksWithFixedModes) {
    Extract({Directory("./"),
             Directory("a/"),
             File("a/b.txt", "bee"),
             File("deep/er/c.txt", "sea"),
             Symlink("link", "a/b.txt"),
             HardLink("hard", "a/b.txt"),
             File("./a/b.txt", "replaced")});
    EXPECT_EQ(ReadFile(Out() / "a/b.txt"), "replaced");
    EXPECT_EQ(ReadFile(Out() / "deep/er/c.txt"), "sea");
    EXPECT_EQ(std::filesystem::read_symlink(Out() / "link"), "a/b.txt");
    EXPECT_EQ(ReadFile(Out() / "hard"), "bee");  // linked to the first a/b.txt, then replaced
    struct stat info {};
    ASSERT_EQ(::stat((Out() / "deep/er/c.txt").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0644u);
    ASSERT_EQ(::stat((Out() / "deep").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0755u);
}

TEST_F(ArchiveExtract, AcceptsCompressedArchives) {
    Extract({File("gz.txt", "gzip")}, Compression::kGzip);
    Extract({File("zst.txt", "zstd")}, Compression::kZstd);
    EXPECT_EQ(ReadFile(Out() / "gz.txt"), "gzip");
    EXPECT_EQ(ReadFile(Out() / "zst.txt"), "zstd");
}

TEST_F(ArchiveExtract, ReadsFromADescriptor) {
    testing::WriteTar(dir_.path() / "in.tar", {File("x", "from fd")});
    FILE* file = std::fopen((dir_.path() / "in.tar").c_str(), "rb");
    ASSERT_NE(file, nullptr);
    ExtractArchive(fileno(file), Out());
    std::fclose(file);
    EXPECT_EQ(ReadFile(Out() / "x"), "from fd");
}

TEST_F(ArchiveExtract, RefusesNamesThatLeaveTheDestination) {
    EXPECT_EQ(ExtractError({File("/etc/evil", "x")}),
              "entry \"/etc/evil\": absolute names are not allowed in an image archive");
    EXPECT_EQ(ExtractError({File("a/../../evil", "x")}),
              "entry \"a/../../evil\": the name leaves the archive (\"..\")");
    EXPECT_EQ(ExtractError({HardLink("h", "../evil")}),
              "entry \"h\": hard link to \"../evil\": the name leaves the archive (\"..\")");
    EXPECT_FALSE(std::filesystem::exists(dir_.path() / "evil"));
    EXPECT_FALSE(std::filesystem::exists("/etc/evil"));
}

TEST_F(ArchiveExtract, RefusesLinksOutAndWritingThroughLinks) {
    EXPECT_EQ(ExtractError({Symlink("abs", "/etc")}),
              "entry \"abs\": symbolic link to \"/etc\" is not relative to the archive");
    EXPECT_EQ(ExtractError({Symlink("sub/up", "../../x")}),
              "entry \"sub/up\": symbolic link to \"../../x\" leaves the archive");
    // A link inside the root is fine, but nothing may be written through it, even into the root.
    EXPECT_EQ(ExtractError({Directory("d/"), Symlink("l", "d"), File("l/evil", "x")}),
              "entry \"l/evil\": parent \"l\" is not a directory (links cannot be parents)");
    EXPECT_FALSE(std::filesystem::exists(Out() / "d/evil"));
}

TEST_F(ArchiveExtract, RefusesDevicesAndFifos) {
    EXPECT_EQ(ExtractError({{"fifo", "", TarEntry::Kind::kFifo, ""}}),
              "entry \"fifo\": only files, directories and links are allowed in an image archive");
}

TEST_F(ArchiveExtract, EnforcesLimits) {
    EXPECT_EQ(
        ExtractError({File("a", "1"), File("b", "2"), File("c", "3")}, {.max_total_bytes = 100, .max_entries = 2}),
        "entry \"c\": more than 2 entries");
    EXPECT_EQ(ExtractError({File("a", "123"), File("b", "456")}, {.max_total_bytes = 5, .max_entries = 10}),
              "entry \"b\": the archive holds more than 5 bytes of files");
}

TEST_F(ArchiveExtract, RefusesCorruptInput) {
    for (const std::string& junk : {std::string(2048, 'x'), std::string()}) {
        WriteFileAtomically(dir_.path() / "junk", junk);
        try {
            ExtractArchive(dir_.path() / "junk", Out());
            FAIL() << "no error";
        } catch (const Error& error) {
            EXPECT_EQ(error.code(), Errc::kInvalidArgument);
            EXPECT_EQ(std::string(error.what()),
                      "not a tar archive (plain, gzip, bzip2, xz or zstd): Unrecognized archive format");
        }
    }
    const std::string tar = testing::MakeTar({File("big", std::string(4096, 'b'))});
    WriteFileAtomically(dir_.path() / "cut.tar", tar.substr(0, 2048));
    try {
        ExtractArchive(dir_.path() / "cut.tar", Out());
        FAIL() << "no error";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        EXPECT_EQ(std::string(error.what()).rfind("entry \"big\": ", 0), 0u) << error.what();
    }
}

TEST_F(ArchiveExtract, MissingArchiveIsNotFound) {
    try {
        ExtractArchive(dir_.path() / "none.tar", Out());
        FAIL() << "no error";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kNotFound);
        EXPECT_EQ(std::string(error.what()),
                  "open " + (dir_.path() / "none.tar").string() + ": No such file or directory");
    }
}

TEST_F(ArchiveExtract, ResolveFollowsLinksInsideOnly) {
    Extract({File("a/layer.tar", "layer"),
             Symlink("b/layer.tar", "../a/layer.tar"),
             Symlink("self", "."),
             // Each link is lexically inside, but together they climb out of the root.
             Symlink("climb", "self/self/../x")});
    EXPECT_EQ(ResolveArchivePath(Out(), "b/layer.tar"), Out() / "a/layer.tar");
    EXPECT_EQ(ResolveArchivePath(Out(), "./self/a/layer.tar"), Out() / "a/layer.tar");
    auto error_of = [&](std::string_view name) {
        try {
            ResolveArchivePath(Out(), name);
        } catch (const Error& error) {
            return std::to_string(static_cast<int>(error.code())) + " " + error.what();
        }
        return std::string("no error");
    };
    EXPECT_EQ(error_of("climb"), "3 a symbolic link on the way leaves the archive");
    EXPECT_EQ(error_of("a/missing.tar"), "1 not found in the archive");
    EXPECT_EQ(error_of("a/layer.tar/x"), "1 not found in the archive");
    EXPECT_EQ(error_of("/etc/passwd"), "3 absolute names are not allowed in an image archive");
    EXPECT_EQ(error_of("../out/a/layer.tar"), "3 the name leaves the archive (\"..\")");
}

}  // namespace
}  // namespace engine::image
