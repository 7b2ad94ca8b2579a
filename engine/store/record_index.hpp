#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/object_store.hpp"

namespace engine::store {

/// The lookup rules every ObjectStore shares (validation, unique names, Docker's resolution
/// order and error texts) over records held in memory. Not thread-safe: each store guards
/// its index with its own mutex, and a durable store writes to disk between Prepare and Insert
/// so a failed write leaves the index untouched.
class RecordIndex final {
  public:
    /// `record` checked and normalized for Put: the id must be an object id, the JSON must parse
    /// (it comes back compact), the name must not belong to another record of the kind.
    /// Throws as ObjectStore::Put does. Does not change the index.
    Record Prepare(Kind kind, const Record& record) const;

    /// Adds or replaces a record returned by Prepare (no checks are repeated).
    void Insert(Kind kind, Record record);

    /// The record with exactly this id; kNotFound otherwise.
    const Record& Find(Kind kind, std::string_view id) const;

    /// Removes the record with exactly this id; kNotFound otherwise.
    void Erase(Kind kind, std::string_view id);

    /// Every record of a kind, ordered by id.
    std::vector<Record> List(Kind kind) const;

    /// As ObjectStore::Resolve.
    std::string Resolve(Kind kind, std::string_view ref) const;

  private:
    struct KindIndex {
        std::map<std::string, Record, std::less<>> by_id;
        std::map<std::string, std::string, std::less<>> id_by_name;  ///< names without the leading "/"
    };

    const KindIndex* FindKind(Kind kind) const;

    std::map<Kind, KindIndex> kinds_;
};

/// `name` without its leading "/", the form names are compared in ("/web" and "web" are one).
std::string_view CanonicalName(std::string_view name);

}  // namespace engine::store
