#pragma once

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "engine/store/object_store.hpp"
#include "engine/store/record_index.hpp"

namespace engine::store {

/// What FileObjectStore found wrong while opening; the caller logs it. Opening never fails
/// because of one bad file.
struct OpenReport {
    /// Temporary files of interrupted writes (a crash mid-Put); they were deleted.
    std::vector<std::filesystem::path> removed_temp_files;
    /// "<path>: <reason>" for each file that was not loaded (unparsable, wrong name, duplicate
    /// name). Such files are left in place for a human to inspect.
    std::vector<std::string> skipped_records;
};

/// The durable ObjectStore: one file per record at <root>/<kind directory>/<id>.json holding
/// {"id": …, "name": …, "object": <record JSON>}, each written with WriteFileAtomically, so a
/// process killed at any moment reopens with every committed record and nothing half-written.
/// Removals are unlink + directory fsync. Reads are served from an index loaded at open.
/// Only one process may open a root at a time (the daemon holds it).
class FileObjectStore final : public ObjectStore {
  public:
    /// Opens the store at `root`, creating it and its kind directories (mode 0700) when missing,
    /// deleting leftover temporary files and loading every record. Throws Error when the
    /// directories cannot be created or read.
    explicit FileObjectStore(std::filesystem::path root);

    void Put(Kind kind, const Record& record) override;
    Record Get(Kind kind, std::string_view id) const override;
    void Delete(Kind kind, std::string_view id) override;
    std::vector<Record> List(Kind kind) const override;
    std::string Resolve(Kind kind, std::string_view ref) const override;

    /// What opening found and repaired or skipped; fixed after construction.
    const OpenReport& open_report() const { return open_report_; }

  private:
    std::filesystem::path RecordPath(Kind kind, std::string_view id) const;
    void LoadKind(Kind kind);
    void LoadRecordFile(Kind kind, const std::filesystem::path& path);

    std::filesystem::path root_;
    OpenReport open_report_;
    mutable std::mutex mutex_;
    RecordIndex index_;
};

}  // namespace engine::store
