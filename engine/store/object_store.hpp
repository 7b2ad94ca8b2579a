#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace engine::store {

/// The kinds of record the daemon keeps. Values are explicit because each names a directory
/// under the data root (see KindDirectory).
enum class Kind : int {
    kContainer = 1,
    kNetwork = 2,
    kVolume = 3,
    kImage = 4,
};

inline constexpr std::array<Kind, 4> kAllKinds = {Kind::kContainer, Kind::kNetwork, Kind::kVolume, Kind::kImage};

/// The directory of a kind under the store root: "containers", "networks", "volumes", "images".
std::string_view KindDirectory(Kind kind);
/// The noun used in messages: "container", "network", "volume", "image".
std::string_view KindNoun(Kind kind);

/// One stored object.
struct Record {
    std::string id;    ///< required: 64 lowercase hex digits (engine::IsObjectId)
    std::string name;  ///< optional ("" for none); unique within its kind, with or without a leading "/"
    std::string json;  ///< required: a JSON document; stored and returned in compact form

    friend bool operator==(const Record&, const Record&) = default;
};

/// The seam between the daemon's handlers and where object records live (DESIGN.md section 3).
/// Implementations: FileObjectStore (durable, under the data root) and MemoryObjectStore
/// (tests); tests/unit/engine/store/object_store_conformance.hpp holds the suite both pass.
/// All implementations are safe to call from several threads at once.
///
/// Errors (engine::Error), with Docker's texts:
///   kNotFound        "no such container: <ref>"
///   kInvalidArgument "multiple IDs found with provided prefix: <prefix>" (moby's errAmbiguous,
///                    an errdefs.InvalidParameter, so HTTP 400), and malformed ids or JSON
///   kConflict        "the name \"/web\" is already in use by container <id>; remove or rename it"
class ObjectStore {
  public:
    virtual ~ObjectStore() = default;

    /// Creates or replaces the record with `record.id`. When Put returns, the record is
    /// committed (for a durable store: it survives a crash). Throws kInvalidArgument for a
    /// malformed id or JSON, kConflict when another record of the kind has the same name.
    virtual void Put(Kind kind, const Record& record) = 0;

    /// The record with exactly this full id; kNotFound otherwise.
    virtual Record Get(Kind kind, std::string_view id) const = 0;

    /// Removes the record with exactly this full id, committed when Delete returns; kNotFound
    /// when there is none.
    virtual void Delete(Kind kind, std::string_view id) = 0;

    /// Every record of a kind, ordered by id.
    virtual std::vector<Record> List(Kind kind) const = 0;

    /// The full id that `ref` designates, tried in Docker's order: an exact full id, then a
    /// name (with or without a leading "/"), then a unique id prefix. kNotFound when nothing
    /// matches (or `ref` is empty), kInvalidArgument when the prefix matches several ids.
    virtual std::string Resolve(Kind kind, std::string_view ref) const = 0;
};

}  // namespace engine::store
