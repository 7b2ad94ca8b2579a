#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/digest.hpp"
#include "engine/image/content_store.hpp"
#include "engine/image/go_time.hpp"
#include "engine/image/layer_store.hpp"
#include "engine/image/reference.hpp"

namespace engine::image {

using Labels = std::map<std::string, std::string, std::less<>>;

/// A container that uses an image, as the image store needs to know for rmi and prune.
struct ContainerUse {
    std::string container_id;
    bool running = false;
};

/// The containers using the image with this full ID ("sha256:…"). Called with the image
/// store's lock held: it must not call back into the store. Empty function: no containers.
using ContainerUseLookup = std::function<std::vector<ContainerUse>(const std::string& image_id)>;

/// Everything the API shows about one image.
struct ImageDetails {
    std::string id;                                ///< "sha256:<hex>"
    std::string parent;                            ///< parent image ID; "" for imported and loaded images
    std::vector<std::string> repo_tags;            ///< familiar: "busybox:latest", sorted by full name
    std::vector<std::string> repo_digests;         ///< familiar "busybox@sha256:…" (none until pulls exist)
    std::shared_ptr<const nlohmann::json> config;  ///< the image config document as stored; never null
    std::vector<LayerInfo> layers;                 ///< bottom first
    std::uint64_t size = 0;                        ///< sum of the layers' unpacked sizes
    UnixNanos created = 0;                         ///< the config's "created", else when the store got the image
    UnixNanos last_tag_time = 0;                   ///< 0: never tagged here
    Labels labels;                                 ///< config.Labels
    std::int64_t shared_size = -1;                 ///< set by GetDiskUsage only, as moby
    std::int64_t containers = -1;                  ///< set by GetDiskUsage only, as moby
};

/// One entry of `docker history`, newest first.
struct HistoryEntry {
    std::string id;  ///< the image ID for the top entry (and its parents'), else "<missing>"
    UnixNanos created = 0;
    std::string created_by;
    std::vector<std::string> tags;  ///< familiar tags, on entries that carry an image ID
    std::uint64_t size = 0;         ///< the unpacked size of the layer the step made, 0 for empty steps
    std::string comment;
};

/// One line of an rmi or prune reply: exactly one of `untagged` and `deleted` is set.
struct DeleteRecord {
    std::string untagged;  ///< familiar reference removed: "busybox:latest"
    std::string deleted;   ///< image ID, or a layer's chain ID when `is_layer`
    std::string image_id;  ///< the image the record is about (for events)
    bool is_layer = false;
    std::uint64_t layer_size = 0;  ///< unpacked size of a deleted layer
};

struct DeleteOptions {
    bool force = false;
    bool prune_parents = true;  ///< the API's noprune=0: also delete untagged, unused parents
};

/// GET /images/json filters, already parsed by the API layer.
struct ListOptions {
    bool all = false;                                  ///< include intermediate images
    std::optional<bool> dangling{};                    ///< true: untagged heads only; false: tagged only
    std::vector<std::string> references{};             ///< path.Match patterns on familiar names; any may match
    std::optional<std::string> before{};               ///< image reference: only images created before it
    std::optional<std::string> since{};                ///< image reference: only images created after it
    std::function<bool(const Labels&)> label_match{};  ///< empty: no label filter
};

struct PruneOptions {
    bool dangling_only = true;                         ///< false: every image no container uses (prune -a)
    std::optional<UnixNanos> until{};                  ///< only images created at or before this time
    std::function<bool(const Labels&)> label_match{};  ///< empty: no label filter
};

struct PruneReport {
    std::vector<DeleteRecord> deleted;
    std::uint64_t space_reclaimed = 0;  ///< unpacked sizes of the layers removed
};

struct DiskUsage {
    std::vector<ImageDetails> images;  ///< with shared_size and containers filled in
    std::uint64_t layers_size = 0;     ///< every layer images use, each counted once
};

/// What a tag operation did: the familiar reference and the image it pointed to before ("" when new).
struct TagChange {
    std::string reference;
    std::string previous_id;
};

struct CreatedImage {
    std::string id;
    std::vector<TagChange> tags;
};

/// `docker import` parameters (POST /images/create?fromSrc=…).
struct ImportOptions {
    std::string repository;            ///< "" for an untagged image
    std::string tag;                   ///< "" for "latest" (or the repository's own tag)
    std::vector<std::string> changes;  ///< Dockerfile instructions, see ApplyChanges
    std::string message;               ///< history comment; "" gives "Imported from <source>"
    std::string source = "-";
    std::string os = "linux";
    std::string architecture = "amd64";
    std::string variant;
};

struct ExportLayer {
    Digest diff_id;
    std::filesystem::path tar_path;  ///< the uncompressed layer tar, exactly as its diff ID says
    std::uint64_t size = 0;
};

/// What `docker save` needs of one image.
struct ImageExport {
    std::string config_json;  ///< the exact bytes whose sha256 is the image ID
    std::string image_id;
    std::vector<ExportLayer> layers;     ///< bottom first
    std::vector<std::string> repo_tags;  ///< familiar, "busybox:latest"
};

/// The image store berthd's image API works on: images by ID (sha256 of the config JSON, kept
/// as a blob), their layers, and the repository tags pointing at them, persisted under `root`
/// (blobs/, layers/, images.json). Writes go blobs and layers first, then the record file
/// (WriteFileAtomically), deletions the other way round, so a crash leaves at worst
/// unreferenced blobs and layers, which opening the store removes. One mutex serializes every
/// operation (an import holds it while its layer unpacks). Errors follow moby's texts.
class ImageStore final {
  public:
    using Clock = std::function<UnixNanos()>;

    /// Opens (or creates) the store; `clock` defaults to the system clock.
    explicit ImageStore(std::filesystem::path root, Clock clock = {});
    ~ImageStore();
    ImageStore(const ImageStore&) = delete;
    ImageStore& operator=(const ImageStore&) = delete;

    /// Adds an image from its config and layer tars (plain, gzip or zstd; bottom first), as
    /// load does. Checks rootfs.diff_ids against the layers, then tags it with each of `tags`
    /// (moved from other images if needed). Throws Error(kInvalidArgument) for an invalid
    /// config, a count or diff ID mismatch, or an invalid tag; nothing is kept then.
    CreatedImage Create(std::string_view config_json,
                        std::span<const std::filesystem::path> layer_files,
                        std::span<const std::string> tags = {});

    /// `docker import`: one layer from `rootfs_tar`, a config built as moby does (changes
    /// applied to an empty container config, one history entry commented with the message).
    CreatedImage Import(const std::filesystem::path& rootfs_tar, const ImportOptions& options);

    /// The full image ID `ref` names: "sha256:<hex>" or 64 hex digits, a reference ("busybox"
    /// means busybox:latest), or a unique prefix of the hex ID (with or without "sha256:").
    /// Throws Error(kNotFound, "No such image: <ref>"), Error(kInvalidArgument) for a malformed ref.
    std::string Resolve(std::string_view ref) const;

    /// Points repository[:tag] at the image `source` names (moby's TagImage); the tag
    /// defaults to "latest". Returns the familiar tag and the image it moved from.
    TagChange Tag(std::string_view source, std::string_view repository, std::string_view tag);

    /// `docker rmi` with moby's semantics: by reference, the reference is removed and the image
    /// deleted only when that was its last one; by ID, all references go and the image is
    /// deleted. Throws Error(kConflict) with moby's texts when the image has several references
    /// (by ID, without force) or containers use it.
    std::vector<DeleteRecord> Delete(std::string_view ref,
                                     const DeleteOptions& options,
                                     const ContainerUseLookup& uses);

    /// The images GET /images/json shows, newest first.
    std::vector<ImageDetails> List(const ListOptions& options) const;
    /// GET /images/{name}/json.
    ImageDetails Inspect(std::string_view ref) const;
    /// GET /images/{name}/history.
    std::vector<HistoryEntry> History(std::string_view ref) const;
    /// POST /images/prune.
    PruneReport Prune(const PruneOptions& options, const ContainerUseLookup& uses);
    /// The image part of GET /system/df.
    DiskUsage GetDiskUsage(const ContainerUseLookup& uses) const;

    /// The image `ref` names with all its tags, for the save writer.
    ImageExport ExportImage(const std::string& ref) const;
    /// What `docker save NAME...` writes, as moby's tarexport picks it: an ID or ID prefix
    /// gives the image untagged, "repo:tag" that tag, a bare "repo" every tag of that
    /// repository. Images named several times come once, with every tag asked for.
    std::vector<ImageExport> ExportImages(std::span<const std::string> names) const;

    /// How many images there are (docker info's Images).
    std::size_t Count() const;
    /// Where the layers are, for the overlay driver and inspect's GraphDriver.
    const LayerStore& layers() const { return layers_; }
    /// What opening the store had to repair ("image sha256:…: config blob missing; dropped").
    const std::vector<std::string>& open_problems() const { return open_problems_; }

  private:
    struct Entry;
    struct Records;
    class Deleter;

    CreatedImage CreateLocked(std::string_view config_json,
                              const std::vector<LayerInfo>& layers,
                              const std::vector<Reference>& tags);
    ImageDetails DetailsOf(const Records& records, const Entry& entry) const;
    void Commit(Records next);
    void RemoveUnreferenced();
    void Load();
    Entry LoadEntry(const std::string& id, const nlohmann::json& record) const;
    void Persist(const Records& records) const;
    ImageExport ExportOf(const Entry& entry, std::vector<std::string> repo_tags) const;

    std::filesystem::path records_file_;
    Clock clock_;
    FileContentStore content_;
    LayerStore layers_;
    mutable std::mutex mutex_;
    std::unique_ptr<Records> records_;
    std::vector<std::string> open_problems_;
};

}  // namespace engine::image
