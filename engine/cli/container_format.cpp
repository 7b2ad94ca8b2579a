// docker's formatter/container.go for `ps`.
#include "engine/cli/container_format.hpp"

#include <algorithm>
#include <map>

#include "engine/cli/units.hpp"

namespace engine::cli {
namespace {

using nlohmann::json;

std::string Names(const json& names, bool no_trunc) {
    std::vector<std::string> stripped;
    for (const json& name : names.is_array() ? names : json::array()) {
        std::string text = name.get<std::string>();
        if (text.starts_with('/')) {
            text.erase(0, 1);
        }
        stripped.push_back(text);
    }
    if (!no_trunc) {
        // The first name that is not a link ("other/alias") stands for the container.
        for (const std::string& name : stripped) {
            if (name.find('/') == std::string::npos) {
                return name;
            }
        }
    }
    std::string joined;
    for (const std::string& name : stripped) {
        joined += (joined.empty() ? "" : ",") + name;
    }
    return joined;
}

std::string ImageName(const json& container, bool no_trunc) {
    const std::string image = container.value("Image", "");
    if (image.empty()) {
        return "<no image>";
    }
    if (no_trunc) {
        return image;
    }
    const std::string image_id = container.value("ImageID", "");
    if (!image_id.empty() && TruncateId(image_id) == TruncateId(image)) {
        return TruncateId(image);
    }
    // docker's ps drops a digest (TrimNamed) unless --no-trunc.
    return image.substr(0, image.find('@'));
}

std::string Size(const json& container) {
    const auto rw = container.value("SizeRw", std::int64_t{0});
    const auto root = container.value("SizeRootFs", std::int64_t{0});
    std::string text = HumanSizeWithPrecision(static_cast<double>(rw), 3);
    if (root > 0) {
        text += " (virtual " + HumanSizeWithPrecision(static_cast<double>(root), 3) + ")";
    }
    return text;
}

std::string JoinSortedMap(const json& object, bool with_values) {
    std::string joined;
    const json map = object.is_object() ? object : json::object();  // items() must not outlive it
    for (const auto& [key, value] : map.items()) {
        joined += (joined.empty() ? "" : ",") + key;
        if (with_values) {
            joined += "=" + (value.is_string() ? value.get<std::string>() : value.dump());
        }
    }
    return joined;
}

std::string Mounts(const json& mounts, bool no_trunc) {
    std::string joined;
    for (const json& mount : mounts.is_array() ? mounts : json::array()) {
        std::string name = mount.value("Name", "");
        if (name.empty()) {
            name = mount.value("Source", "");
        }
        if (!no_trunc) {
            name = Ellipsis(name, 15);
        }
        joined += (joined.empty() ? "" : ",") + name;
    }
    return joined;
}

std::string Quote(const std::string& text) {
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            quoted += '\\';
        }
        quoted += c;
    }
    return quoted + "\"";
}

}  // namespace

json ContainerHeaders() {
    return json{{"ID", "CONTAINER ID"},
                {"Image", "IMAGE"},
                {"Command", "COMMAND"},
                {"CreatedAt", "CREATED AT"},
                {"RunningFor", "CREATED"},
                {"Ports", "PORTS"},
                {"State", "STATE"},
                {"Status", "STATUS"},
                {"Size", "SIZE"},
                {"Names", "NAMES"},
                {"Labels", "LABELS"},
                {"Mounts", "MOUNTS"},
                {"Networks", "NETWORKS"}};
}

std::vector<json> ContainerRows(const json& containers, bool no_trunc, std::chrono::system_clock::time_point now) {
    std::vector<json> rows;
    for (const json& container : containers.is_array() ? containers : json::array()) {
        const std::string id = container.value("Id", "");
        const std::string command = container.value("Command", "");
        const auto created = container.value("Created", std::int64_t{0});
        rows.push_back(json{
            {"ID", no_trunc ? id : TruncateId(id)},
            {"Image", ImageName(container, no_trunc)},
            {"Command", Quote(no_trunc ? command : Ellipsis(command, 20))},
            {"CreatedAt", GoTimeString(created)},
            {"RunningFor", CreatedSince(created, now)},
            {"Ports", DisplayablePorts(container.value("Ports", json::array()))},
            {"State", container.value("State", "")},
            {"Status", container.value("Status", "")},
            {"Size", Size(container)},
            {"Names", Names(container.value("Names", json::array()), no_trunc)},
            {"Labels", JoinSortedMap(container.value("Labels", json::object()), true)},
            {"Mounts", Mounts(container.value("Mounts", json::array()), no_trunc)},
            {"Networks",
             JoinSortedMap(container.value("NetworkSettings", json::object()).value("Networks", json::object()),
                           false)},
        });
    }
    return rows;
}

std::string DisplayablePorts(const json& ports) {
    // Group by "ip:" prefix + "/type", then merge consecutive ports into ranges as docker does.
    struct Mapping {
        int private_port;
        int public_port;
    };
    std::map<std::string, std::vector<Mapping>> groups;
    std::vector<std::string> order;
    for (const json& port : ports.is_array() ? ports : json::array()) {
        const std::string ip = port.value("IP", "");
        const std::string type = port.value("Type", "tcp");
        const int public_port = port.value("PublicPort", 0);
        const std::string key =
            (public_port != 0 ? (ip.find(':') != std::string::npos ? "[" + ip + "]" : ip) + ":" : "") + "/" + type;
        if (!groups.contains(key)) {
            order.push_back(key);
        }
        groups[key].push_back(Mapping{port.value("PrivatePort", 0), public_port});
    }
    std::vector<std::string> parts;
    for (const std::string& key : order) {
        std::vector<Mapping>& list = groups[key];
        std::sort(list.begin(), list.end(), [](const Mapping& a, const Mapping& b) {
            return a.private_port < b.private_port;
        });
        const std::size_t slash = key.rfind('/');
        const std::string prefix = key.substr(0, slash);
        const std::string type = key.substr(slash);
        for (std::size_t i = 0; i < list.size();) {
            std::size_t j = i;
            while (j + 1 < list.size() && list[j + 1].private_port == list[j].private_port + 1 &&
                   (list[i].public_port == 0 ? list[j + 1].public_port == 0
                                             : list[j + 1].public_port == list[j].public_port + 1)) {
                ++j;
            }
            const auto range = [&](int first, int last) {
                return first == last ? std::to_string(first) : std::to_string(first) + "-" + std::to_string(last);
            };
            std::string text = prefix;
            if (list[i].public_port != 0) {
                text += range(list[i].public_port, list[j].public_port) + "->";
            }
            parts.push_back(text + range(list[i].private_port, list[j].private_port) + type);
            i = j + 1;
        }
    }
    std::sort(parts.begin(), parts.end());
    std::string joined;
    for (const std::string& part : parts) {
        joined += (joined.empty() ? "" : ", ") + part;
    }
    return joined;
}

}  // namespace engine::cli
