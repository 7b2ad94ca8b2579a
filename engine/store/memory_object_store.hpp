#pragma once

#include <mutex>

#include "engine/store/object_store.hpp"
#include "engine/store/record_index.hpp"

namespace engine::store {

/// An ObjectStore that keeps records in memory only, for tests of the code above the store.
/// Same semantics and errors as FileObjectStore, minus durability.
class MemoryObjectStore final : public ObjectStore {
  public:
    void Put(Kind kind, const Record& record) override;
    Record Get(Kind kind, std::string_view id) const override;
    void Delete(Kind kind, std::string_view id) override;
    std::vector<Record> List(Kind kind) const override;
    std::string Resolve(Kind kind, std::string_view ref) const override;

  private:
    mutable std::mutex mutex_;
    RecordIndex index_;
};

}  // namespace engine::store
