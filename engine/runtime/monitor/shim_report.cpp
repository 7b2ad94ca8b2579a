#include "engine/runtime/monitor/shim_report.hpp"

#include <nlohmann/json.hpp>

namespace engine::runtime {
namespace {

nlohmann::json IdentityJson(const ProcessIdentity& identity) {
    return {{"pid", identity.pid}, {"start_time", identity.start_time}};
}

ProcessIdentity IdentityFrom(const nlohmann::json& json) {
    return ProcessIdentity{json.at("pid").get<pid_t>(), json.at("start_time").get<std::uint64_t>()};
}

}  // namespace

std::string ShimSuccessReport(const ShimProcess& process) {
    return nlohmann::json{{"ok", true}, {"shim", IdentityJson(process.shim)}, {"init", IdentityJson(process.init)}}
        .dump();
}

std::string ShimErrorReport(const Error& error) {
    return nlohmann::json{{"ok", false}, {"code", static_cast<int>(error.code())}, {"error", error.what()}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Error ParseShimError(std::string_view report) {
    const nlohmann::json json = nlohmann::json::parse(report, nullptr, false);
    if (!json.is_object()) {
        return Error(Errc::kInternal, "berth-shim sent an unreadable report: " + std::string(report));
    }
    const int code = json.value("code", static_cast<int>(Errc::kInternal));
    const bool known = code >= static_cast<int>(Errc::kNotFound) && code <= static_cast<int>(Errc::kInternal);
    return Error(known ? static_cast<Errc>(code) : Errc::kInternal, json.value("error", "berth-shim failed"));
}

ShimProcess ParseShimReport(std::string_view report) {
    const nlohmann::json json = nlohmann::json::parse(report, nullptr, false);
    if (!json.is_object() || !json.contains("ok")) {
        throw Error(Errc::kInternal, "berth-shim sent an unreadable report: " + std::string(report));
    }
    if (!json.value("ok", false)) {
        throw ParseShimError(report);
    }
    try {
        return ShimProcess{IdentityFrom(json.at("shim")), IdentityFrom(json.at("init"))};
    } catch (const nlohmann::json::exception& error) {
        throw Error(Errc::kInternal, std::string("berth-shim report: ") + error.what());
    }
}

}  // namespace engine::runtime
