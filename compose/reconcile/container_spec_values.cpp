// Reading scalars, lists, maps and durations out of the normalized tree. Normalization fixes
// most types, but keys it keeps "as written" (driver_opts, network labels) may still be
// numbers or lists, so these readers accept every spelling the schema allows.

#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "compose/reconcile/container_spec_internal.hpp"

namespace compose::reconcile::container_spec {
namespace {

using model::Value;

struct DurationUnit final {
    std::string_view suffix;
    double nanoseconds;
};

// Longest suffixes first, so "ms" is not read as "m" followed by garbage.
constexpr std::array<DurationUnit, 8> kDurationUnits{{
    {"ns", 1.0},
    {"us", 1e3},
    {"\xC2\xB5s", 1e3},  // U+00B5 micro sign, as Go prints it
    {"\xCE\xBCs", 1e3},  // U+03BC greek mu, which Go also accepts
    {"ms", 1e6},
    {"s", 1e9},
    {"m", 60e9},
    {"h", 3600e9},
}};

std::invalid_argument BadDuration(std::string_view text) {
    return std::invalid_argument("invalid duration \"" + std::string(text) + "\"; expected a Go duration like 1m30s");
}

}  // namespace

const Value* ServiceView::Find(std::string_view key) const {
    const Value* value = service.Find(key);
    return value == nullptr || value->IsNull() ? nullptr : value;
}

const Value* At(const Value& root, std::initializer_list<std::string_view> path) {
    const Value* node = &root;
    for (std::string_view key : path) {
        node = node->Find(key);
        if (node == nullptr || node->IsNull()) {
            return nullptr;
        }
    }
    return node;
}

std::optional<std::string> Text(const Value* value) {
    if (value == nullptr || value->IsNull() || !value->IsScalar()) {
        return std::nullopt;
    }
    return value->ScalarText();
}

std::optional<std::int64_t> Integer(const Value* value) {
    if (value == nullptr) {
        return std::nullopt;
    }
    if (value->IsInt()) {
        return value->AsInt();
    }
    if (value->IsFloat()) {
        return static_cast<std::int64_t>(value->AsFloat());
    }
    if (value->IsString()) {
        const std::string& text = value->AsString();
        std::int64_t number = 0;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (!text.empty() && error == std::errc() && end == text.data() + text.size()) {
            return number;
        }
    }
    return std::nullopt;
}

std::optional<double> Number(const Value* value) {
    if (value == nullptr) {
        return std::nullopt;
    }
    if (value->IsNumber()) {
        return value->AsNumber();
    }
    if (value->IsString()) {
        const std::string& text = value->AsString();
        double number = 0;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (!text.empty() && error == std::errc() && end == text.data() + text.size()) {
            return number;
        }
    }
    return std::nullopt;
}

std::optional<bool> Bool(const Value* value) {
    if (value == nullptr) {
        return std::nullopt;
    }
    if (value->IsBool()) {
        return value->AsBool();
    }
    if (value->IsString() && (value->AsString() == "true" || value->AsString() == "false")) {
        return value->AsString() == "true";
    }
    return std::nullopt;
}

nlohmann::json StringList(const Value* value) {
    if (value == nullptr || value->IsNull()) {
        return nullptr;
    }
    nlohmann::json list = nlohmann::json::array();
    if (value->IsScalar()) {
        list.push_back(value->ScalarText());
        return list;
    }
    if (value->IsSeq()) {
        for (const Value& item : value->AsSeq()) {
            list.push_back(item.ScalarText());
        }
    }
    return list;
}

nlohmann::json StringMap(const Value* value) {
    if (value == nullptr || value->IsNull()) {
        return nullptr;
    }
    nlohmann::json map = nlohmann::json::object();
    if (value->IsMap()) {
        for (const auto& [key, item] : value->AsMap()) {
            map[key] = item.ScalarText();
        }
    } else if (value->IsSeq()) {
        for (const Value& item : value->AsSeq()) {
            const std::string text = item.ScalarText();
            const std::size_t equals = text.find('=');
            map[text.substr(0, equals)] = equals == std::string::npos ? "" : text.substr(equals + 1);
        }
    }
    return map;
}

std::int64_t ParseGoDuration(std::string_view text) {
    std::string_view rest = text;
    const bool negative = !rest.empty() && rest.front() == '-';
    if (!rest.empty() && (rest.front() == '-' || rest.front() == '+')) {
        rest.remove_prefix(1);
    }
    if (rest == "0") {
        return 0;
    }
    if (rest.empty()) {
        throw BadDuration(text);
    }
    double total = 0;
    while (!rest.empty()) {
        const std::size_t digits = rest.find_first_not_of("0123456789.");
        if (digits == 0 || digits == std::string_view::npos) {
            throw BadDuration(text);  // a unit without a number, or a number without a unit
        }
        double number = 0;
        auto [end, error] = std::from_chars(rest.data(), rest.data() + digits, number);
        if (error != std::errc() || end != rest.data() + digits) {
            throw BadDuration(text);
        }
        rest.remove_prefix(digits);
        const DurationUnit* unit = nullptr;
        for (const DurationUnit& candidate : kDurationUnits) {
            if (rest.starts_with(candidate.suffix) &&
                (unit == nullptr || candidate.suffix.size() > unit->suffix.size())) {
                unit = &candidate;
            }
        }
        if (unit == nullptr) {
            throw BadDuration(text);
        }
        total += number * unit->nanoseconds;
        rest.remove_prefix(unit->suffix.size());
    }
    const auto nanoseconds = static_cast<std::int64_t>(std::llround(total));
    return negative ? -nanoseconds : nanoseconds;
}

}  // namespace compose::reconcile::container_spec
