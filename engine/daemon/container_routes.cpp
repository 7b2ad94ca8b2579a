#include "engine/daemon/container_routes.hpp"

#include <charconv>
#include <limits>

#include "engine/base/error.hpp"
#include "engine/daemon/container_routes_internal.hpp"

namespace engine::daemon {

std::string_view StreamMediaType(const api::ApiVersion& version, bool tty) {
    if (!tty && version >= api::ApiVersion(1, 42)) {
        return "application/vnd.docker.multiplexed-stream";
    }
    return "application/vnd.docker.raw-stream";
}

std::int64_t NowUnixNanos() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::uint16_t ParseTtySize(std::string_view value) {
    std::string_view digits = value;
    if (digits.starts_with('+')) {
        digits.remove_prefix(1);  // Go's Atoi takes a sign
    }
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    const std::string quoted = "strconv.Atoi: parsing \"" + std::string(value) + "\": ";
    if (digits.empty() || end != digits.data() + digits.size() || error == std::errc::invalid_argument) {
        throw Error(Errc::kInvalidArgument, quoted + "invalid syntax");
    }
    if (error == std::errc::result_out_of_range || number < 0 || number > std::numeric_limits<std::uint16_t>::max()) {
        throw Error(Errc::kInvalidArgument, quoted + "value out of range");
    }
    return static_cast<std::uint16_t>(number);
}

void EmitContainerEvent(const ContainerRoutesContext& context,
                        const api::ContainerView& view,
                        const std::string& action,
                        std::map<std::string, std::string> extra) {
    if (!context.emit_event) {
        return;
    }
    std::map<std::string, std::string> attributes;
    if (view.config.labels) {
        attributes.insert(view.config.labels->begin(), view.config.labels->end());
    }
    attributes["name"] = view.name.starts_with('/') ? view.name.substr(1) : view.name;
    attributes["image"] = view.config.image;
    for (auto& [key, value] : extra) {
        attributes[key] = std::move(value);
    }
    context.emit_event(action, view.id, std::move(attributes));
}

void AddContainerRoutes(Router& router, ContainerRoutesContext& context) {
    AddContainerLifecycleRoutes(router, context);
    AddContainerInspectRoutes(router, context);
    AddContainerFilesystemRoutes(router, context);
    AddContainerStreamRoutes(router, context);
    AddExecRoutes(router, context);
}

}  // namespace engine::daemon
