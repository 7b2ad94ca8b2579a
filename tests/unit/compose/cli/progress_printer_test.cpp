#include "compose/cli/progress_printer.hpp"

#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace compose::cli {
namespace {

using reconcile::ProgressEvent;

ProgressEvent Event(
    std::string resource, std::string text, ProgressEvent::Status status, int ms, std::string detail = "") {
    return ProgressEvent{.resource = std::move(resource),
                         .text = std::move(text),
                         .status = status,
                         .elapsed = std::chrono::milliseconds(ms),
                         .detail = std::move(detail)};
}

TEST(ProgressPrinter, PlainPrintsOneLinePerEvent) {
    std::ostringstream out;
    {
        ProgressPrinter printer(ProgressMode::kPlain, out);
        printer.Handle(Event("Container demo-web-1", "Starting", ProgressEvent::Status::kWorking, 0));
        printer.Callback()(Event("Container demo-web-1", "Started", ProgressEvent::Status::kDone, 400));
        printer.Handle(Event("Container demo-db-1", "Error", ProgressEvent::Status::kError, 10, "exited with code 1"));
    }
    EXPECT_EQ(out.str(),
              " Container demo-web-1  Starting\n Container demo-web-1  Started\n"
              " Container demo-db-1  Error exited with code 1\n");
}

TEST(ProgressPrinter, JsonPrintsOneObjectPerEvent) {
    std::ostringstream out;
    ProgressPrinter printer(ProgressMode::kJson, out);
    printer.Handle(Event("Network demo_default", "Created", ProgressEvent::Status::kDone, 120));
    EXPECT_EQ(nlohmann::json::parse(out.str()),
              nlohmann::json({{"id", "Network demo_default"},
                              {"status", "done"},
                              {"text", "Created"},
                              {"elapsed_ms", 120},
                              {"details", ""}}));
}

TEST(ProgressPrinter, QuietPrintsNothing) {
    std::ostringstream out;
    ProgressPrinter printer(ProgressMode::kQuiet, out);
    printer.StartTicker();
    printer.Handle(Event("Container demo-web-1", "Started", ProgressEvent::Status::kDone, 1));
    printer.Finish();
    EXPECT_EQ(out.str(), "");
}

TEST(ProgressPrinter, TtyRedrawsInPlace) {
    std::ostringstream out;
    ProgressPrinter printer(ProgressMode::kTty, out);
    printer.Handle(Event("Container demo-web-1", "Starting", ProgressEvent::Status::kWorking, 0));
    const std::string first = out.str();
    EXPECT_EQ(first.find("\x1b[2K[+] Running 0/1\n\x1b[2K \x1b[34m⠋\x1b[0m Container demo-web-1  Starting "), 0U)
        << first;
    printer.Handle(Event("Container demo-web-1", "Started", ProgressEvent::Status::kDone, 400));
    printer.Handle(Event("Container demo-db-1", "Error", ProgressEvent::Status::kError, 1200, "boom"));
    printer.Finish();
    const std::string all = out.str();
    // Each redraw goes back over the header and the lines drawn before.
    EXPECT_NE(all.find("\x1b[2A\x1b[2K\x1b[34m[+] Running 1/1\x1b[0m\n\x1b[2K \x1b[32m✔\x1b[0m Container demo-web-1  "
                       "Started 0.4s\n"),
              std::string::npos)
        << all;
    EXPECT_NE(all.find("\x1b[3A"), std::string::npos);
    EXPECT_NE(all.find(" \x1b[31m✘\x1b[0m Container demo-db-1   Error boom 1.2s\n"), std::string::npos) << all;
}

}  // namespace
}  // namespace compose::cli
