#pragma once

#include <string_view>

namespace engine::daemon {

/// A signal as Docker accepts it in --signal, STOPSIGNAL and kill: a number ("9"), a name
/// with or without "SIG" ("SIGTERM", "term"), or "RTMIN+3". Throws Error(kInvalidArgument,
/// "Invalid signal: x").
int ParseSignal(std::string_view text);

}  // namespace engine::daemon
