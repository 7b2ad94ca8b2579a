#include <nlohmann/json.hpp>

#include "compose/loader/yaml_writer.hpp"

namespace compose::loader {
namespace {

using model::Value;

nlohmann::json ToJson(const Value& value, const WriteOptions& options) {
    switch (value.kind()) {
        case Value::Kind::kNull:
            return nullptr;
        case Value::Kind::kBool:
            return value.AsBool();
        case Value::Kind::kInt:
            return value.AsInt();
        case Value::Kind::kFloat:
            return value.AsFloat();
        case Value::Kind::kString:
            return options.escape_dollars ? EscapeDollars(value.AsString()) : value.AsString();
        case Value::Kind::kSeq: {
            auto out = nlohmann::json::array();
            for (const Value& item : value.AsSeq()) {
                out.push_back(ToJson(item, options));
            }
            return out;
        }
        case Value::Kind::kMap: {
            auto out = nlohmann::json::object();
            for (const auto& [key, child] : value.AsMap()) {
                out[key] = ToJson(child, options);
            }
            return out;
        }
    }
    return nullptr;
}

}  // namespace

std::string WriteJson(const model::Value& value, const WriteOptions& options) {
    // Replace invalid UTF-8 rather than throw: a value is printable whatever bytes it holds.
    return ToJson(value, options).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace compose::loader
