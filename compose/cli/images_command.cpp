#include "compose/cli/images_command.hpp"

#include <array>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>

#include <CLI/CLI.hpp>

#include "compose/cli/ps_command.hpp"

namespace compose::cli {
namespace {

struct ImageRow final {
    std::string repository = "<none>";
    std::string tag = "<none>";
    std::string id;
    double size = 0;
};

ImageRow ReadImage(const nlohmann::json& image, const std::string& id) {
    ImageRow row;
    row.id = id;
    row.size = image.value("Size", 0.0);
    const nlohmann::json tags = image.value("RepoTags", nlohmann::json::array());
    if (tags.is_array() && !tags.empty()) {
        const std::string tag = tags.front().get<std::string>();
        // The tag follows the last ':' that is after the last '/' (a registry port is not a tag).
        const auto colon = tag.rfind(':');
        if (colon != std::string::npos && (tag.rfind('/') == std::string::npos || colon > tag.rfind('/'))) {
            row.repository = tag.substr(0, colon);
            row.tag = tag.substr(colon + 1);
        } else {
            row.repository = tag;
            row.tag = "latest";
        }
    }
    return row;
}

std::string ShortId(const std::string& id) {
    const std::string bare = id.starts_with("sha256:") ? id.substr(7) : id;
    return bare.substr(0, 12);
}

}  // namespace

std::string HumanSize(double bytes) {
    constexpr std::array<const char*, 9> kUnits = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    std::size_t unit = 0;
    while (bytes >= 1000.0 && unit + 1 < kUnits.size()) {
        bytes /= 1000.0;
        ++unit;
    }
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%.3g%s", bytes, kUnits[unit]);
    return buffer.data();
}

int RunImages(const ImagesOptions& options,
              const ProjectContext& context,
              engine::client::EngineApi& api,
              std::ostream& out) {
    std::map<std::string, ImageRow> images;  // by image ID: each inspected once
    std::vector<std::vector<std::string>> table{{"CONTAINER", "REPOSITORY", "TAG", "IMAGE ID", "SIZE"}};
    nlohmann::json array = nlohmann::json::array();
    std::set<std::string> printed;
    for (const reconcile::ObservedContainer& container :
         ContainersOf(context, SelectServices(context, options.selected))) {
        if (container.image_id.empty()) {
            continue;
        }
        auto it = images.find(container.image_id);
        if (it == images.end()) {
            it = images.emplace(container.image_id, ReadImage(api.ImageInspect(container.image_id), container.image_id))
                     .first;
        }
        const ImageRow& image = it->second;
        if (options.quiet) {
            if (printed.insert(image.id).second) {
                out << image.id << '\n';
            }
            continue;
        }
        table.push_back({container.name, image.repository, image.tag, ShortId(image.id), HumanSize(image.size)});
        array.push_back({{"ContainerName", container.name},
                         {"Repository", image.repository},
                         {"Tag", image.tag},
                         {"ID", image.id},
                         {"Size", image.size}});
    }
    if (options.quiet) {
        return 0;
    }
    if (options.format == "json") {
        out << array.dump() << '\n';
    } else {
        WriteTable(table, out);
    }
    return 0;
}

void AddImagesCommand(CLI::App& app,
                      const GlobalOptions& global,
                      const std::shared_ptr<EngineOptions>& engine,
                      int& exit_code) {
    auto options = std::make_shared<ImagesOptions>();
    CLI::App* cmd = app.add_subcommand("images", "List images used by the created containers");
    cmd->add_flag("-q,--quiet", options->quiet, "Only display IDs");
    cmd->add_option("--format", options->format, "Format the output")->check(CLI::IsMember({"table", "json"}));
    cmd->add_option("services", options->selected, "Services");
    cmd->callback([options, &global, engine, &exit_code] {
        const CommandEnvironment env = PrepareProjectCommand(global, *engine, options->selected, std::cerr);
        exit_code = RunImages(*options, env.project, *env.api, std::cout);
    });
}

}  // namespace compose::cli
