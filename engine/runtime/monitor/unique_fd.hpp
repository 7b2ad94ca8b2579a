#pragma once

#include <string_view>

#include "engine/sys/linux/unique_fd.hpp"

namespace engine::runtime {

/// The one owning descriptor type of the engine (engine/sys/linux), under the name the monitor
/// code has always used.
using UniqueFd = sys::UniqueFd;

/// Writes all of `bytes` to a blocking descriptor, retrying on EINTR and short writes. Throws
/// Error naming `what` on failure (EPIPE included: callers ignore SIGPIPE).
void WriteAllTo(int fd, std::string_view bytes, std::string_view what);

/// Makes `fd` non-blocking (or blocking again). Throws Error naming `what`.
void SetNonBlocking(int fd, bool non_blocking, std::string_view what);

}  // namespace engine::runtime
