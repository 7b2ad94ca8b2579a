#include "engine/volume/volume_record.hpp"

#include <ctime>

#include <nlohmann/json.hpp>

#include "engine/base/error.hpp"

namespace engine::volume {
namespace {

using nlohmann::json;
using std::chrono::nanoseconds;
using std::chrono::system_clock;

json OptionalMap(const std::optional<StringMap>& map) {
    return map ? json(*map) : json(nullptr);
}

std::optional<StringMap> ReadOptionalMap(const json& document, const char* key) {
    const auto found = document.find(key);
    if (found == document.end() || found->is_null()) {
        return std::nullopt;
    }
    return found->get<StringMap>();
}

}  // namespace

std::string FormatRfc3339(system_clock::time_point time) {
    const std::time_t seconds = system_clock::to_time_t(time);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[32];
    std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

std::string EncodeVolumeRecord(const Volume& volume) {
    const auto nanos = std::chrono::duration_cast<nanoseconds>(volume.created_at.time_since_epoch()).count();
    return json{{"Name", volume.name},
                {"Driver", volume.driver},
                {"CreatedUnixNano", nanos},
                {"Labels", OptionalMap(volume.labels)},
                {"Options", OptionalMap(volume.options)},
                {"Anonymous", volume.anonymous},
                {"Populated", volume.populated}}
        .dump();
}

Volume DecodeVolumeRecord(const std::string& text) {
    try {
        const json document = json::parse(text);
        Volume volume;
        volume.name = document.at("Name").get<std::string>();
        volume.driver = document.at("Driver").get<std::string>();
        volume.created_at = system_clock::time_point(std::chrono::duration_cast<system_clock::duration>(
            nanoseconds(document.at("CreatedUnixNano").get<std::int64_t>())));
        volume.labels = ReadOptionalMap(document, "Labels");
        volume.options = ReadOptionalMap(document, "Options");
        volume.anonymous = document.value("Anonymous", false);
        volume.populated = document.value("Populated", false);
        return volume;
    } catch (const json::exception& error) {
        throw Error(Errc::kInvalidArgument, std::string("not a volume record: ") + error.what());
    }
}

}  // namespace engine::volume
