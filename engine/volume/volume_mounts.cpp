// VolumeStore's use of volumes by containers: mount references, usage and the image copy-up.
#include <system_error>

#include <sys/stat.h>

#include "engine/base/error.hpp"
#include "engine/base/id.hpp"
#include "engine/base/syscall.hpp"
#include "engine/volume/copy_up.hpp"
#include "engine/volume/local_mount.hpp"
#include "engine/volume/volume_options.hpp"
#include "engine/volume/volume_store.hpp"

namespace engine::volume {
namespace {

namespace fs = std::filesystem;

// The reference copy-up holds while it writes into a volume that needs its filesystem mounted.
constexpr std::string_view kCopyUpRef = "berth-copy-up";

bool IsEmptyDirectory(const fs::path& path) {
    return fs::directory_iterator(path) == fs::directory_iterator();
}

// Copies into `staging` (beside the data, same filesystem) and then renames the entries in, so
// a crash mid-copy leaves the volume empty, to be filled by the next container, instead of
// half-filled and marked as done. The next open deletes a leftover staging directory.
void CopyThroughStaging(const fs::path& source, const fs::path& staging, const fs::path& data) {
    CheckSyscall(::mkdir(staging.c_str(), 0700), "create directory " + staging.string());
    try {
        CopyTree(source, staging);
        for (const fs::directory_entry& entry : fs::directory_iterator(staging)) {
            const fs::path target = data / entry.path().filename();
            CheckSyscall(::rename(entry.path().c_str(), target.c_str()), "rename into " + target.string());
        }
        CopyMetadata(source, data);
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(staging, ignored);
        throw;
    }
    fs::remove(staging);
}

}  // namespace

fs::path VolumeStore::Mount(std::string_view name, std::string_view ref) {
    const std::lock_guard lock(mutex_);
    const Volume volume = WithMountpoint(Find(name));
    const StringMap options = volume.options.value_or(StringMap{});
    if (NeedsMount(options) && !mounted_.contains(name)) {
        try {
            // Still mounted from before a daemon restart: keep it, as moby's restoreIfMounted.
            if (!IsMountPoint(volume.mountpoint)) {
                MountFilesystem(MountSpecFor(options), volume.mountpoint);
            }
        } catch (const Error& error) {
            throw error.Wrap("mount volume " + volume.name);
        }
        mounted_.insert(volume.name);
    }
    refs_[volume.name].insert(std::string(ref));
    return volume.mountpoint;
}

void VolumeStore::Unmount(std::string_view name, std::string_view ref) {
    const std::lock_guard lock(mutex_);
    const auto refs = refs_.find(name);
    if (refs == refs_.end()) {
        return;
    }
    refs->second.erase(std::string(ref));
    if (!refs->second.empty()) {
        return;
    }
    refs_.erase(refs);
    if (mounted_.contains(name)) {
        UnmountFilesystem(VolumeDirectory(name) / "_data");
        mounted_.erase(mounted_.find(name));
    }
}

UsageData VolumeStore::Usage(std::string_view name, const UsersLookup& users) const {
    const fs::path data = Mountpoint(name);
    UsageData usage;
    try {
        usage.size = DirectorySize(data);
    } catch (const std::exception&) {
        usage.size = -1;  // unreadable now: "not available", as moby reports it
    }
    usage.ref_count = static_cast<std::int64_t>(InUseBy(std::string(name), users).size());
    return usage;
}

bool VolumeStore::CopyImageContentIfFresh(std::string_view name, const fs::path& rootfs, const fs::path& destination) {
    const std::lock_guard copy_lock(copy_mutex_);
    if (Get(name).populated) {
        return false;
    }
    const fs::path source = ResolveInRoot(rootfs, destination);
    struct stat info {};
    if (::lstat(source.c_str(), &info) == -1 || !S_ISDIR(info.st_mode)) {
        return false;  // nothing in the image there: a later container may still fill it
    }
    const fs::path data = Mount(name, kCopyUpRef);
    bool copied = false;
    try {
        // Docker copies into empty volumes only: data put there by a container is never mixed.
        if (IsEmptyDirectory(data)) {
            // A volume on a filesystem of its own is filled in place: renames cannot reach it.
            if (NeedsMount(Get(name).options.value_or(StringMap{}))) {
                CopyTree(source, data);
            } else {
                CopyThroughStaging(
                    source, VolumeDirectory(name) / (std::string(kCopyUpStagingPrefix) + RandomHex(8)), data);
            }
            copied = true;
        }
    } catch (const Error& error) {
        Unmount(name, kCopyUpRef);
        throw error.Wrap("copy image content into volume " + std::string(name));
    } catch (const std::exception& error) {  // std::filesystem's
        Unmount(name, kCopyUpRef);
        throw Error(Errc::kInternal, "copy image content into volume " + std::string(name) + ": " + error.what());
    }
    Unmount(name, kCopyUpRef);
    const std::lock_guard lock(mutex_);
    if (const auto found = volumes_.find(name); found != volumes_.end()) {
        Volume marked = found->second;
        marked.populated = true;
        WriteRecord(marked);
        found->second = std::move(marked);
    }
    return copied;
}

}  // namespace engine::volume
