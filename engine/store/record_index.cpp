#include "engine/store/record_index.hpp"

#include <nlohmann/json.hpp>

#include "engine/base/error.hpp"
#include "engine/base/id.hpp"

namespace engine::store {
namespace {

// Docker capitalizes "No such container"; the house style for messages is lowercase.
Error NoSuch(Kind kind, std::string_view ref) {
    return Error(Errc::kNotFound, "no such " + std::string(KindNoun(kind)) + ": " + std::string(ref));
}

std::string DisplayName(Kind kind, std::string_view canonical) {
    // Docker shows container names with their leading "/" and other names bare.
    return kind == Kind::kContainer ? "/" + std::string(canonical) : std::string(canonical);
}

std::string CompactJson(Kind kind, const Record& record) {
    try {
        return nlohmann::json::parse(record.json).dump();
    } catch (const nlohmann::json::exception& e) {
        throw Error(Errc::kInvalidArgument,
                    "store " + std::string(KindNoun(kind)) + " " + record.id + ": invalid JSON: " + e.what());
    }
}

}  // namespace

std::string_view CanonicalName(std::string_view name) {
    if (!name.empty() && name.front() == '/') {
        name.remove_prefix(1);
    }
    return name;
}

Record RecordIndex::Prepare(Kind kind, const Record& record) const {
    if (!IsObjectId(record.id)) {
        throw Error(Errc::kInvalidArgument,
                    "store " + std::string(KindNoun(kind)) + ": invalid id \"" + record.id +
                        "\": expected 64 lowercase hex digits");
    }
    if (!record.name.empty() && CanonicalName(record.name).empty()) {
        throw Error(
            Errc::kInvalidArgument,
            "store " + std::string(KindNoun(kind)) + " " + record.id + ": invalid name \"" + record.name + "\"");
    }
    Record prepared{record.id, record.name, CompactJson(kind, record)};
    const KindIndex* index = FindKind(kind);
    if (index != nullptr && !record.name.empty()) {
        const auto owner = index->id_by_name.find(CanonicalName(record.name));
        if (owner != index->id_by_name.end() && owner->second != record.id) {
            throw Error(Errc::kConflict,
                        "the name \"" + DisplayName(kind, owner->first) + "\" is already in use by " +
                            std::string(KindNoun(kind)) + " " + owner->second + "; remove or rename it");
        }
    }
    return prepared;
}

void RecordIndex::Insert(Kind kind, Record record) {
    KindIndex& index = kinds_[kind];
    const auto existing = index.by_id.find(record.id);
    if (existing != index.by_id.end()) {
        // A Put may rename: the old name must be free for others from now on.
        if (!existing->second.name.empty()) {
            index.id_by_name.erase(std::string(CanonicalName(existing->second.name)));
        }
    }
    if (!record.name.empty()) {
        index.id_by_name[std::string(CanonicalName(record.name))] = record.id;
    }
    const std::string id = record.id;
    index.by_id.insert_or_assign(id, std::move(record));
}

const Record& RecordIndex::Find(Kind kind, std::string_view id) const {
    const KindIndex* index = FindKind(kind);
    if (index != nullptr) {
        const auto found = index->by_id.find(id);
        if (found != index->by_id.end()) {
            return found->second;
        }
    }
    throw NoSuch(kind, id);
}

void RecordIndex::Erase(Kind kind, std::string_view id) {
    const Record& record = Find(kind, id);
    KindIndex& index = kinds_.at(kind);
    if (!record.name.empty()) {
        index.id_by_name.erase(std::string(CanonicalName(record.name)));
    }
    index.by_id.erase(index.by_id.find(id));
}

std::vector<Record> RecordIndex::List(Kind kind) const {
    std::vector<Record> records;
    if (const KindIndex* index = FindKind(kind)) {
        records.reserve(index->by_id.size());
        for (const auto& [id, record] : index->by_id) {
            records.push_back(record);
        }
    }
    return records;
}

std::string RecordIndex::Resolve(Kind kind, std::string_view ref) const {
    const KindIndex* index = FindKind(kind);
    if (index == nullptr || ref.empty()) {
        throw NoSuch(kind, ref);
    }
    if (index->by_id.contains(ref)) {
        return std::string(ref);
    }
    if (const auto named = index->id_by_name.find(CanonicalName(ref)); named != index->id_by_name.end()) {
        return named->second;
    }
    // Ids sort lexicographically, so all ids with this prefix are adjacent from lower_bound.
    const auto first = index->by_id.lower_bound(ref);
    if (first == index->by_id.end() || !first->first.starts_with(ref)) {
        throw NoSuch(kind, ref);
    }
    const auto second = std::next(first);
    if (second != index->by_id.end() && second->first.starts_with(ref)) {
        throw Error(Errc::kInvalidArgument, "multiple IDs found with provided prefix: " + std::string(ref));
    }
    return first->first;
}

const RecordIndex::KindIndex* RecordIndex::FindKind(Kind kind) const {
    const auto found = kinds_.find(kind);
    return found == kinds_.end() ? nullptr : &found->second;
}

}  // namespace engine::store
