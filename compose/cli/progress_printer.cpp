#include "compose/cli/progress_printer.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace compose::cli {
namespace {

using Status = reconcile::ProgressEvent::Status;

constexpr std::array<std::string_view, 10> kSpinner = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
constexpr std::string_view kGreen = "\x1b[32m";
constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kBlue = "\x1b[34m";
constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kClearLine = "\x1b[2K";

std::string_view StatusName(Status status) {
    switch (status) {
        case Status::kWorking:
            return "working";
        case Status::kDone:
            return "done";
        case Status::kWarning:
            return "warning";
        case Status::kError:
            return "error";
    }
    return "working";
}

std::string Seconds(std::chrono::milliseconds elapsed) {
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%.1fs", static_cast<double>(elapsed.count()) / 1000.0);
    return buffer.data();
}

// Display width of UTF-8 text: every code point counts one column (resource names are ASCII).
std::size_t Width(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

std::string Pad(std::string_view text, std::size_t width) {
    std::string padded(text);
    padded.append(width > Width(text) ? width - Width(text) : 0, ' ');
    return padded;
}

}  // namespace

ProgressPrinter::ProgressPrinter(ProgressMode mode, std::ostream& out, std::string title)
    : mode_(mode), out_(out), title_(std::move(title)) {}

ProgressPrinter::~ProgressPrinter() {
    Finish();
}

reconcile::ProgressCallback ProgressPrinter::Callback() {
    return [this](const reconcile::ProgressEvent& event) { Handle(event); };
}

void ProgressPrinter::Handle(const reconcile::ProgressEvent& event) {
    std::lock_guard lock(mutex_);
    switch (mode_) {
        case ProgressMode::kQuiet:
            return;
        case ProgressMode::kPlain:
            PrintPlain(event);
            return;
        case ProgressMode::kJson:
            PrintJson(event);
            return;
        case ProgressMode::kTty:
            break;
    }
    const auto now = std::chrono::steady_clock::now();
    const auto it = std::find_if(
        lines_.begin(), lines_.end(), [&](const Line& line) { return line.event.resource == event.resource; });
    if (it == lines_.end()) {
        lines_.push_back(Line{event, now});
    } else {
        *it = Line{event, now};
    }
    Redraw(false);
}

void ProgressPrinter::PrintPlain(const reconcile::ProgressEvent& event) {
    out_ << ' ' << event.resource << "  " << event.text;
    if (!event.detail.empty()) {
        out_ << ' ' << event.detail;
    }
    out_ << '\n' << std::flush;
}

void ProgressPrinter::PrintJson(const reconcile::ProgressEvent& event) {
    const nlohmann::json object{{"id", event.resource},
                                {"status", StatusName(event.status)},
                                {"text", event.text},
                                {"elapsed_ms", event.elapsed.count()},
                                {"details", event.detail}};
    out_ << object.dump() << '\n' << std::flush;
}

std::string ProgressPrinter::RenderLine(const Line& line, std::size_t name_width, std::size_t text_width) const {
    const reconcile::ProgressEvent& event = line.event;
    std::string mark;
    auto elapsed = event.elapsed;
    switch (event.status) {
        case Status::kWorking:
            mark = std::string(kBlue) + std::string(kSpinner[frame_ % kSpinner.size()]) + std::string(kReset);
            // A working resource's time runs on between events.
            elapsed +=
                std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - line.received);
            break;
        case Status::kDone:
            mark = std::string(kGreen) + "✔" + std::string(kReset);
            break;
        case Status::kWarning:
            mark = std::string(kYellow) + "!" + std::string(kReset);
            break;
        case Status::kError:
            mark = std::string(kRed) + "✘" + std::string(kReset);
            break;
    }
    std::string text = event.text;
    if (!event.detail.empty() && event.status != Status::kDone) {
        text += " " + event.detail;
    }
    return " " + mark + " " + Pad(event.resource, name_width) + "  " + Pad(text, text_width) + " " + Seconds(elapsed);
}

void ProgressPrinter::Redraw(bool final_draw) {
    if (lines_.empty()) {
        return;
    }
    std::size_t name_width = 0;
    std::size_t text_width = 0;
    std::size_t done = 0;
    for (const Line& line : lines_) {
        name_width = std::max(name_width, Width(line.event.resource));
        const std::size_t detail =
            line.event.detail.empty() || line.event.status == Status::kDone ? 0 : Width(line.event.detail) + 1;
        text_width = std::max(text_width, Width(line.event.text) + detail);
        done += line.event.status == Status::kWorking ? 0 : 1;
    }
    std::string frame;
    if (drawn_ > 0) {
        frame += "\x1b[" + std::to_string(drawn_) + "A";
    }
    const bool all_done = done == lines_.size();
    frame += std::string(kClearLine) + (all_done || final_draw ? std::string(kBlue) : std::string()) + "[+] " + title_ +
             " " + std::to_string(done) + "/" + std::to_string(lines_.size()) +
             (all_done || final_draw ? std::string(kReset) : std::string()) + "\n";
    for (const Line& line : lines_) {
        frame += std::string(kClearLine) + RenderLine(line, name_width, text_width) + "\n";
    }
    drawn_ = lines_.size() + 1;
    out_ << frame << std::flush;
    ++frame_;
}

void ProgressPrinter::StartTicker() {
    std::lock_guard lock(mutex_);
    if (mode_ != ProgressMode::kTty || ticker_.joinable() || finished_) {
        return;
    }
    ticker_ = std::thread([this] {
        std::unique_lock ticker_lock(mutex_);
        while (!stopping_) {
            wake_.wait_for(ticker_lock, std::chrono::milliseconds(100));
            if (!stopping_) {
                Redraw(false);
            }
        }
    });
}

void ProgressPrinter::Finish() {
    {
        std::lock_guard lock(mutex_);
        if (finished_) {
            return;
        }
        finished_ = true;
        stopping_ = true;
    }
    wake_.notify_all();
    if (ticker_.joinable()) {
        ticker_.join();
    }
    std::lock_guard lock(mutex_);
    if (mode_ == ProgressMode::kTty) {
        Redraw(true);
    }
}

}  // namespace compose::cli
