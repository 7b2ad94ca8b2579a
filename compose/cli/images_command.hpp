#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "compose/cli/engine_options.hpp"
#include "compose/cli/global_options.hpp"
#include "compose/cli/project_context.hpp"

namespace CLI {
class App;
}

namespace compose::cli {

/// The flags of `berth-compose images`.
struct ImagesOptions final {
    bool quiet = false;
    std::string format = "table";
    std::vector<std::string> selected;
};

/// Registers `images` on `app`.
void AddImagesCommand(CLI::App& app,
                      const GlobalOptions& global,
                      const std::shared_ptr<EngineOptions>& engine,
                      int& exit_code);

/// The images the services' containers use: a CONTAINER REPOSITORY TAG IMAGE ID SIZE table
/// (ID shortened to 12, size in decimal units "4.26MB"), image IDs (-q, once each), or one
/// JSON array of {"ContainerName","Repository","Tag","ID","Size"}. Untagged images show <none>.
int RunImages(const ImagesOptions& options,
              const ProjectContext& context,
              engine::client::EngineApi& api,
              std::ostream& out);

/// go-units HumanSizeWithPrecision(size, 3): "4.26MB", "512B", "1.2GB".
std::string HumanSize(double bytes);

}  // namespace compose::cli
