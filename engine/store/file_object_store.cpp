#include "engine/store/file_object_store.hpp"

#include <system_error>

#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/base/id.hpp"
#include "engine/base/syscall.hpp"

namespace engine::store {
namespace {

constexpr std::string_view kRecordExtension = ".json";
constexpr mode_t kDirectoryMode = 0700;
constexpr mode_t kRecordMode = 0600;

/// Creates `directory` (one level) unless it exists; true when it was created.
bool EnsureDirectory(const std::filesystem::path& directory) {
    if (::mkdir(directory.c_str(), kDirectoryMode) == 0) {
        return true;
    }
    const int saved_errno = errno;
    if (saved_errno == EEXIST && std::filesystem::is_directory(directory)) {
        return false;
    }
    ThrowErrno("create directory " + directory.string(), saved_errno);
}

std::string EncodeRecord(const Record& record) {
    return nlohmann::json{{"id", record.id}, {"name", record.name}, {"object", nlohmann::json::parse(record.json)}}
        .dump();
}

/// The record in a file's text; throws std::runtime_error (nlohmann's or ours) when malformed.
Record DecodeRecord(const std::string& text, std::string_view expected_id) {
    const nlohmann::json document = nlohmann::json::parse(text);
    Record record{
        document.at("id").get<std::string>(), document.at("name").get<std::string>(), document.at("object").dump()};
    if (record.id != expected_id) {
        throw std::runtime_error("the id inside is \"" + record.id + "\", not the file's name");
    }
    return record;
}

}  // namespace

FileObjectStore::FileObjectStore(std::filesystem::path root) : root_(std::move(root)) {
    bool created = false;
    if (!std::filesystem::exists(root_)) {
        std::error_code error;
        std::filesystem::create_directories(root_, error);
        if (error) {
            throw Error(Errc::kInternal, "create store directory " + root_.string() + ": " + error.message());
        }
    }
    for (const Kind kind : kAllKinds) {
        created = EnsureDirectory(root_ / KindDirectory(kind)) || created;
    }
    if (created) {
        FsyncDirectory(root_);
    }
    for (const Kind kind : kAllKinds) {
        LoadKind(kind);
    }
}

void FileObjectStore::LoadKind(Kind kind) {
    const std::filesystem::path directory = root_ / KindDirectory(kind);
    std::error_code error;
    std::filesystem::directory_iterator entries(directory, error);
    if (error) {
        throw Error(Errc::kInternal, "open store " + directory.string() + ": " + error.message());
    }
    for (const std::filesystem::directory_entry& entry : entries) {
        const std::filesystem::path& path = entry.path();
        if (IsTempFileName(path.filename().string())) {
            // A write that never reached its rename: by contract it was never committed.
            RemoveFileDurably(path);
            open_report_.removed_temp_files.push_back(path);
            continue;
        }
        LoadRecordFile(kind, path);
    }
}

void FileObjectStore::LoadRecordFile(Kind kind, const std::filesystem::path& path) {
    const std::string id = path.stem().string();
    if (path.extension() != kRecordExtension || !IsObjectId(id)) {
        open_report_.skipped_records.push_back(path.string() + ": not a record file (<64 hex id>.json)");
        return;
    }
    try {
        index_.Insert(kind, index_.Prepare(kind, DecodeRecord(ReadFile(path), id)));
    } catch (const std::exception& e) {
        // Error (duplicate name, unreadable) and nlohmann's parse errors alike: skip, report.
        open_report_.skipped_records.push_back(path.string() + ": " + e.what());
    }
}

std::filesystem::path FileObjectStore::RecordPath(Kind kind, std::string_view id) const {
    return root_ / KindDirectory(kind) / (std::string(id) + std::string(kRecordExtension));
}

void FileObjectStore::Put(Kind kind, const Record& record) {
    const std::lock_guard lock(mutex_);
    Record prepared = index_.Prepare(kind, record);
    // Disk first: if the write fails, the index still matches what is committed.
    WriteFileAtomically(RecordPath(kind, prepared.id), EncodeRecord(prepared), kRecordMode);
    index_.Insert(kind, std::move(prepared));
}

Record FileObjectStore::Get(Kind kind, std::string_view id) const {
    const std::lock_guard lock(mutex_);
    return index_.Find(kind, id);
}

void FileObjectStore::Delete(Kind kind, std::string_view id) {
    const std::lock_guard lock(mutex_);
    index_.Find(kind, id);  // not found → the store's error, not unlink's
    RemoveFileDurably(RecordPath(kind, id));
    index_.Erase(kind, id);
}

std::vector<Record> FileObjectStore::List(Kind kind) const {
    const std::lock_guard lock(mutex_);
    return index_.List(kind);
}

std::string FileObjectStore::Resolve(Kind kind, std::string_view ref) const {
    const std::lock_guard lock(mutex_);
    return index_.Resolve(kind, ref);
}

}  // namespace engine::store
