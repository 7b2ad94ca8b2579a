#include "compose/loader/json_value.hpp"

#include <cstdint>
#include <limits>

#include <nlohmann/json.hpp>

namespace compose::loader {

model::Value ValueFromJson(const nlohmann::json& json) {
    using Type = nlohmann::json::value_t;
    switch (json.type()) {
        case Type::null:
        case Type::discarded:
            return model::Value();
        case Type::boolean:
            return model::Value(json.get<bool>());
        case Type::number_integer:
            return model::Value(json.get<std::int64_t>());
        case Type::number_unsigned: {
            const auto u = json.get<std::uint64_t>();
            if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                return model::Value(static_cast<std::int64_t>(u));
            }
            return model::Value(static_cast<double>(u));
        }
        case Type::number_float:
            return model::Value(json.get<double>());
        case Type::string:
            return model::Value(json.get<std::string>());
        case Type::binary:
            return model::Value();
        case Type::array: {
            model::Value::Seq seq;
            seq.reserve(json.size());
            for (const auto& item : json) {
                seq.push_back(ValueFromJson(item));
            }
            return model::Value(std::move(seq));
        }
        case Type::object: {
            model::Value::Map map;
            for (const auto& [key, item] : json.items()) {
                map.emplace(key, ValueFromJson(item));
            }
            return model::Value(std::move(map));
        }
    }
    return model::Value();
}

bool JsonEqual(const model::Value& a, const model::Value& b) {
    if (a.IsNumber() && b.IsNumber()) {
        if (a.IsInt() && b.IsInt()) {
            return a.AsInt() == b.AsInt();
        }
        return a.AsNumber() == b.AsNumber();
    }
    if (a.kind() != b.kind()) {
        return false;
    }
    if (a.IsSeq()) {
        const auto& sa = a.AsSeq();
        const auto& sb = b.AsSeq();
        if (sa.size() != sb.size()) {
            return false;
        }
        for (std::size_t i = 0; i < sa.size(); ++i) {
            if (!JsonEqual(sa[i], sb[i])) {
                return false;
            }
        }
        return true;
    }
    if (a.IsMap()) {
        const auto& ma = a.AsMap();
        const auto& mb = b.AsMap();
        if (ma.size() != mb.size()) {
            return false;
        }
        // Both maps are sorted by the same comparator, so equal maps line up pairwise.
        for (auto ia = ma.begin(), ib = mb.begin(); ia != ma.end(); ++ia, ++ib) {
            if (ia->first != ib->first || !JsonEqual(ia->second, ib->second)) {
                return false;
            }
        }
        return true;
    }
    return a == b;
}

}  // namespace compose::loader
