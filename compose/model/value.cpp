#include "compose/model/value.hpp"

#include <array>
#include <charconv>
#include <ostream>

#include "compose/model/config_hash.hpp"

namespace compose::model {

std::string Mark::ToString() const {
    if (!Known()) {
        return {};
    }
    std::string out = file ? *file : std::string("<input>");
    out += ':' + std::to_string(line) + ':' + std::to_string(column);
    return out;
}

const Value* Value::Find(std::string_view key) const {
    if (!IsMap()) {
        return nullptr;
    }
    const auto& map = AsMap();
    auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
}

Value* Value::Find(std::string_view key) {
    return const_cast<Value*>(static_cast<const Value&>(*this).Find(key));  // NOLINT
}

Value& Value::operator[](std::string_view key) {
    if (IsNull()) {
        data_ = Map{};
    }
    auto& map = AsMap();
    auto it = map.find(key);
    if (it == map.end()) {
        it = map.emplace(std::string(key), Value()).first;
    }
    return it->second;
}

bool Value::Erase(std::string_view key) {
    if (!IsMap()) {
        return false;
    }
    auto& map = AsMap();
    auto it = map.find(key);
    if (it == map.end()) {
        return false;
    }
    map.erase(it);
    return true;
}

std::string Value::ScalarText() const {
    switch (kind()) {
        case Kind::kNull:
            return {};
        case Kind::kBool:
            return AsBool() ? "true" : "false";
        case Kind::kInt:
            return std::to_string(AsInt());
        case Kind::kFloat: {
            std::array<char, 64> buf{};
            auto res = std::to_chars(buf.data(), buf.data() + buf.size(), AsFloat());
            return std::string(buf.data(), res.ptr);
        }
        case Kind::kString:
            return AsString();
        case Kind::kSeq:
        case Kind::kMap:
            return {};
    }
    return {};
}

std::string_view Value::KindName(Kind kind) {
    switch (kind) {
        case Kind::kNull:
            return "null";
        case Kind::kBool:
            return "boolean";
        case Kind::kInt:
            return "integer";
        case Kind::kFloat:
            return "number";
        case Kind::kString:
            return "string";
        case Kind::kSeq:
            return "array";
        case Kind::kMap:
            return "object";
    }
    return "unknown";
}

std::ostream& operator<<(std::ostream& os, const Value& value) {
    return os << CanonicalJson(value);
}

}  // namespace compose::model
