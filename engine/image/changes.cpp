#include "engine/image/changes.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>
#include <string_view>

#include "engine/base/error.hpp"
#include "engine/image/healthcheck_change.hpp"
#include "engine/image/shell_words.hpp"

namespace engine::image {
namespace {

using nlohmann::json;

// Everything one BuildFromConfig run carries from instruction to instruction.
struct ChangeState {
    json config;
    bool cmd_set = false;  // an ENTRYPOINT after CMD keeps that CMD, as in a Dockerfile
};

Error Invalid(std::string message) {
    return Error(Errc::kInvalidArgument, std::move(message));
}

std::string Upper(std::string_view text) {
    std::string upper(text);
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    return upper;
}

std::string Lower(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower;
}

std::string_view Trim(std::string_view text) {
    const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!text.empty() && space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

std::pair<std::string_view, std::string_view> SplitFirstWord(std::string_view text) {
    text = Trim(text);
    const std::size_t end = text.find_first_of(" \t");
    if (end == std::string_view::npos) {
        return {text, {}};
    }
    return {text.substr(0, end), Trim(text.substr(end))};
}

VariableLookup EnvLookup(const json& config) {
    return [&config](std::string_view name) -> std::optional<std::string> {
        if (!config.contains("Env") || !config["Env"].is_array()) {
            return std::nullopt;
        }
        for (const json& entry : config["Env"]) {
            const std::string text = entry.get<std::string>();
            if (text.size() > name.size() && text.starts_with(name) && text[name.size()] == '=') {
                return text.substr(name.size() + 1);
            }
        }
        return std::nullopt;
    };
}

// The exec form when `args` is a JSON array of strings, else nullopt (moby's parseMaybeJSON).
std::optional<std::vector<std::string>> ParseJsonArray(std::string_view args) {
    if (!args.starts_with('[')) {
        return std::nullopt;
    }
    const json parsed = json::parse(args, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_array()) {
        return std::nullopt;
    }
    std::vector<std::string> items;
    for (const json& item : parsed) {
        if (!item.is_string()) {
            return std::nullopt;
        }
        items.push_back(item.get<std::string>());
    }
    return items;
}

// CMD/ENTRYPOINT command line: exec form as given, shell form through the config's Shell.
json CommandLine(const json& config, std::string_view args) {
    if (std::optional<std::vector<std::string>> exec = ParseJsonArray(args)) {
        return *exec;
    }
    json shell = config.contains("Shell") && config["Shell"].is_array() && !config["Shell"].empty()
                     ? config["Shell"]
                     : json::array({"/bin/sh", "-c"});
    shell.push_back(std::string(args));
    return shell;
}

// ENV and LABEL pairs: "k=v k2=v2" or the legacy "k v" (moby's parseNameVal), expanded.
std::vector<std::pair<std::string, std::string>> NameValuePairs(std::string_view keyword,
                                                                std::string_view args,
                                                                const VariableLookup& lookup) {
    const std::vector<std::string> words = SplitWords(args);
    if (words.empty()) {
        throw Invalid(std::string(keyword) + " requires at least one argument");
    }
    std::vector<std::pair<std::string, std::string>> pairs;
    if (words.front().find('=') == std::string::npos) {
        const auto [name, value] = SplitFirstWord(args);
        if (value.empty()) {
            throw Invalid(std::string(keyword) + " must have two arguments");
        }
        pairs.emplace_back(ProcessWord(name, lookup), ProcessWord(value, lookup));
    } else {
        for (const std::string& word : words) {
            const std::size_t equals = word.find('=');
            if (equals == std::string::npos) {
                throw Invalid("Syntax error - can't find = in \"" + word + "\". Must be of the form: name=value");
            }
            pairs.emplace_back(ProcessWord(word.substr(0, equals), lookup),
                               ProcessWord(word.substr(equals + 1), lookup));
        }
    }
    for (const auto& [name, value] : pairs) {
        if (name.empty()) {
            throw Invalid(std::string(keyword) + " names can not be blank");
        }
    }
    return pairs;
}

void ApplyEnv(ChangeState& state, std::string_view args) {
    json& env = state.config["Env"];
    if (!env.is_array()) {
        env = json::array();
    }
    for (const auto& pair : NameValuePairs("ENV", args, EnvLookup(state.config))) {
        // A named copy, not a structured binding: clang 14 cannot capture those in a lambda.
        const std::string& name = pair.first;
        const std::string entry = name + "=" + pair.second;
        const auto same_name = [&name](const json& existing) {
            const std::string text = existing.get<std::string>();
            return text.substr(0, text.find('=')) == name;
        };
        const auto found = std::find_if(env.begin(), env.end(), same_name);
        if (found != env.end()) {
            *found = entry;
        } else {
            env.push_back(entry);
        }
    }
}

void ApplyLabel(ChangeState& state, std::string_view args) {
    json& labels = state.config["Labels"];
    if (!labels.is_object()) {
        labels = json::object();
    }
    for (const auto& [name, value] : NameValuePairs("LABEL", args, EnvLookup(state.config))) {
        labels[name] = value;
    }
}

std::vector<std::string> ExpandedWords(const json& config, std::string_view args) {
    std::vector<std::string> expanded;
    for (const std::string& word : SplitWords(args)) {
        // EXPOSE $PORTS with PORTS="80 443" gives two ports: expansion may yield several words.
        for (const std::string& part : SplitWords(ProcessWord(word, EnvLookup(config)))) {
            expanded.push_back(part);
        }
    }
    return expanded;
}

int ParsePortNumber(std::string_view text, std::string_view spec) {
    int port = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || port < 0 || port > 65535) {
        throw Invalid("invalid containerPort: " + std::string(spec));
    }
    return port;
}

// "80", "80/udp", "8000-8002/tcp", "127.0.0.1:8080:80" → the container ports (nat.ParsePortSpecs).
void ApplyExpose(ChangeState& state, std::string_view args) {
    const std::vector<std::string> specs = ExpandedWords(state.config, args);
    if (specs.empty()) {
        throw Invalid("EXPOSE requires at least one argument");
    }
    json& ports = state.config["ExposedPorts"];
    if (!ports.is_object()) {
        ports = json::object();
    }
    for (const std::string& spec : specs) {
        std::string_view rest = spec;
        const std::size_t slash = rest.rfind('/');
        const std::string proto = slash == std::string_view::npos ? "tcp" : Lower(rest.substr(slash + 1));
        rest = rest.substr(0, slash);
        if (proto != "tcp" && proto != "udp" && proto != "sctp") {
            throw Invalid("invalid proto: " + proto);
        }
        rest = rest.substr(rest.rfind(':') == std::string_view::npos ? 0 : rest.rfind(':') + 1);
        const std::size_t dash = rest.find('-');
        const int first = ParsePortNumber(rest.substr(0, dash), spec);
        const int last = dash == std::string_view::npos ? first : ParsePortNumber(rest.substr(dash + 1), spec);
        if (last < first) {
            throw Invalid("invalid containerPort: " + spec);
        }
        for (int port = first; port <= last; ++port) {
            ports[std::to_string(port) + "/" + proto] = json::object();
        }
    }
}

void ApplyVolume(ChangeState& state, std::string_view args) {
    std::vector<std::string> paths;
    if (std::optional<std::vector<std::string>> list = ParseJsonArray(args)) {
        for (const std::string& item : *list) {
            paths.push_back(ProcessWord(item, EnvLookup(state.config)));
        }
    } else {
        paths = ExpandedWords(state.config, args);
    }
    if (paths.empty()) {
        throw Invalid("VOLUME requires at least one argument");
    }
    json& volumes = state.config["Volumes"];
    if (!volumes.is_object()) {
        volumes = json::object();
    }
    for (const std::string& path : paths) {
        if (Trim(path).empty()) {
            throw Invalid("VOLUME specified can not be an empty string");
        }
        volumes[path] = json::object();
    }
}

// moby's normalizeWorkdir: relative paths are taken from the current WORKDIR.
void ApplyWorkdir(ChangeState& state, std::string_view args) {
    std::string requested = ProcessWord(args, EnvLookup(state.config));
    if (!requested.starts_with('/')) {
        const std::string current = state.config.value("WorkingDir", "");
        requested = (current.empty() ? "" : current) + "/" + requested;
    }
    std::vector<std::string> parts;
    for (std::size_t start = 0; start <= requested.size();) {
        const std::size_t slash = std::min(requested.find('/', start), requested.size());
        const std::string part = requested.substr(start, slash - start);
        if (part == "..") {
            if (!parts.empty()) {
                parts.pop_back();
            }
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        start = slash + 1;
    }
    std::string clean;
    for (const std::string& part : parts) {
        clean += "/" + part;
    }
    state.config["WorkingDir"] = clean.empty() ? "/" : clean;
}

void ApplyStopSignal(ChangeState& state, std::string_view args) {
    static const std::set<std::string, std::less<>> kSignals = {
        "ABRT", "ALRM",   "BUS",  "CHLD", "CLD",  "CONT",   "FPE",    "HUP",  "ILL",  "INT",   "IO",   "IOT",  "KILL",
        "PIPE", "POLL",   "PROF", "PWR",  "QUIT", "SEGV",   "STKFLT", "STOP", "SYS",  "TERM",  "TRAP", "TSTP", "TTIN",
        "TTOU", "UNUSED", "URG",  "USR1", "USR2", "VTALRM", "WINCH",  "XCPU", "XFSZ", "RTMIN", "RTMAX"};
    const std::string signal = ProcessWord(args, EnvLookup(state.config));
    int number = 0;
    const auto [end, error] = std::from_chars(signal.data(), signal.data() + signal.size(), number);
    const bool numeric_ok = error == std::errc() && end == signal.data() + signal.size() && number > 0 && number <= 64;
    std::string name = Upper(signal);
    if (name.starts_with("SIG")) {
        name = name.substr(3);
    }
    if (!numeric_ok && !kSignals.contains(name)) {
        throw Invalid("Invalid signal: " + signal);
    }
    state.config["StopSignal"] = signal;
}

void ApplyOnBuild(ChangeState& state, std::string_view args) {
    const std::string trigger = Upper(SplitFirstWord(args).first);
    if (trigger == "ONBUILD") {
        throw Invalid("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    }
    if (trigger == "FROM" || trigger == "MAINTAINER") {
        throw Invalid(trigger + " isn't allowed as an ONBUILD trigger");
    }
    if (!state.config["OnBuild"].is_array()) {
        state.config["OnBuild"] = json::array();
    }
    state.config["OnBuild"].push_back(std::string(args));
}

void ApplyInstruction(ChangeState& state, const std::string& keyword, std::string_view args) {
    if (keyword == "cmd") {
        state.config["Cmd"] = CommandLine(state.config, args);
        state.cmd_set = true;
    } else if (keyword == "entrypoint") {
        state.config["Entrypoint"] = CommandLine(state.config, args);
        if (!state.cmd_set) {
            state.config["Cmd"] = nullptr;
        }
    } else if (keyword == "env") {
        ApplyEnv(state, args);
    } else if (keyword == "label") {
        ApplyLabel(state, args);
    } else if (keyword == "expose") {
        ApplyExpose(state, args);
    } else if (keyword == "volume") {
        ApplyVolume(state, args);
    } else if (keyword == "workdir") {
        ApplyWorkdir(state, args);
    } else if (keyword == "user") {
        state.config["User"] = ProcessWord(args, EnvLookup(state.config));
    } else if (keyword == "stopsignal") {
        ApplyStopSignal(state, args);
    } else if (keyword == "healthcheck") {
        ApplyHealthcheckChange(state.config, args);
    } else {
        ApplyOnBuild(state, args);
    }
}

}  // namespace

nlohmann::json EmptyContainerConfig() {
    return {{"Hostname", ""},
            {"Domainname", ""},
            {"User", ""},
            {"AttachStdin", false},
            {"AttachStdout", false},
            {"AttachStderr", false},
            {"Tty", false},
            {"OpenStdin", false},
            {"StdinOnce", false},
            {"Env", nullptr},
            {"Cmd", nullptr},
            {"Image", ""},
            {"Volumes", nullptr},
            {"WorkingDir", ""},
            {"Entrypoint", nullptr},
            {"OnBuild", nullptr},
            {"Labels", nullptr}};
}

nlohmann::json ApplyChanges(nlohmann::json config, std::span<const std::string> changes) {
    // moby's validCommitCommands, plus STOPSIGNAL which `docker commit --change` documents.
    static const std::set<std::string, std::less<>> kValid = {"cmd",
                                                              "entrypoint",
                                                              "env",
                                                              "expose",
                                                              "healthcheck",
                                                              "label",
                                                              "onbuild",
                                                              "stopsignal",
                                                              "user",
                                                              "volume",
                                                              "workdir"};
    ChangeState state{std::move(config)};
    for (const std::string& change : changes) {
        const auto [word, args] = SplitFirstWord(change);
        if (word.empty() || word.starts_with('#')) {
            continue;
        }
        const std::string keyword = Lower(word);
        if (!kValid.contains(keyword)) {
            throw Invalid(keyword + " is not a valid change command");
        }
        if (args.empty()) {
            throw Invalid(Upper(word) + " requires at least one argument");
        }
        ApplyInstruction(state, keyword, args);
    }
    return std::move(state.config);
}

}  // namespace engine::image
