#include "compose/model/project.hpp"

namespace compose::model {

const Value::Map& Project::Services() const {
    static const Value::Map kEmpty;
    const Value* services = config.Find("services");
    return services != nullptr && services->IsMap() ? services->AsMap() : kEmpty;
}

const Value* Project::Service(std::string_view service_name) const {
    const Value* services = config.Find("services");
    return services == nullptr ? nullptr : services->Find(service_name);
}

std::vector<std::string> Project::ServiceNames() const {
    std::vector<std::string> names;
    for (const auto& [service_name, service] : Services()) {
        names.push_back(service_name);
    }
    return names;
}

std::vector<Dependency> DependenciesOf(const Value& service) {
    std::vector<Dependency> deps;
    const Value* depends_on = service.Find("depends_on");
    if (depends_on == nullptr || !depends_on->IsMap()) {
        return deps;
    }
    for (const auto& [name, spec] : depends_on->AsMap()) {
        Dependency dep{name, "service_started", true, false};
        if (const Value* condition = spec.Find("condition"); condition != nullptr && condition->IsString()) {
            dep.condition = condition->AsString();
        }
        if (const Value* required = spec.Find("required"); required != nullptr && required->IsBool()) {
            dep.required = required->AsBool();
        }
        if (const Value* restart = spec.Find("restart"); restart != nullptr && restart->IsBool()) {
            dep.restart = restart->AsBool();
        }
        deps.push_back(std::move(dep));
    }
    return deps;
}

}  // namespace compose::model
