#include "engine/volume/volume_store.hpp"

#include <algorithm>
#include <cerrno>
#include <system_error>

#include <sys/stat.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/base/id.hpp"
#include "engine/base/syscall.hpp"
#include "engine/volume/copy_up.hpp"
#include "engine/volume/local_mount.hpp"
#include "engine/volume/volume_options.hpp"
#include "engine/volume/volume_record.hpp"

namespace engine::volume {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kDataDirectory = "_data";
constexpr std::string_view kRecordFile = "volume.json";
constexpr std::string_view kCreatingPrefix = ".creating-";
constexpr std::string_view kRemovingPrefix = ".removing-";
// 0701 as moby's: containers running as other users can traverse to the data, not list names.
constexpr mode_t kRootMode = 0701;
constexpr mode_t kVolumeDirectoryMode = 0701;
constexpr mode_t kDataMode = 0755;
constexpr mode_t kRecordMode = 0600;

void MakeDirectory(const fs::path& path, mode_t mode) {
    CheckSyscall(::mkdir(path.c_str(), mode), "create directory " + path.string());
    // mkdir applies the umask; the modes here are part of the layout.
    CheckSyscall(::chmod(path.c_str(), mode), "chmod " + path.string());
}

void RemoveTreeQuietly(const fs::path& path) {
    std::error_code ignored;
    fs::remove_all(path, ignored);
}

Error NoSuchVolume(std::string_view name) {
    return Error(Errc::kNotFound, "get " + std::string(name) + ": no such volume");
}

std::string JoinIds(const std::vector<std::string>& ids) {
    std::string joined;
    for (const std::string& id : ids) {
        joined += (joined.empty() ? "" : ", ") + id;
    }
    return joined;
}

void ValidateCreate(const std::string& name, const CreateOptions& options) {
    try {
        ValidateVolumeName(name);
        if (!options.driver.empty() && options.driver != kLocalDriver) {
            throw Error(Errc::kNotFound, "volume driver " + options.driver + " not supported: only local");
        }
    } catch (const Error& error) {
        throw error.Wrap("create " + name);
    }
}

}  // namespace

VolumeStore::VolumeStore(fs::path root) : root_(std::move(root)) {
    std::error_code error;
    if (!fs::is_directory(root_)) {
        fs::create_directories(root_, error);
        if (error) {
            throw Error(Errc::kInternal, "create volumes directory " + root_.string() + ": " + error.message());
        }
        CheckSyscall(::chmod(root_.c_str(), kRootMode), "chmod " + root_.string());
    }
    Load();
}

fs::path VolumeStore::VolumeDirectory(std::string_view name) const {
    return root_ / std::string(name);
}

Volume VolumeStore::WithMountpoint(Volume volume) const {
    volume.mountpoint = VolumeDirectory(volume.name) / kDataDirectory;
    return volume;
}

const Volume& VolumeStore::Find(std::string_view name) const {
    const auto found = volumes_.find(name);
    if (found == volumes_.end()) {
        throw NoSuchVolume(name);
    }
    return found->second;
}

void VolumeStore::Load() {
    for (const fs::directory_entry& entry : fs::directory_iterator(root_)) {
        const std::string file_name = entry.path().filename().string();
        if (file_name.starts_with(kCreatingPrefix) || file_name.starts_with(kRemovingPrefix)) {
            RemoveTreeQuietly(entry.path());
            open_report_.repaired.push_back(entry.path().string() + ": removed an interrupted create or remove");
        } else if (entry.is_directory() && !entry.is_symlink()) {
            LoadDirectory(entry.path());
        }
    }
}

void VolumeStore::LoadDirectory(const fs::path& directory) {
    const std::string name = directory.filename().string();
    for (const fs::directory_entry& entry : fs::directory_iterator(directory)) {
        const std::string file_name = entry.path().filename().string();
        if (IsTempFileName(file_name)) {
            RemoveTreeQuietly(entry.path());
            open_report_.repaired.push_back(entry.path().string() + ": removed an interrupted record write");
        } else if (file_name.starts_with(kCopyUpStagingPrefix)) {
            RemoveTreeQuietly(entry.path());
            open_report_.repaired.push_back(entry.path().string() + ": removed an interrupted copy of image content");
        }
    }
    const fs::path record_path = directory / kRecordFile;
    try {
        ValidateVolumeName(name);
        if (!fs::exists(record_path)) {
            if (!fs::is_directory(directory / kDataDirectory)) {
                throw Error(Errc::kInvalidArgument, "neither a record nor a _data directory");
            }
            // Data without a record (put there by hand or by another engine): adopt it.
            Volume adopted;
            adopted.name = name;
            adopted.created_at = std::chrono::file_clock::to_sys(fs::last_write_time(directory));
            WriteRecord(adopted);
            volumes_[name] = adopted;
            open_report_.repaired.push_back(directory.string() + ": adopted a volume without a record");
            return;
        }
        Volume volume = DecodeVolumeRecord(ReadFile(record_path));
        if (volume.name != name) {
            throw Error(Errc::kInvalidArgument, "the record names volume \"" + volume.name + "\"");
        }
        volumes_[name] = std::move(volume);
    } catch (const std::exception& error) {
        open_report_.skipped.push_back(directory.string() + ": " + error.what());
    }
}

void VolumeStore::WriteRecord(const Volume& volume) {
    WriteFileAtomically(VolumeDirectory(volume.name) / kRecordFile, EncodeVolumeRecord(volume), kRecordMode);
}

CreateResult VolumeStore::Create(const CreateOptions& options) {
    const std::string name = options.name.empty() ? NewObjectId() : options.name;
    ValidateCreate(name, options);
    const std::lock_guard lock(mutex_);
    if (const auto found = volumes_.find(name); found != volumes_.end()) {
        return {WithMountpoint(found->second), false};  // as moby: its driver is not asked again
    }
    try {
        ValidateDriverOptions(options.driver_options.value_or(StringMap{}));
    } catch (const Error& error) {
        throw error.Wrap("create " + name);
    }
    Volume volume;
    volume.name = name;
    volume.created_at = std::chrono::system_clock::now();
    volume.labels = options.labels;
    volume.options = options.driver_options;
    volume.anonymous = options.anonymous;
    const fs::path staging = root_ / (std::string(kCreatingPrefix) + RandomHex(8));
    try {
        MakeDirectory(staging, kVolumeDirectoryMode);
        MakeDirectory(staging / kDataDirectory, kDataMode);
        WriteFileAtomically(staging / kRecordFile, EncodeVolumeRecord(volume), kRecordMode);
        CheckSyscall(::rename(staging.c_str(), VolumeDirectory(name).c_str()),
                     "rename " + staging.string() + " to " + VolumeDirectory(name).string());
        FsyncDirectory(root_);
    } catch (const Error& error) {
        RemoveTreeQuietly(staging);
        throw error.Wrap("create " + name);
    }
    volumes_[name] = volume;
    return {WithMountpoint(std::move(volume)), true};
}

Volume VolumeStore::Get(std::string_view name) const {
    const std::lock_guard lock(mutex_);
    return WithMountpoint(Find(name));
}

std::vector<Volume> VolumeStore::List() const {
    const std::lock_guard lock(mutex_);
    std::vector<Volume> list;
    list.reserve(volumes_.size());
    for (const auto& [name, volume] : volumes_) {
        list.push_back(WithMountpoint(volume));
    }
    return list;
}

fs::path VolumeStore::Mountpoint(std::string_view name) const {
    return Get(name).mountpoint;
}

std::vector<std::string> VolumeStore::InUseBy(const std::string& name, const UsersLookup& users) const {
    std::vector<std::string> ids = users ? users(name) : std::vector<std::string>{};
    const std::lock_guard lock(mutex_);
    AddMountRefs(name, &ids);
    return ids;
}

void VolumeStore::AddMountRefs(const std::string& name, std::vector<std::string>* ids) const {
    if (const auto found = refs_.find(name); found != refs_.end()) {
        for (const std::string& ref : found->second) {
            if (std::find(ids->begin(), ids->end(), ref) == ids->end()) {
                ids->push_back(ref);
            }
        }
    }
}

// The volume vanishes with one rename; deleting the data after that may be interrupted and
// is finished by the next open. The caller holds mutex_.
void VolumeStore::RetireDirectory(const std::string& name) {
    const Volume& volume = Find(name);
    const fs::path data = VolumeDirectory(name) / kDataDirectory;
    if (NeedsMount(volume.options.value_or(StringMap{}))) {
        UnmountFilesystem(data);
        if (IsMountPoint(data)) {
            throw Error(Errc::kInternal, "remove " + name + ": " + data.string() + " is still mounted");
        }
        mounted_.erase(name);
    }
    const fs::path retired = root_ / (std::string(kRemovingPrefix) + RandomHex(8));
    CheckSyscall(::rename(VolumeDirectory(name).c_str(), retired.c_str()), "remove " + name);
    FsyncDirectory(root_);
    volumes_.erase(volumes_.find(name));
    refs_.erase(name);
    RemoveTreeQuietly(retired);
}

void VolumeStore::Remove(std::string_view name, bool force, const UsersLookup& users) {
    const std::string key(name);
    // Asked before locking: the lookup goes to the container side, which may call in here.
    std::vector<std::string> in_use = users ? users(key) : std::vector<std::string>{};
    const std::lock_guard lock(mutex_);
    if (!volumes_.contains(key)) {
        if (force) {
            return;
        }
        throw NoSuchVolume(name);
    }
    AddMountRefs(key, &in_use);
    if (!in_use.empty()) {
        throw Error(Errc::kConflict, "remove " + key + ": volume is in use - [" + JoinIds(in_use) + "]");
    }
    RetireDirectory(key);
}

PruneReport VolumeStore::Prune(const PruneOptions& options, const UsersLookup& users) {
    PruneReport report;
    for (const Volume& volume : List()) {
        if (volume.driver != kLocalDriver || !volume.options.value_or(StringMap{}).empty()) {
            continue;
        }
        if (options.label_match && !options.label_match(volume.labels.value_or(StringMap{}))) {
            continue;
        }
        if (!InUseBy(volume.name, users).empty()) {
            continue;
        }
        std::int64_t size = 0;
        try {
            size = DirectorySize(volume.mountpoint);
        } catch (const std::exception&) {
            size = 0;  // moby logs and counts nothing for it
        }
        try {
            Remove(volume.name, false, users);
        } catch (const Error&) {
            continue;  // raced with a new user or removed meanwhile
        }
        report.deleted.push_back(volume.name);
        report.space_reclaimed += static_cast<std::uint64_t>(size);
    }
    return report;
}

}  // namespace engine::volume
