// Resource limits and replica counts: sizes in bytes, cpus as floats, and one place for each
// setting (deploy.resources, scale) however the file spelled it.

#include <array>
#include <charconv>

#include "compose/loader/normalize_internal.hpp"

namespace compose::loader::normalize_internal {
namespace {

enum class Unit { kBytes, kCpus, kCount };

struct Folded {
    std::string_view key;
    std::string_view group;
    std::string_view name;
    Unit unit;
};

// The plain service keys and where deploy.resources keeps the same setting.
constexpr std::array<Folded, 4> kFolded{{{"mem_limit", "limits", "memory", Unit::kBytes},
                                         {"cpus", "limits", "cpus", Unit::kCpus},
                                         {"pids_limit", "limits", "pids", Unit::kCount},
                                         {"mem_reservation", "reservations", "memory", Unit::kBytes}}};

std::optional<double> ParseFloat(std::string_view text) {
    double number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return number;
}

std::optional<std::int64_t> ParseInteger(std::string_view text) {
    std::int64_t number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return number;
}

// `field` in its canonical type; `where` names it in messages. Null-safe.
void Convert(Value* field, Unit unit, const std::string& where) {
    if (field == nullptr || field->IsNull()) {
        return;
    }
    const std::string text = ScalarString(*field);
    switch (unit) {
        case Unit::kBytes:
            if (field->IsFloat()) {
                Replace(*field, Value(static_cast<std::int64_t>(field->AsFloat())));
            } else if (!field->IsInt()) {
                const std::optional<std::int64_t> bytes = ParseByteSize(text);
                if (!bytes) {
                    Fail(*field,
                         where + ": invalid size " + Quoted(text) +
                             "; use bytes or a number with a unit, like 512m or 1.5g");
                }
                Replace(*field, Value(*bytes));
            }
            return;
        case Unit::kCpus: {
            const std::optional<double> cpus = field->IsNumber() ? field->AsNumber() : ParseFloat(text);
            if (!cpus) {
                Fail(*field, where + ": invalid number of CPUs " + Quoted(text) + "; use a number like 0.5");
            }
            Replace(*field, Value(*cpus));
            return;
        }
        case Unit::kCount: {
            const std::optional<std::int64_t> count = field->IsInt() ? field->AsInt() : ParseInteger(text);
            if (!count) {
                Fail(*field, where + ": invalid number " + Quoted(text) + "; use a whole number");
            }
            Replace(*field, Value(*count));
            return;
        }
    }
}

Value* FindPath(Value& root, std::initializer_list<std::string_view> keys) {
    Value* node = &root;
    for (std::string_view key : keys) {
        node = node->Find(key);
        if (node == nullptr) {
            return nullptr;
        }
    }
    return node;
}

void FoldIntoDeploy(Value& service, const std::string& path, const Folded& folded) {
    Value* plain = service.Find(folded.key);
    Value* deployed = FindPath(service, {"deploy", "resources", folded.group, folded.name});
    const std::string deployed_name = "deploy.resources." + std::string(folded.group) + "." + std::string(folded.name);
    const std::string plain_text = plain == nullptr ? "" : ScalarString(*plain);
    const std::string deployed_text = deployed == nullptr ? "" : ScalarString(*deployed);
    Convert(plain, folded.unit, path + "." + std::string(folded.key));
    Convert(deployed, folded.unit, path + "." + deployed_name);
    if (plain == nullptr) {
        return;
    }
    if (deployed != nullptr && !(*deployed == *plain)) {
        Fail(*plain,
             path + ": " + std::string(folded.key) + " (" + plain_text + ") and " + deployed_name + " (" +
                 deployed_text + ") disagree; set only one of them");
    }
    const Value origin = *plain;
    for (Value* node :
         {&service["deploy"], &service["deploy"]["resources"], &service["deploy"]["resources"][folded.group]}) {
        if (!node->mark.Known()) {
            node->mark = origin.mark;
            node->key_mark = origin.key_mark;
        }
    }
    Value& slot = service["deploy"]["resources"][folded.group][folded.name];
    slot = origin;
    service.Erase(folded.key);
}

void FoldScale(Value& service, const std::string& path) {
    Value* scale = service.Find("scale");
    Value* replicas = FindPath(service, {"deploy", "replicas"});
    const std::string scale_text = scale == nullptr ? "" : ScalarString(*scale);
    const std::string replicas_text = replicas == nullptr ? "" : ScalarString(*replicas);
    Convert(scale, Unit::kCount, path + ".scale");
    Convert(replicas, Unit::kCount, path + ".deploy.replicas");
    if (replicas == nullptr || replicas->IsNull()) {
        return;
    }
    if (scale != nullptr && !(*scale == *replicas)) {
        Fail(*scale,
             path + ": scale (" + scale_text + ") and deploy.replicas (" + replicas_text +
                 ") disagree; set only one of them");
    }
    if (scale == nullptr) {
        Value moved = *replicas;
        service["scale"] = std::move(moved);
    }
    Value& deploy = service["deploy"];
    deploy.Erase("replicas");
    if (deploy.AsMap().empty()) {
        service.Erase("deploy");
    }
}

// The schema types deploy.resources.*.memory as a string only, so the canonical tree spells the
// byte count as decimal text there (as `docker compose config` does); elsewhere it is an integer.
void MemoryAsText(Value* memory) {
    if (memory != nullptr && memory->IsInt()) {
        Replace(*memory, Value(std::to_string(memory->AsInt())));
    }
}

}  // namespace

void NormalizeResources(Value& service, const std::string& path) {
    for (const Folded& folded : kFolded) {
        FoldIntoDeploy(service, path, folded);
    }
    MemoryAsText(FindPath(service, {"deploy", "resources", "limits", "memory"}));
    MemoryAsText(FindPath(service, {"deploy", "resources", "reservations", "memory"}));
    Convert(FindPath(service, {"deploy", "resources", "reservations", "cpus"}),
            Unit::kCpus,
            path + ".deploy.resources.reservations.cpus");
    Convert(service.Find("memswap_limit"), Unit::kBytes, path + ".memswap_limit");
    Convert(service.Find("shm_size"), Unit::kBytes, path + ".shm_size");
    FoldScale(service, path);
}

}  // namespace compose::loader::normalize_internal
