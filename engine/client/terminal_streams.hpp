#pragma once

// The terminal side of hijacked streams (attach, exec, run), shared by the berth and
// berth-compose CLIs.

#include <memory>
#include <optional>
#include <ostream>
#include <thread>

#include <termios.h>

#include "engine/client/raw_stream.hpp"

namespace engine::client {

/// Copies a hijacked stream's output to `out` and `err` until it ends: demultiplexed from
/// Docker's frames, or raw (all to `out`) when the container has a TTY. Flushes as it goes.
void CopyOutput(RawStream& stream, bool tty, std::ostream& out, std::ostream& err);

/// Copies `fd` into a hijacked stream on a thread of its own, half-closing the stream at end of
/// input (what lets `echo hi | berth run -i busybox cat` end). Stop (or the destructor) ends the
/// copy even while it waits for input, and joins.
class StdinPump final {
  public:
    StdinPump(int fd, std::shared_ptr<RawStream> stream);
    ~StdinPump();
    StdinPump(const StdinPump&) = delete;
    StdinPump& operator=(const StdinPump&) = delete;

    void Stop();

  private:
    void Run(int fd);

    std::shared_ptr<RawStream> stream_;
    int stop_pipe_[2] = {-1, -1};
    std::thread thread_;
};

/// Puts a terminal into raw mode for -t sessions and restores its settings when destroyed.
/// Does nothing when `fd` is not a terminal.
class RawTerminal final {
  public:
    explicit RawTerminal(int fd);
    ~RawTerminal();
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;

  private:
    int fd_;
    std::optional<termios> saved_;
};

/// The terminal size of `fd` as {height, width}; nullopt when it is not a terminal.
std::optional<std::pair<int, int>> TerminalSize(int fd);

}  // namespace engine::client
