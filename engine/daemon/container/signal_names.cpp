#include "engine/daemon/container/signal_names.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <csignal>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "engine/base/error.hpp"

namespace engine::daemon {
namespace {

constexpr std::array<std::pair<std::string_view, int>, 31> kSignals{{
    {"ABRT", SIGABRT}, {"ALRM", SIGALRM}, {"BUS", SIGBUS},   {"CHLD", SIGCHLD},     {"CONT", SIGCONT},
    {"FPE", SIGFPE},   {"HUP", SIGHUP},   {"ILL", SIGILL},   {"INT", SIGINT},       {"IO", SIGIO},
    {"IOT", SIGIOT},   {"KILL", SIGKILL}, {"PIPE", SIGPIPE}, {"POLL", SIGPOLL},     {"PROF", SIGPROF},
    {"PWR", SIGPWR},   {"QUIT", SIGQUIT}, {"SEGV", SIGSEGV}, {"STOP", SIGSTOP},     {"SYS", SIGSYS},
    {"TERM", SIGTERM}, {"TRAP", SIGTRAP}, {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN},     {"TTOU", SIGTTOU},
    {"URG", SIGURG},   {"USR1", SIGUSR1}, {"USR2", SIGUSR2}, {"VTALRM", SIGVTALRM}, {"WINCH", SIGWINCH},
    {"XCPU", SIGXCPU},
}};

std::optional<int> ParseNumber(std::string_view text) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

int ParseSignal(std::string_view text) {
    const auto invalid = [&] { return Error(Errc::kInvalidArgument, "Invalid signal: " + std::string(text)); };
    if (const std::optional<int> number = ParseNumber(text)) {
        if (*number <= 0 || *number > SIGRTMAX) {
            throw invalid();
        }
        return *number;
    }
    std::string name(text);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
    if (name.starts_with("SIG")) {
        name.erase(0, 3);
    }
    for (const auto& [known, number] : kSignals) {
        if (name == known) {
            return number;
        }
    }
    for (const auto& [prefix, base, sign] :
         {std::tuple{std::string_view("RTMIN+"), SIGRTMIN, 1}, std::tuple{std::string_view("RTMAX-"), SIGRTMAX, -1}}) {
        if (name.starts_with(prefix)) {
            const std::optional<int> offset = ParseNumber(std::string_view(name).substr(prefix.size()));
            const int number = offset ? base + sign * *offset : 0;
            if (offset && number >= SIGRTMIN && number <= SIGRTMAX) {
                return number;
            }
        }
    }
    if (name == "RTMIN") {
        return SIGRTMIN;
    }
    if (name == "RTMAX") {
        return SIGRTMAX;
    }
    throw invalid();
}

}  // namespace engine::daemon
