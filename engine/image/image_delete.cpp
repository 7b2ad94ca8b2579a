// ImageStore::Delete and ImageStore::Prune: moby v20.10's daemon/images/image_delete.go and
// image_prune.go, on a copy of the records that is committed once the operation succeeded.

#include <algorithm>
#include <set>

#include "engine/base/error.hpp"
#include "engine/base/id.hpp"
#include "engine/image/image_store.hpp"
#include "engine/image/image_store_records.hpp"

namespace engine::image {
namespace {

// moby's conflictType bits.
enum ConflictMask : unsigned {
    kDependentChild = 1,
    kRunningContainer = 2,
    kActiveReference = 4,
    kStoppedContainer = 8,
    kHard = kDependentChild | kRunningContainer,
    kSoft = kActiveReference | kStoppedContainer,
};

struct Conflict {
    bool hard = false;
    bool used = false;  // a container uses the image
    std::string message;
};

std::string ShortImageId(const std::string& id) {
    return ShortId(std::string_view(id).substr(id.find(':') + 1));
}

// moby's isImageIDPrefix: `ref` is (a prefix of) the ID, with or without "sha256:".
bool IsImageIdPrefix(const std::string& id, std::string_view ref) {
    return id.starts_with(ref) || id.substr(id.find(':') + 1).starts_with(ref);
}

Error ConflictError(const std::string& id, const Conflict& conflict) {
    return Error(Errc::kConflict,
                 "conflict: unable to delete " + ShortImageId(id) + " (" +
                     (conflict.hard ? "cannot be forced" : "must be forced") + ") - " + conflict.message);
}

}  // namespace

// One rmi or prune run over a working copy of the records.
class ImageStore::Deleter final {
  public:
    Deleter(Records& records, const ContainerUseLookup& uses) : records_(records), uses_(uses) {}

    // moby's ImageDelete.
    void Delete(std::string_view ref, bool force, bool prune) {
        const std::string id = records_.Find(ref).id;
        if (!IsImageIdPrefix(id, ref)) {
            DeleteReference(id, ref, force, prune);
            return;
        }
        // By ID with at most one reference: that reference goes too, unless a container is on it.
        if (records_.TagsOf(id).size() == 1) {
            const unsigned mask = kHard | (force ? 0u : kStoppedContainer);
            if (std::optional<Conflict> conflict = Check(id, mask)) {
                throw ConflictError(id, *conflict);
            }
            Untag(id, records_.TagsOf(id).front());
        }
        DeleteImage(id, force, prune, /*quiet=*/false);
    }

    std::vector<DeleteRecord>& records() { return out_; }

    // The images moby's ImagesPrune considers: heads only when pruning dangling images,
    // never an untagged image its children need, then the until and label filters.
    static std::vector<std::string> PruneCandidates(const Records& records,
                                                    const PruneOptions& options,
                                                    const ContainerUseLookup& uses) {
        std::vector<std::string> candidates;
        for (const auto& [id, entry] : records.images) {
            const bool tagged = !records.TagsOf(id).empty();
            const bool has_children = !records.ChildrenOf(id).empty();
            if ((options.dangling_only && (tagged || has_children)) || (!tagged && has_children)) {
                continue;
            }
            if ((options.until && entry.created > *options.until) ||
                (options.label_match && !options.label_match(LabelsOf(*entry.config)))) {
                continue;
            }
            if (!options.dangling_only && uses && !uses(id).empty()) {
                continue;  // prune -a keeps what containers use
            }
            candidates.push_back(id);
        }
        return candidates;
    }

  private:
    void DeleteReference(const std::string& id, std::string_view ref, bool force, bool prune) {
        const std::vector<std::string> tags = records_.TagsOf(id);
        if (!force && tags.size() == 1) {
            for (const ContainerUse& use : Uses(id)) {
                // Untagging would leave a dangling image under a container: make the user say so.
                throw Error(Errc::kConflict,
                            "conflict: unable to remove repository reference \"" + std::string(ref) +
                                "\" (must force) - container " + ShortId(use.container_id) +
                                " is using its referenced image " + ShortImageId(id));
            }
        }
        Untag(id, WithDefaultTag(ParseReference(ref)).String());
        if (records_.TagsOf(id).empty()) {
            DeleteImage(id, force, prune, /*quiet=*/true);
        }
    }

    // moby's imageDeleteHelper.
    void DeleteImage(const std::string& id, bool force, bool prune, bool quiet) {
        if (std::optional<Conflict> conflict = Check(id, kHard | (force ? 0u : kSoft))) {
            const bool dangling = records_.TagsOf(id).empty() && records_.ChildrenOf(id).empty();
            if (quiet && (!dangling || conflict->used)) {
                return;  // the untag was what was asked; the image stays for its user
            }
            throw ConflictError(id, *conflict);
        }
        const std::string parent = records_.images.at(id).parent;
        for (const std::string& tag : records_.TagsOf(id)) {
            Untag(id, tag);
        }
        const Entry removed = std::move(records_.images.at(id));
        records_.images.erase(id);
        out_.push_back(DeleteRecord{"", id, id, false, 0});
        RecordUnusedLayers(removed);
        if (prune && !parent.empty() && records_.images.contains(parent)) {
            DeleteImage(parent, false, true, /*quiet=*/true);
        }
    }

    void Untag(const std::string& id, const std::string& normalized) {
        if (records_.tags.erase(normalized) > 0) {
            out_.push_back(DeleteRecord{FamiliarOf(normalized), "", id, false, 0});
        }
    }

    // The layers of `removed` that no remaining image uses, top first as moby lists them.
    void RecordUnusedLayers(const Entry& removed) {
        std::set<std::string> used;
        for (const auto& [id, entry] : records_.images) {
            for (const LayerInfo& layer : entry.layers) {
                used.insert(layer.chain_id.String());
            }
        }
        for (auto layer = removed.layers.rbegin(); layer != removed.layers.rend(); ++layer) {
            if (!used.contains(layer->chain_id.String())) {
                out_.push_back(DeleteRecord{"", layer->chain_id.String(), removed.id, true, layer->size});
            }
        }
    }

    std::vector<ContainerUse> Uses(const std::string& id) const {
        return uses_ ? uses_(id) : std::vector<ContainerUse>{};
    }

    // moby's checkImageDeleteConflict, in its order.
    std::optional<Conflict> Check(const std::string& id, unsigned mask) const {
        if ((mask & kDependentChild) != 0 && !records_.ChildrenOf(id).empty()) {
            return Conflict{true, false, "image has dependent child images"};
        }
        const std::vector<ContainerUse> uses = Uses(id);
        const auto running =
            std::find_if(uses.begin(), uses.end(), [](const ContainerUse& use) { return use.running; });
        if ((mask & kRunningContainer) != 0 && running != uses.end()) {
            return Conflict{true, true, "image is being used by running container " + ShortId(running->container_id)};
        }
        if ((mask & kActiveReference) != 0 && !records_.TagsOf(id).empty()) {
            return Conflict{false, false, "image is referenced in multiple repositories"};
        }
        const auto stopped =
            std::find_if(uses.begin(), uses.end(), [](const ContainerUse& use) { return !use.running; });
        if ((mask & kStoppedContainer) != 0 && stopped != uses.end()) {
            return Conflict{false, true, "image is being used by stopped container " + ShortId(stopped->container_id)};
        }
        return std::nullopt;
    }

    Records& records_;
    const ContainerUseLookup& uses_;
    std::vector<DeleteRecord> out_;
};

std::vector<DeleteRecord> ImageStore::Delete(std::string_view ref,
                                             const DeleteOptions& options,
                                             const ContainerUseLookup& uses) {
    const std::lock_guard lock(mutex_);
    Records next = *records_;
    Deleter deleter(next, uses);
    deleter.Delete(ref, options.force, options.prune_parents);
    Commit(std::move(next));
    RemoveUnreferenced();
    return std::move(deleter.records());
}

PruneReport ImageStore::Prune(const PruneOptions& options, const ContainerUseLookup& uses) {
    const std::lock_guard lock(mutex_);
    Records next = *records_;
    PruneReport report;
    for (const std::string& id : Deleter::PruneCandidates(next, options, uses)) {
        std::vector<std::string> refs = next.TagsOf(id);
        if (refs.empty()) {
            refs.push_back(Digest::Parse(id).hex());
        }
        for (const std::string& ref : refs) {
            // Each deletion stands alone, as moby's ImageDelete calls do: a conflict skips it.
            Records attempt = next;
            Deleter deleter(attempt, uses);
            try {
                deleter.Delete(ref, false, true);
            } catch (const Error&) {
                continue;
            }
            next = std::move(attempt);
            for (DeleteRecord& record : deleter.records()) {
                report.space_reclaimed += record.is_layer ? record.layer_size : 0;
                report.deleted.push_back(std::move(record));
            }
        }
    }
    Commit(std::move(next));
    RemoveUnreferenced();
    return report;
}

}  // namespace engine::image
