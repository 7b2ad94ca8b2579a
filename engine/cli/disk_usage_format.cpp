// `berth system df` rows, computed as docker's cli/command/formatter/disk_usage.go does.
#include <string>

#include "engine/cli/image_format.hpp"
#include "engine/cli/units.hpp"

namespace engine::cli {
namespace {

using nlohmann::json;

const json& List(const json& usage, const char* key) {
    static const json kEmpty = json::array();
    const auto it = usage.find(key);
    return it != usage.end() && it->is_array() ? *it : kEmpty;
}

std::int64_t Int(const json& object, const char* key, std::int64_t fallback = 0) {
    const auto it = object.find(key);
    return it != object.end() && it->is_number() ? it->get<std::int64_t>() : fallback;
}

// "1.2MB (50%)", or just the size when there is nothing to take a share of.
std::string WithPercent(std::int64_t reclaimable, std::int64_t total) {
    std::string text = HumanSize(static_cast<double>(reclaimable));
    if (total > 0) {
        text += " (" + std::to_string(reclaimable * 100 / total) + "%)";
    }
    return text;
}

json Row(const char* type, std::size_t total, std::size_t active, std::int64_t size, std::string reclaimable) {
    return json{{"Type", type},
                {"TotalCount", std::to_string(total)},
                {"Active", std::to_string(active)},
                {"Size", HumanSize(static_cast<double>(size))},
                {"Reclaimable", std::move(reclaimable)}};
}

json ImagesRow(const json& usage) {
    const json& images = List(usage, "Images");
    const std::int64_t total_size = Int(usage, "LayersSize");
    std::size_t active = 0;
    std::int64_t used = 0;
    for (const json& image : images) {
        if (Int(image, "Containers") > 0) {
            ++active;
        }
        const std::int64_t size = Int(image, "Size", -1);
        const std::int64_t shared = Int(image, "SharedSize", -1);
        if (Int(image, "Containers") != 0 && size != -1 && shared != -1) {
            used += size - shared;
        }
    }
    return Row("Images", images.size(), active, total_size, WithPercent(total_size - used, total_size));
}

json ContainersRow(const json& usage) {
    const json& containers = List(usage, "Containers");
    std::size_t active = 0;
    std::int64_t size = 0;
    std::int64_t reclaimable = 0;
    for (const json& container : containers) {
        const std::string state = container.value("State", "");
        const bool running = state.find("running") != std::string::npos || state.find("paused") != std::string::npos ||
                             state.find("restarting") != std::string::npos;
        const std::int64_t size_rw = Int(container, "SizeRw");
        size += size_rw;
        if (running) {
            ++active;
        } else {
            reclaimable += size_rw;
        }
    }
    return Row("Containers", containers.size(), active, size, WithPercent(reclaimable, size));
}

json VolumesRow(const json& usage) {
    const json& volumes = List(usage, "Volumes");
    std::size_t active = 0;
    std::int64_t size = 0;
    std::int64_t reclaimable = 0;
    for (const json& volume : volumes) {
        const json data = volume.value("UsageData", json::object());
        const std::int64_t ref_count = Int(data, "RefCount", -1);
        const std::int64_t volume_size = Int(data, "Size", -1);
        if (ref_count > 0) {
            ++active;
        }
        if (volume_size != -1) {
            size += volume_size;
            if (ref_count == 0) {
                reclaimable += volume_size;
            }
        }
    }
    return Row("Local Volumes", volumes.size(), active, size, WithPercent(reclaimable, size));
}

json BuildCacheRow(const json& usage) {
    const json& records = List(usage, "BuildCache");
    std::size_t active = 0;
    std::int64_t size = 0;
    std::int64_t in_use = 0;
    for (const json& record : records) {
        const bool used = record.value("InUse", false);
        const bool shared = record.value("Shared", false);
        active += used ? 1 : 0;
        if (!shared) {
            size += Int(record, "Size");
            in_use += used ? Int(record, "Size") : 0;
        }
    }
    return Row("Build Cache", records.size(), active, size, HumanSize(static_cast<double>(size - in_use)));
}

}  // namespace

json DiskUsageHeaders() {
    return json{{"Type", "TYPE"},
                {"TotalCount", "TOTAL"},
                {"Active", "ACTIVE"},
                {"Size", "SIZE"},
                {"Reclaimable", "RECLAIMABLE"}};
}

std::vector<json> DiskUsageRows(const json& usage) {
    return {ImagesRow(usage), ContainersRow(usage), VolumesRow(usage), BuildCacheRow(usage)};
}

}  // namespace engine::cli
