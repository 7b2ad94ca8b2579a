#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/digest.hpp"

namespace engine::image {

/// Receives one blob's bytes, hashing them as they come. Committing makes the blob visible
/// under its digest; destroying a writer that was not committed discards everything it wrote.
class ContentWriter {
  public:
    virtual ~ContentWriter() = default;
    /// Appends bytes. Throws Error on a write failure.
    virtual void Write(std::string_view bytes) = 0;
    /// Makes the blob durable and visible, and returns its digest. When `expected` is given and
    /// differs, nothing is kept and Error(kInvalidArgument, "digest mismatch: expected X, got Y")
    /// is thrown. Committing content that is already stored keeps the stored copy. Call once.
    virtual Digest Commit(const std::optional<Digest>& expected = std::nullopt) = 0;
    /// Bytes written so far.
    virtual std::uint64_t size() const = 0;
};

/// Content-addressed blobs (sha256), the seam between image logic and storage: a file
/// implementation for the daemon and an in-memory one for tests, both checked by one suite
/// (tests/unit/engine/image/content_store_conformance.hpp). Thread-safe.
class ContentStore {
  public:
    virtual ~ContentStore() = default;

    /// A writer for one new blob.
    virtual std::unique_ptr<ContentWriter> NewWriter() = 0;
    virtual bool Has(const Digest& digest) const = 0;
    /// The blob's size in bytes. Throws Error(kNotFound, "blob sha256:…: not found").
    virtual std::uint64_t Size(const Digest& digest) const = 0;
    /// The whole blob (meant for small ones: configs, manifests). Throws like Size.
    virtual std::string Read(const Digest& digest) const = 0;
    /// Removes the blob. Throws like Size when it is absent.
    virtual void Delete(const Digest& digest) = 0;
    /// Every stored digest, sorted by hex.
    virtual std::vector<Digest> List() const = 0;

    /// Stores `bytes` (see ContentWriter::Commit for `expected`).
    Digest Put(std::string_view bytes, const std::optional<Digest>& expected = std::nullopt);
    /// Stores everything `in` yields until its end. Throws Error(kInternal) on a read error.
    Digest Ingest(std::istream& in, const std::optional<Digest>& expected = std::nullopt);
    /// Stores the content of the file at `path`.
    Digest IngestFile(const std::filesystem::path& path, const std::optional<Digest>& expected = std::nullopt);
};

/// Blobs as files: <root>/blobs/sha256/<hex>. A writer fills a temporary file in
/// <root>/ingest, fsyncs it and renames it into place, so a blob file is always complete;
/// opening the store deletes whatever a crash left in <root>/ingest.
class FileContentStore final : public ContentStore {
  public:
    /// Creates the directories when missing. Throws Error when they cannot be made.
    explicit FileContentStore(std::filesystem::path root);

    std::unique_ptr<ContentWriter> NewWriter() override;
    bool Has(const Digest& digest) const override;
    std::uint64_t Size(const Digest& digest) const override;
    std::string Read(const Digest& digest) const override;
    void Delete(const Digest& digest) override;
    std::vector<Digest> List() const override;

    /// Where the blob's file is (whether or not it exists): readers such as the save writer
    /// stream large layer tars from it instead of reading them into memory.
    std::filesystem::path Path(const Digest& digest) const;
    /// Leftover temporary files removed when the store was opened.
    std::size_t removed_temp_files() const { return removed_temp_files_; }

  private:
    std::filesystem::path blob_dir_;
    std::filesystem::path ingest_dir_;
    std::size_t removed_temp_files_ = 0;
};

/// Blobs in memory, for tests of the code above the seam.
class MemoryContentStore final : public ContentStore {
  public:
    std::unique_ptr<ContentWriter> NewWriter() override;
    bool Has(const Digest& digest) const override;
    std::uint64_t Size(const Digest& digest) const override;
    std::string Read(const Digest& digest) const override;
    void Delete(const Digest& digest) override;
    std::vector<Digest> List() const override;

  private:
    friend class MemoryContentWriter;
    mutable std::mutex mutex_;
    std::map<std::string, std::string> blobs_;  // hex → bytes
};

}  // namespace engine::image
