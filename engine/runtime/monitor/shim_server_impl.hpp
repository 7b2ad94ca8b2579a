#pragma once

// The berth-shim process's internals (shim_server.cpp: set-up and exit; shim_loop.cpp: the poll
// loop, output and attach clients). Not for use outside this folder.

#include <optional>
#include <string>
#include <vector>

#include <poll.h>

#include "engine/base/error.hpp"
#include "engine/runtime/monitor/attach_protocol.hpp"
#include "engine/runtime/monitor/json_log.hpp"
#include "engine/runtime/monitor/oci_runtime.hpp"
#include "engine/runtime/monitor/shim.hpp"
#include "engine/runtime/monitor/shim_io.hpp"
#include "engine/runtime/monitor/unique_fd.hpp"

namespace engine::runtime {

inline constexpr std::size_t kMaxClientBacklog = 8 << 20;  // a client this far behind is dropped
inline constexpr std::size_t kMaxStdinBacklog = 1 << 20;   // above this, clients' stdin is not read
inline constexpr int kDrainAfterExitMs = 2000;             // output still arriving after the exit
inline constexpr int kFlushClientsMs = 2000;

/// Writes "berth-shim: <message>" to stderr (shim.log). Plain write(2): iostreams would make
/// every shim initialize the locale machinery, most of a megabyte of RSS.
void ShimDiagnostic(std::string_view message);

/// One connection on attach.sock.
struct AttachConnection {
    UniqueFd fd;
    FrameDecoder decoder;
    std::string out;
    bool sent_stdin = false;
};

/// The shim's single-threaded poll loop around one container (or exec'd process).
class ShimServer final {
  public:
    ShimServer(ShimOptions options, int report_fd)
        : options_(std::move(options)),
          report_fd_(report_fd),
          runtime_(options_.runtime_binary, options_.runtime_root) {}

    int Run();

  private:
    void Prepare();
    void CreateProcess();
    void StartProcess();
    void Report(const std::string& report);
    void Loop();
    std::vector<pollfd> PollSet() const;
    void OnSignal();
    void OnOutput(UniqueFd& fd, std::string_view stream, LogLineSplitter& splitter);
    void Emit(std::string_view stream, std::string_view message);
    void OnAccept();
    bool OnClientReadable(AttachConnection& client);
    bool OnFrame(AttachConnection& client, const Frame& frame);
    void FlushClient(AttachConnection& client);
    void DropClient(std::size_t index);
    void FlushStdin();
    void CloseStdin();
    /// Settles a gated start that failed: the shim ends as if the process had exited, with
    /// Docker's codes (127 when the executable cannot be run, else 255) and the error.
    void FailStart(const Error& error);
    void Finish();
    ExitStatus MakeExitStatus() const;

    std::filesystem::path State(const char* name) const { return options_.state_dir / name; }

    ShimOptions options_;
    UniqueFd report_fd_;
    OciRuntime runtime_;
    UniqueFd signal_fd_;
    UniqueFd listener_;
    ContainerIo io_;
    std::optional<JsonLogWriter> log_;
    LogLineSplitter stdout_splitter_;
    LogLineSplitter stderr_splitter_;
    std::vector<AttachConnection> clients_;
    std::string stdin_pending_;
    bool stdin_close_requested_ = false;
    ProcessIdentity init_;
    bool started_ = false;
    bool exited_ = false;
    int wait_status_ = 0;
    std::optional<ExitStatus> start_failure_;
};

}  // namespace engine::runtime
