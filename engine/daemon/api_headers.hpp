#pragma once

#include <string_view>

#include "engine/http/server.hpp"

namespace engine::daemon {

/// Berth's version, shown by /version, /info and the Server header.
std::string_view BerthVersion();
/// The commit Berth was built from ("unknown" outside a git checkout).
std::string_view BerthGitCommit();

/// `extra` plus the headers moby's version middleware puts on every reply: Server,
/// Api-Version, Ostype and Docker-Experimental. Clients read the API version from any reply.
http::Headers WithApiHeaders(const http::Headers& extra);

}  // namespace engine::daemon
