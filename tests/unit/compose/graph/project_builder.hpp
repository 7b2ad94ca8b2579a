#pragma once

#include <initializer_list>
#include <string>
#include <utility>

#include "compose/model/project.hpp"
#include "compose/model/value.hpp"

// Hand-built normalized service trees for the graph tests: no loader involved, so a graph test
// fails only for graph reasons.
namespace compose::graph::testing {

inline model::Value Map(std::initializer_list<std::pair<std::string, model::Value>> entries) {
    model::Value map = model::Value::MakeMap();
    for (const auto& [key, value] : entries) {
        map[key] = value;
    }
    return map;
}

inline model::Value Seq(std::initializer_list<const char*> items) {
    model::Value seq = model::Value::MakeSeq();
    for (const char* item : items) {
        seq.AsSeq().emplace_back(item);
    }
    return seq;
}

/// One normalized depends_on entry, as normalization writes the short syntax.
inline std::pair<std::string, model::Value> Dep(std::string name, bool required = true) {
    return {std::move(name),
            Map({{"condition", model::Value("service_started")},
                 {"required", model::Value(required)},
                 {"restart", model::Value(false)}})};
}

/// A busybox service with a depends_on map of `deps`.
inline model::Value DependsOn(std::initializer_list<std::pair<std::string, model::Value>> deps) {
    return Map({{"image", model::Value("busybox")}, {"depends_on", Map(deps)}});
}

inline model::Value Plain() {
    return Map({{"image", model::Value("busybox")}});
}

inline model::Project MakeProject(std::initializer_list<std::pair<std::string, model::Value>> services) {
    model::Project project;
    project.name = "test";
    project.config["services"] = Map(services);
    return project;
}

}  // namespace compose::graph::testing
