#include "engine/cli/image_format.hpp"

#include <map>
#include <string>

#include "engine/base/error.hpp"
#include "engine/cli/units.hpp"
#include "engine/image/reference.hpp"

namespace engine::cli {
namespace {

using nlohmann::json;

std::int64_t Int(const json& object, const char* key, std::int64_t fallback = 0) {
    const auto it = object.find(key);
    return it != object.end() && it->is_number() ? it->get<std::int64_t>() : fallback;
}

std::vector<std::string> Strings(const json& object, const char* key) {
    std::vector<std::string> out;
    const auto it = object.find(key);
    if (it != object.end() && it->is_array()) {
        for (const json& item : *it) {
            if (item.is_string()) {
                out.push_back(item.get<std::string>());
            }
        }
    }
    return out;
}

json ImageRow(const json& image,
              bool no_trunc,
              TimePoint now,
              const std::string& repo,
              const std::string& tag,
              const std::string& digest) {
    const std::string id = image.value("Id", "");
    const std::int64_t size = Int(image, "Size");
    const std::int64_t shared = Int(image, "SharedSize", -1);
    const std::int64_t containers = Int(image, "Containers", -1);
    const std::int64_t created = Int(image, "Created");
    return json{{"ID", no_trunc ? id : TruncateId(id)},
                {"Repository", repo},
                {"Tag", tag},
                {"Digest", digest},
                {"CreatedSince", CreatedSince(created, now)},
                {"CreatedAt", GoTimeString(created)},
                {"Size", HumanSizeWithPrecision(static_cast<double>(size), 3)},
                {"VirtualSize", HumanSizeWithPrecision(static_cast<double>(Int(image, "VirtualSize", size)), 3)},
                {"Containers", containers == -1 ? "N/A" : std::to_string(containers)},
                {"SharedSize", shared == -1 ? "N/A" : HumanSize(static_cast<double>(shared))},
                {"UniqueSize", shared == -1 || size == -1 ? "N/A" : HumanSize(static_cast<double>(size - shared))}};
}

// familiar name → tags (or digests), keeping the order they were listed in.
using ByRepository = std::map<std::string, std::vector<std::string>>;

void Collect(const std::vector<std::string>& refs, bool want_digest, ByRepository& out) {
    for (const std::string& text : refs) {
        try {
            const image::Reference ref = image::ParseReference(text);
            const std::string& part = want_digest ? ref.digest : ref.tag;
            if (!part.empty()) {
                out[ref.FamiliarName()].push_back(part);
            }
        } catch (const Error&) {
            // docker skips references it cannot parse
        }
    }
}

}  // namespace

json ImageHeaders() {
    return json{{"ID", "IMAGE ID"},
                {"Repository", "REPOSITORY"},
                {"Tag", "TAG"},
                {"Digest", "DIGEST"},
                {"CreatedSince", "CREATED"},
                {"CreatedAt", "CREATED AT"},
                {"Size", "SIZE"},
                {"Containers", "CONTAINERS"},
                {"VirtualSize", "SIZE"},
                {"SharedSize", "SHARED SIZE"},
                {"UniqueSize", "UNIQUE SIZE"}};
}

std::vector<json> ImageRows(const json& images, bool digests, bool no_trunc, TimePoint now) {
    std::vector<json> rows;
    for (const json& image : images.is_array() ? images : json::array()) {
        ByRepository tags;
        ByRepository repo_digests;
        Collect(Strings(image, "RepoTags"), false, tags);
        Collect(Strings(image, "RepoDigests"), true, repo_digests);
        const std::size_t first = rows.size();
        for (const auto& [repo, repo_tags] : tags) {
            std::vector<std::string> shown = digests ? repo_digests[repo] : std::vector<std::string>{};
            repo_digests.erase(repo);
            for (const std::string& tag : repo_tags) {
                if (shown.empty()) {
                    rows.push_back(ImageRow(image, no_trunc, now, repo, tag, "<none>"));
                }
                for (const std::string& digest : shown) {
                    rows.push_back(ImageRow(image, no_trunc, now, repo, tag, digest));
                }
            }
        }
        for (const auto& [repo, repo_digest_list] : repo_digests) {
            if (!digests) {
                rows.push_back(ImageRow(image, no_trunc, now, repo, "<none>", "<none>"));
                continue;
            }
            for (const std::string& digest : repo_digest_list) {
                rows.push_back(ImageRow(image, no_trunc, now, repo, "<none>", digest));
            }
        }
        if (rows.size() == first) {
            rows.push_back(ImageRow(image, no_trunc, now, "<none>", "<none>", "<none>"));
        }
    }
    return rows;
}

json HistoryHeaders() {
    return json{{"ID", "IMAGE"},
                {"CreatedSince", "CREATED"},
                {"CreatedAt", "CREATED AT"},
                {"CreatedBy", "CREATED BY"},
                {"Size", "SIZE"},
                {"Comment", "COMMENT"}};
}

std::vector<json> HistoryRows(const json& history, bool human, bool no_trunc, TimePoint now) {
    std::vector<json> rows;
    for (const json& entry : history.is_array() ? history : json::array()) {
        const std::string id = entry.value("Id", "");
        const std::int64_t created = Int(entry, "Created");
        std::string created_by = entry.value("CreatedBy", "");
        std::replace(created_by.begin(), created_by.end(), '\t', ' ');
        const std::int64_t size = Int(entry, "Size");
        const std::string created_at = Rfc3339(created);
        rows.push_back(
            json{{"ID", no_trunc ? id : TruncateId(id)},
                 {"CreatedSince", human ? CreatedSince(created, now) : created_at},
                 {"CreatedAt", created_at},
                 {"CreatedBy", no_trunc ? created_by : Ellipsis(created_by, 45)},
                 {"Size", human ? HumanSizeWithPrecision(static_cast<double>(size), 3) : std::to_string(size)},
                 {"Comment", entry.value("Comment", "")}});
    }
    return rows;
}

}  // namespace engine::cli
