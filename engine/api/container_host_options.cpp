// The option lists of HostConfig that carry their own small languages: LogConfig.Config and
// SecurityOpt.

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <string>

#include "engine/api/container_create_checks.hpp"
#include "engine/base/error.hpp"

namespace engine::api {
namespace {

// Docker's other built-in drivers: named so the refusal says what is supported instead.
constexpr std::array<std::string_view, 11> kDockerOnlyDrivers = {
    "local",
    "syslog",
    "journald",
    "gelf",
    "fluentd",
    "awslogs",
    "splunk",
    "etwlogs",
    "gcplogs",
    "logentries",
    "loki",
};
constexpr std::array<std::string_view, 8> kJsonFileOptions = {
    "max-file",
    "max-size",
    "compress",
    "labels",
    "labels-regex",
    "env",
    "env-regex",
    "tag",
};

Error Invalid(std::string message) {
    return Error(Errc::kInvalidArgument, std::move(message));
}

// Go's strconv.ParseBool.
std::optional<bool> ParseGoBool(std::string_view text) {
    for (std::string_view yes : {"1", "t", "T", "TRUE", "true", "True"}) {
        if (text == yes) {
            return true;
        }
    }
    for (std::string_view no : {"0", "f", "F", "FALSE", "false", "False"}) {
        if (text == no) {
            return false;
        }
    }
    return std::nullopt;
}

// go-units FromHumanSize (decimal multipliers), the parser of json-file's max-size. Returns
// the size or throws with go-units' text.
std::int64_t FromHumanSize(const std::string& size) {
    const std::size_t sep = size.find_last_of("01234567890. ");
    if (sep == std::string::npos) {
        throw Invalid("invalid size: '" + size + "'");
    }
    const std::string number = size.substr(0, size[sep] == ' ' ? sep : sep + 1);
    std::string suffix = size.substr(sep + 1);
    char* end = nullptr;
    double value = number.empty() ? 0 : std::strtod(number.c_str(), &end);
    if (number.empty() || end != number.c_str() + number.size() ||
        std::isspace(static_cast<unsigned char>(number[0]))) {
        throw Invalid("strconv.ParseFloat: parsing \"" + number + "\": invalid syntax");
    }
    if (value < 0) {
        throw Invalid("invalid size: '" + size + "'");
    }
    std::transform(suffix.begin(), suffix.end(), suffix.begin(), [](unsigned char c) { return std::tolower(c); });
    const Error bad_suffix = Invalid("invalid suffix: '" + suffix + "'");
    if (suffix.empty() || suffix == "b") {
        return static_cast<std::int64_t>(value);
    }
    const std::string_view units = "kmgtp";
    const std::size_t unit = units.find(suffix[0]);
    if (suffix.size() > 3 || unit == std::string_view::npos || (suffix.size() == 2 && suffix[1] != 'b') ||
        (suffix.size() == 3 && suffix.substr(1) != "ib")) {
        throw bad_suffix;
    }
    for (std::size_t i = 0; i <= unit; ++i) {
        value *= 1000;
    }
    return static_cast<std::int64_t>(value);
}

void ValidateJsonFileOptions(const std::map<std::string, std::string>& options) {
    for (const auto& [key, value] : options) {
        if (std::find(kJsonFileOptions.begin(), kJsonFileOptions.end(), key) == kJsonFileOptions.end()) {
            throw Invalid("unknown log opt '" + key + "' for json-file log driver");
        }
    }
    std::int64_t max_size = -1;
    if (const auto found = options.find("max-size"); found != options.end()) {
        try {
            max_size = FromHumanSize(found->second);
        } catch (const Error& error) {
            throw error.Wrap("invalid max-size");
        }
        if (max_size <= 0) {
            throw Invalid("max-size must be a positive number");
        }
    }
    std::int64_t max_file = 1;
    if (const auto found = options.find("max-file"); found != options.end()) {
        char* end = nullptr;
        max_file = std::strtoll(found->second.c_str(), &end, 10);
        if (found->second.empty() || *end != '\0' || std::isspace(static_cast<unsigned char>(found->second[0]))) {
            throw Invalid("invalid max-file: strconv.Atoi: parsing \"" + found->second + "\": invalid syntax");
        }
        if (max_file < 1) {
            throw Invalid("max-file cannot be less than 1");
        }
    }
    if (const auto found = options.find("compress"); found != options.end()) {
        const std::optional<bool> compress = ParseGoBool(found->second);
        if (!compress) {
            throw Invalid("invalid compress: strconv.ParseBool: parsing \"" + found->second + "\": invalid syntax");
        }
        if (*compress && (max_file == 1 || max_size == -1)) {
            throw Invalid("compress cannot be true when max-file is less than 2 or max-size is not set");
        }
    }
}

}  // namespace

void ValidateLogConfig(const LogConfig& log_config) {
    const std::string& type = log_config.type;
    if (type == "none") {
        return;  // moby ignores the options of "none"
    }
    if (!type.empty() && type != "json-file") {
        if (std::find(kDockerOnlyDrivers.begin(), kDockerOnlyDrivers.end(), type) != kDockerOnlyDrivers.end()) {
            throw Invalid("logger: log driver '" + type + "' is not supported; use json-file or none");
        }
        throw Invalid("logger: no log driver named '" + type + "' is registered");
    }
    const std::map<std::string, std::string> options = log_config.config.value_or(std::map<std::string, std::string>{});
    if (const auto mode = options.find("mode"); mode != options.end() && mode->second != "blocking" &&
                                                mode->second != "non-blocking" && !mode->second.empty()) {
        throw Invalid("logger: logging mode not supported: " + mode->second);
    }
    std::map<std::string, std::string> driver_options = options;
    driver_options.erase("mode");
    driver_options.erase("max-buffer-size");
    ValidateJsonFileOptions(driver_options);
}

SecurityOptions ParseSecurityOpt(const StringList& security_opt) {
    SecurityOptions options;
    for (const std::string& opt : security_opt.value_or(std::vector<std::string>{})) {
        if (opt == "no-new-privileges") {
            options.no_new_privileges = true;
            continue;
        }
        if (opt == "disable") {
            options.label_opts.push_back("disable");
            continue;
        }
        // "=" is the separator; ":" is the deprecated one moby still reads.
        std::size_t separator = opt.find('=');
        if (separator == std::string::npos) {
            separator = opt.find(':');
        }
        if (separator == std::string::npos) {
            throw Invalid("invalid --security-opt 1: \"" + opt + "\"");
        }
        const std::string key = opt.substr(0, separator);
        const std::string value = opt.substr(separator + 1);
        if (key == "label") {
            options.label_opts.push_back(value);
        } else if (key == "apparmor") {
            options.apparmor_profile = value;
        } else if (key == "seccomp") {
            options.seccomp_profile = value;
        } else if (const std::optional<bool> flag = ParseGoBool(value); key == "no-new-privileges" && flag) {
            options.no_new_privileges = *flag;
        } else {
            throw Invalid("invalid --security-opt 2: \"" + opt + "\"");
        }
    }
    return options;
}

}  // namespace engine::api
