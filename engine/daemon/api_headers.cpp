#include "engine/daemon/api_headers.hpp"

#include <string>

#include "engine/api/api_version.hpp"

#ifndef BERTH_VERSION
#error "BERTH_VERSION must be defined by the build"
#endif
#ifndef BERTH_GIT_COMMIT
#define BERTH_GIT_COMMIT "unknown"
#endif

namespace engine::daemon {

std::string_view BerthVersion() {
    return BERTH_VERSION;
}

std::string_view BerthGitCommit() {
    return BERTH_GIT_COMMIT;
}

http::Headers WithApiHeaders(const http::Headers& extra) {
    http::Headers headers = {
        {"Server", "Berth/" + std::string(BerthVersion()) + " (linux)"},
        {"Api-Version", std::string(api::kDefaultApiVersionText)},
        {"Ostype", "linux"},
        {"Docker-Experimental", "false"},
    };
    headers.insert(headers.end(), extra.begin(), extra.end());
    return headers;
}

}  // namespace engine::daemon
