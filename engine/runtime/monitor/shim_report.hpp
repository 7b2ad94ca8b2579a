#pragma once

#include <string>
#include <string_view>

#include "engine/base/error.hpp"
#include "engine/runtime/monitor/shim.hpp"

namespace engine::runtime {

/// The descriptor on which berth-shim reports the start's outcome to SpawnShim, then closes.
inline constexpr int kShimReportFd = 3;

/// The report of a successful start: {"ok":true,"shim":{pid,start_time},"init":{…}}.
std::string ShimSuccessReport(const ShimProcess& process);
/// The report of a failure: {"ok":false,"code":<Errc>,"error":"<message>"}.
std::string ShimErrorReport(const Error& error);

/// The ShimProcess of a success report; throws the reported Error for a failure report, and
/// Error(kInternal) for text that is neither.
ShimProcess ParseShimReport(std::string_view report);
/// The Error a failure report (or a kStartResult payload) carries.
Error ParseShimError(std::string_view report);

}  // namespace engine::runtime
