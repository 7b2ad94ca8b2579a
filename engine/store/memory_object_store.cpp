#include "engine/store/memory_object_store.hpp"

namespace engine::store {

void MemoryObjectStore::Put(Kind kind, const Record& record) {
    const std::lock_guard lock(mutex_);
    index_.Insert(kind, index_.Prepare(kind, record));
}

Record MemoryObjectStore::Get(Kind kind, std::string_view id) const {
    const std::lock_guard lock(mutex_);
    return index_.Find(kind, id);
}

void MemoryObjectStore::Delete(Kind kind, std::string_view id) {
    const std::lock_guard lock(mutex_);
    index_.Erase(kind, id);
}

std::vector<Record> MemoryObjectStore::List(Kind kind) const {
    const std::lock_guard lock(mutex_);
    return index_.List(kind);
}

std::string MemoryObjectStore::Resolve(Kind kind, std::string_view ref) const {
    const std::lock_guard lock(mutex_);
    return index_.Resolve(kind, ref);
}

}  // namespace engine::store
