#include "engine/runtime/spec/bundle.hpp"

#include <system_error>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"

namespace engine::runtime {

void WriteBundle(const std::filesystem::path& dir, const nlohmann::json& config) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) {
        throw Error(Errc::kInternal, "create bundle directory " + dir.string() + ": " + error.message());
    }
    WriteFileAtomically(dir / "config.json", config.dump(), 0600);
}

}  // namespace engine::runtime
