#include "engine/image/healthcheck_change.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <string>

#include "engine/base/error.hpp"
#include "engine/image/go_time.hpp"

namespace engine::image {
namespace {

using nlohmann::json;

Error Invalid(std::string message) {
    return Error(Errc::kInvalidArgument, std::move(message));
}

std::string_view TrimLeft(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
        text.remove_prefix(1);
    }
    return text;
}

std::string_view NextWord(std::string_view* text) {
    *text = TrimLeft(*text);
    const std::size_t end = std::min(text->find_first_of(" \t"), text->size());
    const std::string_view word = text->substr(0, end);
    *text = TrimLeft(text->substr(end));
    return word;
}

// Leading "--name=value" words (the Dockerfile parser's BFlags), removed from `args`.
std::map<std::string, std::string, std::less<>> TakeFlags(std::string_view* args) {
    std::map<std::string, std::string, std::less<>> flags;
    while (TrimLeft(*args).starts_with("--")) {
        const std::string_view word = NextWord(args).substr(2);
        const std::size_t equals = word.find('=');
        const std::string name(word.substr(0, equals));
        if (name != "interval" && name != "timeout" && name != "start-period" && name != "retries") {
            throw Invalid("Unknown flag: " + name);
        }
        if (equals == std::string_view::npos) {
            throw Invalid("Missing a value on flag: " + name);
        }
        flags[name] = std::string(word.substr(equals + 1));
    }
    return flags;
}

// moby's parseOptInterval: "" is unset (0), anything else must be at least 1ms.
std::int64_t Interval(const std::map<std::string, std::string, std::less<>>& flags, const std::string& name) {
    const auto found = flags.find(name);
    if (found == flags.end() || found->second.empty()) {
        return 0;
    }
    const std::int64_t nanos = ParseGoDuration(found->second).count();
    if (nanos < 1'000'000) {
        throw Invalid("Interval \"" + name + "\" cannot be less than 1ms");
    }
    return nanos;
}

json TestCommand(std::string_view command) {
    const json parsed = command.starts_with('[') ? json::parse(command, nullptr, false) : json();
    if (parsed.is_array() &&
        std::all_of(parsed.begin(), parsed.end(), [](const json& item) { return item.is_string(); })) {
        if (parsed.empty()) {
            throw Invalid("Missing command after HEALTHCHECK CMD");
        }
        json test = json::array({"CMD"});
        test.insert(test.end(), parsed.begin(), parsed.end());
        return test;
    }
    if (command.empty()) {
        throw Invalid("Missing command after HEALTHCHECK CMD");
    }
    return json::array({"CMD-SHELL", std::string(command)});
}

}  // namespace

void ApplyHealthcheckChange(json& config, std::string_view args) {
    const auto flags = TakeFlags(&args);
    std::string type(NextWord(&args));
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::toupper(c); });
    if (type == "NONE") {
        if (!args.empty() || !flags.empty()) {
            throw Invalid("HEALTHCHECK NONE takes no arguments");
        }
        config["Healthcheck"] = {{"Test", {"NONE"}}};
        return;
    }
    if (type != "CMD") {
        throw Invalid("Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
    }
    json health = {{"Test", TestCommand(args)}};
    for (const auto& [flag, field] : {std::pair<std::string, std::string>{"interval", "Interval"},
                                      {"timeout", "Timeout"},
                                      {"start-period", "StartPeriod"}}) {
        if (const std::int64_t nanos = Interval(flags, flag); nanos != 0) {
            health[field] = nanos;
        }
    }
    if (const auto retries = flags.find("retries"); retries != flags.end() && !retries->second.empty()) {
        int value = 0;
        const std::string& text = retries->second;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error != std::errc() || end != text.data() + text.size()) {
            throw Invalid("strconv.ParseInt: parsing \"" + text + "\": invalid syntax");
        }
        if (value < 1) {
            throw Invalid("--retries must be at least 1 (not " + text + ")");
        }
        health["Retries"] = value;
    }
    config["Healthcheck"] = health;
}

}  // namespace engine::image
