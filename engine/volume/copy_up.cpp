#include "engine/volume/copy_up.hpp"

#include <array>
#include <cerrno>
#include <deque>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"

namespace engine::volume {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxSymlinks = 40;  // Linux's own limit (MAXSYMLINKS)

class UniqueFd final {
  public:
    explicit UniqueFd(int fd) : fd_(fd) {}
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    int get() const { return fd_; }

  private:
    int fd_;
};

struct stat Lstat(const fs::path& path) {
    struct stat info {};
    CheckSyscall(::lstat(path.c_str(), &info), "stat " + path.string());
    return info;
}

std::string ReadLink(const fs::path& path) {
    std::string target(PATH_MAX, '\0');
    const ssize_t length =
        CheckSyscall(::readlink(path.c_str(), target.data(), target.size()), "readlink " + path.string());
    target.resize(static_cast<std::size_t>(length));
    return target;
}

void PushComponentsFront(const fs::path& path, std::deque<std::string>* pending) {
    std::vector<std::string> parts;
    for (const fs::path& part : path.relative_path()) {
        parts.push_back(part.string());
    }
    pending->insert(pending->begin(), parts.begin(), parts.end());
}

void CopyFileContent(const fs::path& source, const fs::path& destination) {
    const UniqueFd in(
        CheckSyscall(::open(source.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC), "open " + source.string()));
    const UniqueFd out(
        CheckSyscall(::open(destination.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600),
                     "create " + destination.string()));
    std::array<char, 128 * 1024> buffer{};
    while (true) {
        const ssize_t got = CheckSyscall(::read(in.get(), buffer.data(), buffer.size()), "read " + source.string());
        if (got == 0) {
            return;
        }
        for (ssize_t written = 0; written < got;) {
            written +=
                CheckSyscall(::write(out.get(), buffer.data() + written, static_cast<std::size_t>(got - written)),
                             "write " + destination.string());
        }
    }
}

// Best effort, as "if simple" allows: a destination filesystem may refuse some namespaces
// (user.* on symlinks, security.* without the module), which must not fail the copy.
void CopyXattrs(const fs::path& source, const fs::path& destination) {
    const ssize_t size = ::llistxattr(source.c_str(), nullptr, 0);
    if (size <= 0) {
        return;
    }
    std::string names(static_cast<std::size_t>(size), '\0');
    const ssize_t got = ::llistxattr(source.c_str(), names.data(), names.size());
    if (got <= 0) {
        return;
    }
    names.resize(static_cast<std::size_t>(got));
    for (std::size_t start = 0; start < names.size();) {
        const std::string name = names.c_str() + start;
        start += name.size() + 1;
        const ssize_t value_size = ::lgetxattr(source.c_str(), name.c_str(), nullptr, 0);
        if (value_size < 0) {
            continue;
        }
        std::string value(static_cast<std::size_t>(value_size), '\0');
        const ssize_t value_got = ::lgetxattr(source.c_str(), name.c_str(), value.data(), value.size());
        if (value_got >= 0) {
            ::lsetxattr(destination.c_str(), name.c_str(), value.data(), static_cast<std::size_t>(value_got), 0);
        }
    }
}

// Owner before mode: chown clears the set-id bits that chmod then puts back.
void ApplyMetadata(const fs::path& destination, const struct stat& info) {
    CheckSyscall(::lchown(destination.c_str(), info.st_uid, info.st_gid), "chown " + destination.string());
    if (!S_ISLNK(info.st_mode)) {
        CheckSyscall(::chmod(destination.c_str(), info.st_mode & 07777), "chmod " + destination.string());
    }
    const std::array<timespec, 2> times = {info.st_atim, info.st_mtim};
    CheckSyscall(::utimensat(AT_FDCWD, destination.c_str(), times.data(), AT_SYMLINK_NOFOLLOW),
                 "set times of " + destination.string());
}

void CopyEntry(const fs::path& source, const fs::path& destination, const struct stat& info);

void CopyChildren(const fs::path& source, const fs::path& destination) {
    for (const fs::directory_entry& entry : fs::directory_iterator(source)) {
        CopyEntry(entry.path(), destination / entry.path().filename(), Lstat(entry.path()));
    }
}

void CopyEntry(const fs::path& source, const fs::path& destination, const struct stat& info) {
    if (S_ISDIR(info.st_mode)) {
        CheckSyscall(::mkdir(destination.c_str(), 0700), "create directory " + destination.string());
        CopyChildren(source, destination);
    } else if (S_ISREG(info.st_mode)) {
        CopyFileContent(source, destination);
    } else if (S_ISLNK(info.st_mode)) {
        CheckSyscall(::symlink(ReadLink(source).c_str(), destination.c_str()),
                     "create symlink " + destination.string());
    } else if (S_ISCHR(info.st_mode) || S_ISBLK(info.st_mode) || S_ISFIFO(info.st_mode)) {
        CheckSyscall(::mknod(destination.c_str(), info.st_mode, info.st_rdev), "create node " + destination.string());
    } else {
        return;  // sockets belong to a process that is not running here
    }
    CopyXattrs(source, destination);
    ApplyMetadata(destination, info);
}

std::int64_t SizeUnder(const fs::path& directory, dev_t device, std::set<std::pair<dev_t, ino_t>>* seen) {
    std::int64_t total = 0;
    for (const fs::directory_entry& entry : fs::directory_iterator(directory)) {
        const struct stat info = Lstat(entry.path());
        if (S_ISDIR(info.st_mode)) {
            if (info.st_dev == device) {
                total += SizeUnder(entry.path(), device, seen);
            }
        } else if (seen->insert({info.st_dev, info.st_ino}).second) {
            total += info.st_size;
        }
    }
    return total;
}

}  // namespace

fs::path ResolveInRoot(const fs::path& root, const fs::path& unsafe_path) {
    std::deque<std::string> pending;
    PushComponentsFront(unsafe_path, &pending);
    std::vector<std::string> resolved;
    int links = 0;
    while (!pending.empty()) {
        const std::string part = std::move(pending.front());
        pending.pop_front();
        if (part.empty() || part == ".") {
            continue;
        }
        if (part == "..") {
            if (!resolved.empty()) {
                resolved.pop_back();
            }
            continue;
        }
        fs::path candidate = root;
        for (const std::string& done : resolved) {
            candidate /= done;
        }
        candidate /= part;
        struct stat info {};
        if (::lstat(candidate.c_str(), &info) == -1 || !S_ISLNK(info.st_mode)) {
            resolved.push_back(part);  // missing or not a link: taken literally
            continue;
        }
        if (++links > kMaxSymlinks) {
            throw Error(
                Errc::kInvalidArgument,
                "resolve " + unsafe_path.string() + " in " + root.string() + ": too many levels of symbolic links");
        }
        const fs::path target = ReadLink(candidate);
        if (target.is_absolute()) {
            resolved.clear();
        }
        PushComponentsFront(target, &pending);
    }
    fs::path result = root;
    for (const std::string& part : resolved) {
        result /= part;
    }
    return result;
}

void CopyTree(const fs::path& source, const fs::path& destination) {
    const struct stat info = Lstat(source);
    if (!S_ISDIR(info.st_mode)) {
        throw Error(Errc::kInvalidArgument, "copy " + source.string() + ": not a directory");
    }
    CopyChildren(source, destination);
    CopyXattrs(source, destination);
    ApplyMetadata(destination, info);
}

void CopyMetadata(const fs::path& source, const fs::path& destination) {
    CopyXattrs(source, destination);
    ApplyMetadata(destination, Lstat(source));
}

std::int64_t DirectorySize(const fs::path& directory) {
    std::set<std::pair<dev_t, ino_t>> seen;
    return SizeUnder(directory, Lstat(directory).st_dev, &seen);
}

}  // namespace engine::volume
