#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/volume/volume.hpp"

namespace engine::volume {

/// What a Create call asks for.
struct CreateOptions {
    std::string name{};    ///< "" for a new random 64-hex name (an anonymous volume's)
    std::string driver{};  ///< "" or "local"; anything else is refused
    std::optional<StringMap> driver_options{};
    std::optional<StringMap> labels{};
    bool anonymous = false;  ///< kept in the record; set by the daemon, never by the API
};

/// The volume and whether this call made it (an existing name is returned as it is).
struct CreateResult {
    Volume volume;
    bool created = false;
};

/// Which unused volumes Prune removes; every unused one without driver options when empty
/// (API 1.41: named and anonymous alike).
struct PruneOptions {
    std::function<bool(const StringMap& labels)> label_match;
};

struct PruneReport {
    std::vector<std::string> deleted;  ///< names, in name order
    std::uint64_t space_reclaimed = 0;
};

/// /system/df's UsageData: -1 means "not available" as in the API.
struct UsageData {
    std::int64_t size = -1;
    std::int64_t ref_count = -1;
};

/// What opening the store repaired or skipped; the daemon logs it.
struct OpenReport {
    std::vector<std::string> repaired;  ///< "<path>: <what was done>"
    std::vector<std::string> skipped;   ///< "<path>: <why it was not loaded>", left in place
};

/// The local volume driver and its records, laid out as Docker's: <root>/<name>/_data holds the
/// data and <root>/<name>/volume.json the record (written with WriteFileAtomically). A volume
/// appears and disappears by one rename of its directory (staged as <root>/.creating-<hex>,
/// retired as <root>/.removing-<hex>), so a crash at any moment leaves every volume either
/// complete or absent; opening deletes the staged leftovers. Safe to call from several threads.
///
/// Errors (engine::Error) carry moby's texts: kNotFound "get <name>: no such volume",
/// kConflict "remove <name>: volume is in use - [<id>, <id>]", kInvalidArgument for a bad
/// name or option ("create <name>: invalid option key: \"x\"").
class VolumeStore final {
  public:
    /// Opens (creating when missing) the store at `root`, normally <data-root>/volumes,
    /// repairing what an interrupted create, remove or write left behind. A volume directory
    /// with data but no record (made by hand, or an old layout) is adopted with a new record.
    /// Throws Error when `root` cannot be created or read.
    explicit VolumeStore(std::filesystem::path root);

    const std::filesystem::path& root() const { return root_; }
    const OpenReport& open_report() const { return open_report_; }

    /// Creates a volume, or returns the existing one of that name untouched (Docker's
    /// idempotent create). Validates name, driver and options (errors prefixed
    /// "create <name>: "); a non-local driver is kNotFound, as moby's missing plugin.
    CreateResult Create(const CreateOptions& options);

    /// The volume named `name`; kNotFound "get <name>: no such volume".
    Volume Get(std::string_view name) const;

    /// Every volume, in name order.
    std::vector<Volume> List() const;

    /// Removes a volume and its data. Refused with kConflict while `users` names containers
    /// using it or it is mounted through Mount. `force` (moby's purge-on-error) makes a
    /// missing volume a success. A mounted filesystem is detached first, never deleted into.
    void Remove(std::string_view name, bool force, const UsersLookup& users);

    /// Removes every unused local volume without driver options that `options` selects
    /// (moby skips those with options: nothing is reclaimed there). Volumes that cannot be
    /// removed are skipped.
    PruneReport Prune(const PruneOptions& options, const UsersLookup& users);

    /// <root>/<name>/_data; kNotFound as Get.
    std::filesystem::path Mountpoint(std::string_view name) const;

    /// The containers using volume `name`: what `users` reports plus the holders of Mount
    /// references, each once. Empty for an unknown name.
    std::vector<std::string> InUseBy(const std::string& name, const UsersLookup& users) const;

    /// Size of the data (walked now) and the number of containers `users` reports.
    UsageData Usage(std::string_view name, const UsersLookup& users) const;

    /// Takes a reference `ref` (a container ID) on the volume and returns its data path. A
    /// volume with `type`/`device` options gets its filesystem mounted on the first reference
    /// (or finds it still mounted from before a daemon restart). Throws Error when the mount
    /// fails ("mount volume <name>: ..."), kNotFound as Get.
    std::filesystem::path Mount(std::string_view name, std::string_view ref);

    /// Drops reference `ref`; the last one unmounts a mounted filesystem. Unknown references
    /// and volumes are ignored (releasing is idempotent).
    void Unmount(std::string_view name, std::string_view ref);

    /// Docker's copy-up: the first time volume `name` is used for mount destination
    /// `destination` of a container whose root filesystem is `rootfs`, and the volume is
    /// empty, the image's content at that path (resolved inside `rootfs`, see ResolveInRoot)
    /// is copied in with owners, modes and times, and the volume is marked populated so this
    /// never happens again. A destination missing from the image copies nothing and does not
    /// mark the volume. Callers honour `nocopy` by not calling. Returns true when it copied.
    bool CopyImageContentIfFresh(std::string_view name,
                                 const std::filesystem::path& rootfs,
                                 const std::filesystem::path& destination);

  private:
    /// Copy-up staging directories inside <root>/<name>/ start with this; opening deletes them.
    static constexpr std::string_view kCopyUpStagingPrefix = ".copy-up-";

    std::filesystem::path VolumeDirectory(std::string_view name) const;
    Volume WithMountpoint(Volume volume) const;
    const Volume& Find(std::string_view name) const;
    void Load();
    void LoadDirectory(const std::filesystem::path& directory);
    void WriteRecord(const Volume& volume);
    void RetireDirectory(const std::string& name);
    /// Appends the Mount references of `name` not yet in `ids`; the caller holds mutex_.
    void AddMountRefs(const std::string& name, std::vector<std::string>* ids) const;

    std::filesystem::path root_;
    OpenReport open_report_;
    mutable std::mutex mutex_;
    std::map<std::string, Volume, std::less<>> volumes_;
    std::map<std::string, std::set<std::string>, std::less<>> refs_;  ///< Mount references
    std::set<std::string, std::less<>> mounted_;                      ///< volumes whose filesystem we mounted
    std::mutex copy_mutex_;                                           ///< one copy-up at a time, outside mutex_
};

}  // namespace engine::volume
