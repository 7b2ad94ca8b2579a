#include "engine/api/container_json_decode.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "engine/base/error.hpp"

namespace engine::api {
namespace {

using Json = nlohmann::json;

const Json& NullJson() {
    static const Json kNull;
    return kNull;
}

// Go's UnmarshalTypeError text. An element of a slice or a map value has no field name of its
// own: it keeps the field of the slice or map.
std::string TypeError(std::string_view kind,
                      std::string_view struct_name,
                      std::string_view field,
                      std::string_view type) {
    return "invalid JSON: json: cannot unmarshal " + std::string(kind) + " into Go struct field " +
           std::string(struct_name) + "." + std::string(field) + " of type " + std::string(type);
}

}  // namespace

std::string GoJsonKind(const Json& value) {
    switch (value.type()) {
        case Json::value_t::string:
            return "string";
        case Json::value_t::boolean:
            return "bool";
        case Json::value_t::array:
            return "array";
        case Json::value_t::object:
            return "object";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned:
        case Json::value_t::number_float:
            return "number";
        default:
            return "null";
    }
}

void FailTopLevel(const Json& value, std::string_view go_type) {
    throw Error(
        Errc::kInvalidArgument,
        "invalid JSON: json: cannot unmarshal " + GoJsonKind(value) + " into Go value of type " + std::string(go_type));
}

GoStructReader::GoStructReader(const Json& object, std::string struct_name, std::string path)
    : object_(&object), struct_name_(std::move(struct_name)), path_(std::move(path)) {}

const Json* GoStructReader::Find(std::string_view key) const {
    if (!object_->is_object()) {
        return nullptr;
    }
    if (const auto found = object_->find(key); found != object_->end()) {
        return &*found;
    }
    // Go also accepts a key that matches the field name only case-insensitively.
    const auto equal_fold = [key](const std::string& candidate) {
        return std::equal(candidate.begin(), candidate.end(), key.begin(), key.end(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        });
    };
    for (const auto& [name, value] : object_->items()) {
        if (equal_fold(name)) {
            return &value;
        }
    }
    return nullptr;
}

const Json& GoStructReader::Raw(std::string_view key) const {
    const Json* value = Find(key);
    return value == nullptr ? NullJson() : *value;
}

bool GoStructReader::Present(std::string_view key) const {
    return Find(key) != nullptr;
}

bool GoStructReader::Has(std::string_view key) const {
    return !Raw(key).is_null();
}

std::string GoStructReader::FieldPath(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void GoStructReader::Fail(std::string_view key, const Json& value, std::string_view go_type) const {
    throw Error(Errc::kInvalidArgument, TypeError(GoJsonKind(value), struct_name_, FieldPath(key), go_type));
}

void GoStructReader::FailNumber(std::string_view key, const Json& value, std::string_view go_type) const {
    // A number that does not fit an integer type: Go quotes its literal.
    const std::string kind = value.is_number() ? "number " + value.dump() : GoJsonKind(value);
    throw Error(Errc::kInvalidArgument, TypeError(kind, struct_name_, FieldPath(key), go_type));
}

void GoStructReader::Read(std::string_view key, std::string& out, std::string_view go_type) const {
    const Json& value = Raw(key);
    if (value.is_null()) {
        return;
    }
    if (!value.is_string()) {
        Fail(key, value, go_type);
    }
    out = value.get<std::string>();
}

void GoStructReader::Read(std::string_view key, bool& out) const {
    const Json& value = Raw(key);
    if (value.is_null()) {
        return;
    }
    if (!value.is_boolean()) {
        Fail(key, value, "bool");
    }
    out = value.get<bool>();
}

void GoStructReader::ReadInt(
    std::string_view key, std::int64_t& out, std::string_view go_type, std::int64_t min, std::int64_t max) const {
    const Json& value = Raw(key);
    if (value.is_null()) {
        return;
    }
    if (value.is_number_integer() && !value.is_number_unsigned()) {
        const auto number = value.get<std::int64_t>();
        if (number >= min && number <= max) {
            out = number;
            return;
        }
    } else if (value.is_number_unsigned() && value.get<std::uint64_t>() <= static_cast<std::uint64_t>(max)) {
        out = static_cast<std::int64_t>(value.get<std::uint64_t>());
        return;
    }
    value.is_number() ? FailNumber(key, value, go_type) : Fail(key, value, go_type);
}

void GoStructReader::ReadUint(std::string_view key,
                              std::uint64_t& out,
                              std::string_view go_type,
                              std::uint64_t max) const {
    const Json& value = Raw(key);
    if (value.is_null()) {
        return;
    }
    // Parsed text gives unsigned numbers, values built in C++ signed ones: accept both.
    const bool fits = value.is_number_unsigned() ? value.get<std::uint64_t>() <= max
                                                 : value.is_number_integer() && value.get<std::int64_t>() >= 0 &&
                                                       static_cast<std::uint64_t>(value.get<std::int64_t>()) <= max;
    if (fits) {
        out = value.get<std::uint64_t>();
        return;
    }
    value.is_number() ? FailNumber(key, value, go_type) : Fail(key, value, go_type);
}

void GoStructReader::Read(std::string_view key, std::optional<std::int64_t>& out, std::string_view go_type) const {
    if (Has(key)) {
        std::int64_t number = 0;
        ReadInt(key, number, go_type);
        out = number;
    }
}

void GoStructReader::Read(std::string_view key, std::optional<bool>& out) const {
    if (Has(key)) {
        bool flag = false;
        Read(key, flag);
        out = flag;
    }
}

std::optional<std::array<std::uint64_t, 2>> GoStructReader::ReadUintPair(std::string_view key) const {
    const Json& value = Raw(key);
    if (value.is_null()) {
        return std::nullopt;
    }
    if (!value.is_array()) {
        Fail(key, value, "[2]uint");
    }
    std::array<std::uint64_t, 2> pair{0, 0};
    for (std::size_t i = 0; i < std::min<std::size_t>(value.size(), 2); ++i) {
        const Json& item = value[i];
        if (!item.is_number_integer() || (!item.is_number_unsigned() && item.get<std::int64_t>() < 0)) {
            item.is_number() ? FailNumber(key, item, "uint") : Fail(key, item, "uint");
        }
        pair[i] = item.get<std::uint64_t>();
    }
    return pair;
}

void GoStructReader::Read(std::string_view key, StringList& out) const {
    const Json& value = Raw(key);
    if (value.is_null()) {
        return;
    }
    if (!value.is_array()) {
        Fail(key, value, "[]string");
    }
    std::vector<std::string> items;
    for (const Json& item : value) {
        if (!item.is_string() && !item.is_null()) {
            Fail(key, item, "string");
        }
        items.push_back(item.is_string() ? item.get<std::string>() : std::string());
    }
    out = std::move(items);
}

void GoStructReader::ReadStrSlice(std::string_view key, StringList& out) const {
    const Json& value = Raw(key);
    if (value.is_null()) {
        out = std::nullopt;  // StrSlice's decoder turns null into a nil slice
        return;
    }
    if (value.is_string()) {
        out = std::vector<std::string>{value.get<std::string>()};
        return;
    }
    const bool strings_only = value.is_array() && std::all_of(value.begin(), value.end(), [](const Json& item) {
                                  return item.is_string() || item.is_null();
                              });
    if (!strings_only) {
        throw Error(Errc::kInvalidArgument,
                    "invalid JSON: json: cannot unmarshal " + GoJsonKind(value) + " into Go value of type string");
    }
    std::vector<std::string> items;
    for (const Json& item : value) {
        items.push_back(item.is_string() ? item.get<std::string>() : std::string());
    }
    out = std::move(items);
}

void GoStructReader::Read(std::string_view key, StringMap& out) const {
    const Json& value = Raw(key);
    if (value.is_null()) {
        return;
    }
    if (!value.is_object()) {
        Fail(key, value, "map[string]string");
    }
    std::map<std::string, std::string> items;
    for (const auto& [name, item] : value.items()) {
        if (!item.is_string() && !item.is_null()) {
            Fail(key, item, "string");
        }
        items[name] = item.is_string() ? item.get<std::string>() : std::string();
    }
    out = std::move(items);
}

void GoStructReader::Read(std::string_view key, StringSet& out, std::string_view go_type) const {
    const Json& value = Raw(key);
    if (value.is_null()) {
        return;
    }
    if (!value.is_object()) {
        Fail(key, value, go_type);
    }
    std::set<std::string> items;
    for (const auto& [name, item] : value.items()) {
        if (!item.is_object() && !item.is_null()) {
            Fail(key, item, "struct {}");
        }
        items.insert(name);
    }
    out = std::move(items);
}

std::optional<GoStructReader> GoStructReader::Struct(std::string_view key,
                                                     std::string struct_name,
                                                     std::string_view go_type) const {
    const Json& value = Raw(key);
    if (value.is_null()) {
        return std::nullopt;
    }
    if (!value.is_object()) {
        Fail(key, value, go_type);
    }
    return GoStructReader(value, std::move(struct_name), FieldPath(key));
}

std::optional<std::vector<GoStructReader>> GoStructReader::StructList(std::string_view key,
                                                                      std::string struct_name,
                                                                      std::string_view go_type) const {
    const Json& value = Raw(key);
    if (value.is_null()) {
        return std::nullopt;
    }
    if (!value.is_array()) {
        Fail(key, value, "[]" + std::string(go_type));
    }
    std::vector<GoStructReader> items;
    for (const Json& item : value) {
        if (!item.is_object() && !item.is_null()) {
            Fail(key, item, go_type);
        }
        items.emplace_back(item, struct_name, FieldPath(key));
    }
    return items;
}

std::optional<std::vector<std::pair<std::string, std::optional<GoStructReader>>>> GoStructReader::StructMap(
    std::string_view key, std::string struct_name, std::string_view go_type) const {
    const Json& value = Raw(key);
    if (value.is_null()) {
        return std::nullopt;
    }
    if (!value.is_object()) {
        Fail(key, value, "map[string]*" + std::string(go_type));
    }
    std::vector<std::pair<std::string, std::optional<GoStructReader>>> items;
    for (const auto& [name, item] : value.items()) {
        if (item.is_null()) {
            items.emplace_back(name, std::nullopt);
            continue;
        }
        if (!item.is_object()) {
            Fail(key, item, go_type);
        }
        items.emplace_back(name, GoStructReader(item, struct_name, FieldPath(key)));
    }
    return items;
}

}  // namespace engine::api
