#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "compose/cli/engine_options.hpp"
#include "compose/reconcile/executor.hpp"

namespace compose::cli {

/// Shows ProgressEvents the way Docker Compose does, in one of its --progress modes:
/// - kTty: a "[+] Running 2/3" header and one line per resource (" ✔ Container demo-web-1
///   Started   0.4s"), redrawn in place with ANSI cursor-up while resources are working: a
///   spinner for working ones, a green check when done, a red ✘ on error;
/// - kPlain: one line per event (" Container demo-web-1  Started");
/// - kQuiet: nothing;
/// - kJson: one JSON object per event per line {"id","status","text","elapsed_ms","details"}.
/// Handle() may be called from several threads at once.
class ProgressPrinter final {
  public:
    /// `title` is the header's verb in tty mode ("Running", "Stopping").
    ProgressPrinter(ProgressMode mode, std::ostream& out, std::string title = "Running");
    /// Finishes (see Finish).
    ~ProgressPrinter();
    ProgressPrinter(const ProgressPrinter&) = delete;
    ProgressPrinter& operator=(const ProgressPrinter&) = delete;

    /// Records and shows one event.
    void Handle(const reconcile::ProgressEvent& event);
    /// A callback for ExecuteOptions::on_progress that calls Handle; valid while this lives.
    reconcile::ProgressCallback Callback();
    /// In tty mode, redraws every 100 ms from a thread of its own so spinners turn and the
    /// times of working resources run; other modes ignore it.
    void StartTicker();
    /// Stops the ticker and draws the final state once. Idempotent.
    void Finish();

  private:
    struct Line final {
        reconcile::ProgressEvent event;
        std::chrono::steady_clock::time_point received;
    };

    void Redraw(bool final_draw);  // mutex_ held
    std::string RenderLine(const Line& line, std::size_t name_width, std::size_t text_width) const;
    void PrintPlain(const reconcile::ProgressEvent& event);
    void PrintJson(const reconcile::ProgressEvent& event);

    ProgressMode mode_;
    std::ostream& out_;
    std::string title_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<Line> lines_;  // in order of first appearance
    std::size_t drawn_ = 0;    // lines on screen from the last redraw
    std::size_t frame_ = 0;
    bool stopping_ = false;
    bool finished_ = false;
    std::thread ticker_;
};

}  // namespace compose::cli
