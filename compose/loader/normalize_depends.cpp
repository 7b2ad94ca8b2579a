// depends_on in long form, plus the dependencies a service implies by sharing another
// service's namespaces, volumes or links.

#include "compose/loader/normalize_internal.hpp"

namespace compose::loader::normalize_internal {
namespace {

constexpr std::string_view kServicePrefix = "service:";
constexpr std::string_view kContainerPrefix = "container:";

Value Dependency(const Value& origin, bool restart) {
    Value dependency = Derived(Value::MakeMap(), origin);
    dependency["condition"] = Derived(Value("service_started"), origin);
    dependency["required"] = Derived(Value(true), origin);
    if (restart) {
        dependency["restart"] = Derived(Value(true), origin);
    }
    return dependency;
}

void CompleteDependency(Value& dependency) {
    if (dependency.IsNull()) {
        const model::Mark key_mark = dependency.key_mark;
        dependency = Value::MakeMap();
        dependency.key_mark = key_mark;
        dependency.mark = key_mark;
    }
    if (!dependency.IsMap()) {
        return;
    }
    if (dependency.Find("condition") == nullptr) {
        dependency["condition"] = Derived(Value("service_started"), dependency);
    }
    if (dependency.Find("required") == nullptr) {
        dependency["required"] = Derived(Value(true), dependency);
    }
    if (Value* restart = dependency.Find("restart"); restart != nullptr) {
        // The schema allows "true"/"false" strings here; only a true restart is worth keeping.
        const bool on = restart->IsBool() ? restart->AsBool() : ScalarString(*restart) == "true";
        if (on) {
            Replace(*restart, Value(true));
        } else {
            dependency.Erase("restart");
        }
    }
}

void AddImplicit(Value& service, const std::string& name, const Value& origin, bool restart) {
    if (name.empty()) {
        return;
    }
    Value& depends_on = service["depends_on"];
    if (depends_on.Find(name) == nullptr) {
        depends_on[name] = Dependency(origin, restart);
    }
}

// The service names in a list of "NAME[:suffix]" references (volumes_from, links).
void AddReferences(Value& service, std::string_view key) {
    const Value* references = service.Find(key);
    if (references == nullptr || !references->IsSeq()) {
        return;
    }
    const Value::Seq entries = references->AsSeq();
    for (const Value& entry : entries) {
        const std::string text = ScalarString(entry);
        if (key == "volumes_from" && text.starts_with(kContainerPrefix)) {
            continue;
        }
        AddImplicit(service, text.substr(0, text.find(':')), entry, false);
    }
}

}  // namespace

void NormalizeDependencies(Value& service) {
    Value* depends_on = service.Find("depends_on");
    if (depends_on != nullptr && depends_on->IsSeq()) {
        Value map = Derived(Value::MakeMap(), *depends_on);
        map.key_mark = depends_on->key_mark;
        for (const Value& entry : depends_on->AsSeq()) {
            map[ScalarString(entry)] = Dependency(entry, false);
        }
        *depends_on = std::move(map);
    } else if (depends_on != nullptr && depends_on->IsMap()) {
        for (auto& [name, dependency] : depends_on->AsMap()) {
            CompleteDependency(dependency);
        }
    }
    for (const char* key : {"network_mode", "ipc", "pid", "uts"}) {
        const Value* mode = service.Find(key);
        if (mode != nullptr && mode->IsString() && mode->AsString().starts_with(kServicePrefix)) {
            const Value origin = *mode;
            AddImplicit(service, origin.AsString().substr(kServicePrefix.size()), origin, true);
        }
    }
    AddReferences(service, "volumes_from");
    AddReferences(service, "links");
}

}  // namespace compose::loader::normalize_internal
