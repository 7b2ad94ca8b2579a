#include "engine/cli/network_format.hpp"

#include <algorithm>
#include <cctype>

#include "engine/cli/units.hpp"

namespace engine::cli {
namespace {

using nlohmann::json;

constexpr std::string_view kZeroTime = "0001-01-01 00:00:00 +0000 UTC";

bool IsDigit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

std::string BoolText(const json& network, const char* key) {
    const json& value = network.contains(key) ? network.at(key) : json(false);
    return value.is_boolean() && value.get<bool>() ? "true" : "false";
}

std::string Labels(const json& network) {
    std::string text;
    const json labels = network.value("Labels", json::object());
    if (!labels.is_object()) {
        return text;
    }
    for (const auto& [key, value] : labels.items()) {
        text += (text.empty() ? "" : ",") + key + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
    }
    return text;
}

// "+02:00" → "+0200"; nullopt when the text is not an offset.
std::optional<std::string> Offset(std::string_view zone) {
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' || !IsDigit(zone[1]) ||
        !IsDigit(zone[2]) || !IsDigit(zone[4]) || !IsDigit(zone[5])) {
        return std::nullopt;
    }
    return std::string(zone.substr(0, 3)) + std::string(zone.substr(4, 2));
}

}  // namespace

std::string GoTimeStringFromRfc3339(std::string_view text) {
    // "YYYY-MM-DDTHH:MM:SS" then an optional fraction, then "Z" or an offset.
    if (text.size() < 20 || text[10] != 'T') {
        return std::string(kZeroTime);
    }
    std::string_view rest = text.substr(19);
    std::string fraction;
    if (rest.starts_with('.')) {
        std::size_t end = 1;
        while (end < rest.size() && IsDigit(rest[end])) {
            ++end;
        }
        fraction = std::string(rest.substr(0, end));
        rest.remove_prefix(end);
        while (fraction.size() > 1 && fraction.back() == '0') {
            fraction.pop_back();  // Go's .999999999 drops trailing zeros
        }
        if (fraction == ".") {
            fraction.clear();
        }
    }
    std::string zone;
    if (rest == "Z") {
        zone = "+0000 UTC";
    } else if (const std::optional<std::string> offset = Offset(rest)) {
        zone = *offset + " " + *offset;  // a fixed zone without a name prints its offset twice
    } else {
        return std::string(kZeroTime);
    }
    return std::string(text.substr(0, 10)) + " " + std::string(text.substr(11, 8)) + fraction + " " + zone;
}

bool NaturalLess(std::string_view a, std::string_view b) {
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size()) {
        const bool digit_a = IsDigit(a[i]);
        const bool digit_b = IsDigit(b[j]);
        if (digit_a != digit_b) {
            return digit_a;
        }
        if (!digit_a) {
            if (a[i] != b[j]) {
                return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
            }
            ++i;
            ++j;
            continue;
        }
        while (i < a.size() && a[i] == '0') {
            ++i;
        }
        while (j < b.size() && b[j] == '0') {
            ++j;
        }
        const std::size_t start_a = i;
        const std::size_t start_b = j;
        while (i < a.size() && IsDigit(a[i])) {
            ++i;
        }
        while (j < b.size() && IsDigit(b[j])) {
            ++j;
        }
        if (i - start_a != j - start_b) {
            return i - start_a < j - start_b;
        }
        if (const int order = a.substr(start_a, i - start_a).compare(b.substr(start_b, j - start_b)); order != 0) {
            return order < 0;
        }
        if (start_a != start_b) {
            return start_a < start_b;
        }
    }
    return a.size() < b.size();
}

json NetworkHeaders() {
    return json{{"ID", "NETWORK ID"},
                {"Name", "NAME"},
                {"Driver", "DRIVER"},
                {"Scope", "SCOPE"},
                {"IPv4", "IPV4"},
                {"IPv6", "IPV6"},
                {"Internal", "INTERNAL"},
                {"Labels", "LABELS"},
                {"CreatedAt", "CREATED AT"}};
}

std::vector<json> NetworkRows(const json& networks, bool no_trunc) {
    std::vector<json> sorted;
    for (const json& network : networks.is_array() ? networks : json::array()) {
        if (network.is_object()) {
            sorted.push_back(network);
        }
    }
    std::stable_sort(sorted.begin(), sorted.end(), [](const json& a, const json& b) {
        return NaturalLess(a.value("Name", ""), b.value("Name", ""));
    });
    std::vector<json> rows;
    for (const json& network : sorted) {
        const std::string id = network.value("Id", "");
        rows.push_back(json{
            {"ID", no_trunc ? id : TruncateId(id)},
            {"Name", network.value("Name", "")},
            {"Driver", network.value("Driver", "")},
            {"Scope", network.value("Scope", "")},
            {"IPv4", BoolText(network, "EnableIPv4")},
            {"IPv6", BoolText(network, "EnableIPv6")},
            {"Internal", BoolText(network, "Internal")},
            {"Labels", Labels(network)},
            {"CreatedAt", GoTimeStringFromRfc3339(network.value("Created", ""))},
        });
    }
    return rows;
}

}  // namespace engine::cli
