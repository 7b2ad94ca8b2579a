#include "engine/image/content_store.hpp"

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/base/id.hpp"
#include "engine/base/syscall.hpp"

namespace engine::image {
namespace {

namespace fs = std::filesystem;

Error BlobNotFound(const Digest& digest) {
    return Error(Errc::kNotFound, "blob " + digest.String() + ": not found");
}

void CheckExpected(const Digest& actual, const std::optional<Digest>& expected) {
    if (expected && *expected != actual) {
        throw Error(Errc::kInvalidArgument,
                    "digest mismatch: expected " + expected->String() + ", got " + actual.String());
    }
}

class FileContentWriter final : public ContentWriter {
  public:
    FileContentWriter(fs::path temp, fs::path blob_dir) : temp_(std::move(temp)), blob_dir_(std::move(blob_dir)) {
        fd_ = CheckSyscall(::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644),
                           "create " + temp_.string());
    }
    FileContentWriter(const FileContentWriter&) = delete;
    FileContentWriter& operator=(const FileContentWriter&) = delete;
    ~FileContentWriter() override {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        if (!committed_) {
            ::unlink(temp_.c_str());
        }
    }

    void Write(std::string_view bytes) override {
        hash_.Update(bytes);
        size_ += bytes.size();
        while (!bytes.empty()) {
            const ssize_t written = ::write(fd_, bytes.data(), bytes.size());
            if (written == -1) {
                if (errno == EINTR) {
                    continue;
                }
                ThrowErrno("write " + temp_.string(), errno);
            }
            bytes.remove_prefix(static_cast<std::size_t>(written));
        }
    }

    Digest Commit(const std::optional<Digest>& expected) override {
        CheckSyscall(::fsync(fd_), "fsync " + temp_.string());
        const int fd = fd_;
        fd_ = -1;
        CheckSyscall(::close(fd), "close " + temp_.string());
        const Digest digest = hash_.Finish();
        CheckExpected(digest, expected);
        const fs::path target = blob_dir_ / digest.hex();
        // Another writer may have stored the same bytes meanwhile; either copy is the blob.
        CheckSyscall(::rename(temp_.c_str(), target.c_str()), "rename " + temp_.string() + " to " + target.string());
        committed_ = true;
        FsyncDirectory(blob_dir_);
        return digest;
    }

    std::uint64_t size() const override { return size_; }

  private:
    fs::path temp_;
    fs::path blob_dir_;
    int fd_ = -1;
    Sha256 hash_;
    std::uint64_t size_ = 0;
    bool committed_ = false;
};

}  // namespace

Digest ContentStore::Put(std::string_view bytes, const std::optional<Digest>& expected) {
    std::unique_ptr<ContentWriter> writer = NewWriter();
    writer->Write(bytes);
    return writer->Commit(expected);
}

Digest ContentStore::Ingest(std::istream& in, const std::optional<Digest>& expected) {
    std::unique_ptr<ContentWriter> writer = NewWriter();
    std::string buffer(1 << 16, '\0');
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        writer->Write(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
    }
    if (in.bad()) {
        throw Error(Errc::kInternal, "ingest blob: read error");
    }
    return writer->Commit(expected);
}

Digest ContentStore::IngestFile(const fs::path& path, const std::optional<Digest>& expected) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(fs::exists(path) ? Errc::kInternal : Errc::kNotFound, "open " + path.string() + ": cannot read");
    }
    try {
        return Ingest(in, expected);
    } catch (const Error& error) {
        throw error.Wrap("ingest " + path.string());
    }
}

FileContentStore::FileContentStore(fs::path root) : blob_dir_(root / "blobs" / "sha256"), ingest_dir_(root / "ingest") {
    fs::create_directories(blob_dir_);
    fs::create_directories(ingest_dir_);
    // Everything in ingest/ belongs to a writer of a previous run that never committed.
    for (const fs::directory_entry& entry : fs::directory_iterator(ingest_dir_)) {
        fs::remove_all(entry.path());
        ++removed_temp_files_;
    }
}

std::unique_ptr<ContentWriter> FileContentStore::NewWriter() {
    return std::make_unique<FileContentWriter>(ingest_dir_ / (RandomHex(16) + ".tmp"), blob_dir_);
}

fs::path FileContentStore::Path(const Digest& digest) const {
    return blob_dir_ / digest.hex();
}

bool FileContentStore::Has(const Digest& digest) const {
    std::error_code error;
    return fs::is_regular_file(Path(digest), error);
}

std::uint64_t FileContentStore::Size(const Digest& digest) const {
    struct stat info {};
    if (::stat(Path(digest).c_str(), &info) != 0) {
        if (errno == ENOENT) {
            throw BlobNotFound(digest);
        }
        ThrowErrno("stat " + Path(digest).string(), errno);
    }
    return static_cast<std::uint64_t>(info.st_size);
}

std::string FileContentStore::Read(const Digest& digest) const {
    if (!Has(digest)) {
        throw BlobNotFound(digest);
    }
    return ReadFile(Path(digest));
}

void FileContentStore::Delete(const Digest& digest) {
    if (!Has(digest)) {
        throw BlobNotFound(digest);
    }
    RemoveFileDurably(Path(digest));
}

std::vector<Digest> FileContentStore::List() const {
    std::vector<Digest> digests;
    for (const fs::directory_entry& entry : fs::directory_iterator(blob_dir_)) {
        const std::string name = entry.path().filename().string();
        if (IsObjectId(name)) {  // 64 lowercase hex: anything else is not ours
            digests.push_back(Digest::FromSha256Hex(name));
        }
    }
    std::sort(digests.begin(), digests.end(), [](const Digest& a, const Digest& b) { return a.hex() < b.hex(); });
    return digests;
}

// The in-memory writer buffers until Commit, then hands the bytes to its store.
class MemoryContentWriter final : public ContentWriter {
  public:
    explicit MemoryContentWriter(MemoryContentStore& store) : store_(store) {}
    void Write(std::string_view bytes) override {
        hash_.Update(bytes);
        bytes_.append(bytes);
    }
    Digest Commit(const std::optional<Digest>& expected) override {
        const Digest digest = hash_.Finish();
        CheckExpected(digest, expected);
        const std::lock_guard lock(store_.mutex_);
        store_.blobs_.try_emplace(digest.hex(), std::move(bytes_));
        return digest;
    }
    std::uint64_t size() const override { return bytes_.size(); }

  private:
    MemoryContentStore& store_;
    Sha256 hash_;
    std::string bytes_;
};

std::unique_ptr<ContentWriter> MemoryContentStore::NewWriter() {
    return std::make_unique<MemoryContentWriter>(*this);
}

bool MemoryContentStore::Has(const Digest& digest) const {
    const std::lock_guard lock(mutex_);
    return blobs_.contains(digest.hex());
}

std::uint64_t MemoryContentStore::Size(const Digest& digest) const {
    return Read(digest).size();
}

std::string MemoryContentStore::Read(const Digest& digest) const {
    const std::lock_guard lock(mutex_);
    const auto found = blobs_.find(digest.hex());
    if (found == blobs_.end()) {
        throw BlobNotFound(digest);
    }
    return found->second;
}

void MemoryContentStore::Delete(const Digest& digest) {
    const std::lock_guard lock(mutex_);
    if (blobs_.erase(digest.hex()) == 0) {
        throw BlobNotFound(digest);
    }
}

std::vector<Digest> MemoryContentStore::List() const {
    const std::lock_guard lock(mutex_);
    std::vector<Digest> digests;
    for (const auto& [hex, bytes] : blobs_) {
        digests.push_back(Digest::FromSha256Hex(hex));
    }
    return digests;
}

}  // namespace engine::image
