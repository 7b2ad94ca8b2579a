#include "engine/image/archive_content.hpp"

#include <cerrno>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/base/syscall.hpp"
#include "engine/image/archive_extract.hpp"
#include "engine/image/reference.hpp"

namespace engine::image {
namespace {

/// JSON documents of an archive are small (moby's biggest are configs with long histories);
/// the bound keeps a hostile "config" from being read into memory whole.
constexpr std::int64_t kMaxJsonFileBytes = std::int64_t{16} << 20;
constexpr std::size_t kHashBlockBytes = std::size_t{1} << 20;

/// A read-only descriptor closed on scope exit (nothing is written through it).
class ReadFd final {
  public:
    explicit ReadFd(const std::filesystem::path& path)
        : fd_(CheckSyscall(::open(path.c_str(), O_RDONLY | O_CLOEXEC), "open " + path.string())) {}
    ReadFd(const ReadFd&) = delete;
    ReadFd& operator=(const ReadFd&) = delete;
    ~ReadFd() { ::close(fd_); }
    int get() const { return fd_; }

  private:
    int fd_;
};

/// Size of the regular file open as `fd`; throws when it is something else (a directory).
std::int64_t RegularFileSize(int fd, const std::filesystem::path& path) {
    struct stat info {};
    CheckSyscall(::fstat(fd, &info), "stat " + path.string());
    if (!S_ISREG(info.st_mode)) {
        throw Error(Errc::kInvalidArgument, "not a regular file");
    }
    return info.st_size;
}

/// Calls `consume` with successive blocks of the file until its end.
template <typename Consume>
void ReadBlocks(int fd, const std::filesystem::path& path, Consume&& consume) {
    std::vector<char> buffer(kHashBlockBytes);
    for (;;) {
        const ssize_t got = ::read(fd, buffer.data(), buffer.size());
        if (got == -1) {
            const int saved_errno = errno;
            if (saved_errno == EINTR) {
                continue;
            }
            ThrowErrno("read " + path.string(), saved_errno);
        }
        if (got == 0) {
            return;
        }
        consume(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
    }
}

}  // namespace

std::string ReadArchiveFile(const std::filesystem::path& root, std::string_view name) {
    const std::filesystem::path path = ResolveArchivePath(root, name);
    const ReadFd fd(path);
    const std::int64_t size = RegularFileSize(fd.get(), path);
    if (size > kMaxJsonFileBytes) {
        throw Error(Errc::kInvalidArgument,
                    "too large for a JSON document (" + std::to_string(size) + " bytes, at most " +
                        std::to_string(kMaxJsonFileBytes) + ")");
    }
    std::string content;
    content.reserve(static_cast<std::size_t>(size));
    ReadBlocks(fd.get(), path, [&content](std::string_view block) { content.append(block); });
    return content;
}

nlohmann::json ParseArchiveJson(std::string_view text) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& error) {
        throw Error(Errc::kInvalidArgument, std::string("invalid JSON: ") + error.what());
    }
}

void CheckConfigLayerCount(std::string_view config_json, std::size_t layer_count) {
    const nlohmann::json config = ParseArchiveJson(config_json);
    const auto rootfs = config.is_object() ? config.find("rootfs") : config.end();
    if (!config.is_object() || rootfs == config.end() || !rootfs->is_object() || !rootfs->contains("diff_ids") ||
        !(*rootfs)["diff_ids"].is_array()) {
        throw Error(Errc::kInvalidArgument, "not an image config: rootfs.diff_ids is missing");
    }
    const std::size_t diff_ids = (*rootfs)["diff_ids"].size();
    if (diff_ids != layer_count) {
        throw Error(Errc::kInvalidArgument,
                    "layer count mismatch: the config lists " + std::to_string(diff_ids) + " rootfs.diff_ids, the " +
                        "archive " + std::to_string(layer_count) + " layers");
    }
}

void CheckBytesDigest(std::string_view bytes, const Digest& expected) {
    const Digest actual = Sha256Of(bytes);
    if (actual != expected) {
        throw Error(Errc::kInvalidArgument, "blob digest mismatch: got " + actual.String());
    }
}

void CheckFileDigest(const std::filesystem::path& path, const Digest& expected, std::int64_t expected_size) {
    const ReadFd fd(path);
    const std::int64_t size = RegularFileSize(fd.get(), path);
    if (expected_size >= 0 && size != expected_size) {
        throw Error(Errc::kInvalidArgument,
                    "blob size mismatch: " + std::to_string(size) + " bytes, the descriptor says " +
                        std::to_string(expected_size));
    }
    Sha256 hasher;
    ReadBlocks(fd.get(), path, [&hasher](std::string_view block) { hasher.Update(block); });
    const Digest actual = hasher.Finish();
    if (actual != expected) {
        throw Error(Errc::kInvalidArgument, "blob digest mismatch: got " + actual.String());
    }
}

std::string FamiliarTag(std::string_view text) {
    const Reference reference = ParseReference(text);
    if (reference.tag.empty() || !reference.digest.empty()) {
        throw Error(Errc::kInvalidArgument, "invalid tag \"" + std::string(text) + "\": expected name:tag");
    }
    return reference.Familiar();
}

}  // namespace engine::image
