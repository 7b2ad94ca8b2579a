// The shim's on-disk formats and daemon-side helpers that need no container.

#include <gtest/gtest.h>
#include <unistd.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/runtime/monitor/oci_runtime.hpp"
#include "engine/runtime/monitor/shim.hpp"
#include "engine/runtime/monitor/shim_report.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::runtime {
namespace {

TEST(ShimFiles, OptionsRoundTrip) {
    ShimOptions options;
    options.shim_binary = "/usr/bin/berth-shim";
    options.container_id = "abc";
    options.bundle = "/b";
    options.state_dir = "/s";
    options.runtime_binary = "/usr/sbin/runc";
    options.runtime_root = "/r";
    options.tty = true;
    options.open_stdin = true;
    options.stdin_once = true;
    options.log_driver = "none";
    options.log_path = "/l/abc-json.log";
    options.log_max_size = 1024;
    options.log_max_file = 3;
    options.start_gate = true;
    options.exec = true;
    options.process_file = "/p.json";
    const ShimOptions back = ShimOptionsFromJson(ShimOptionsToJson(options));
    EXPECT_EQ(ShimOptionsToJson(back), ShimOptionsToJson(options));
    EXPECT_THROW(ShimOptionsFromJson("{}"), Error);
}

TEST(ShimFiles, ExitStatusIsTheDocumentedJson) {
    ExitStatus status;
    status.exit_code = 137;
    status.oom_killed = true;
    status.finished_at_nanos = 1'795'874'400'000'000'001LL;
    EXPECT_EQ(
        ExitStatusToJson(status),
        "{\"error\":\"\",\"exit_code\":137,\"finished_at\":\"2026-11-28T14:00:00.000000001Z\",\"oom_killed\":true}\n");
    const ExitStatus back = ExitStatusFromJson(ExitStatusToJson(status));
    EXPECT_EQ(back.exit_code, 137);
    EXPECT_TRUE(back.oom_killed);
    EXPECT_EQ(back.finished_at_nanos, status.finished_at_nanos);
}

TEST(ShimFiles, ReadExitStatusIsEmptyWhileRunning) {
    testing::TempDir dir;
    EXPECT_FALSE(ReadExitStatus(dir.path()).has_value());
    WriteFileAtomically(dir.path() / "exit.json", "{\"exit_code\":3,\"finished_at\":\"2026-11-28T14:00:00Z\"}");
    EXPECT_EQ(ReadExitStatus(dir.path())->exit_code, 3);
}

TEST(ShimFiles, ProcessIdentityGuardsAgainstPidReuse) {
    testing::TempDir dir;
    const std::optional<ProcessIdentity> self = IdentifyProcess(::getpid());
    ASSERT_TRUE(self.has_value());
    EXPECT_TRUE(IsAlive(*self));
    EXPECT_FALSE(IsAlive(ProcessIdentity{self->pid, self->start_time + 1}));
    WriteProcessIdentity(dir.path() / "shim.pid", *self);
    EXPECT_TRUE(ShimAlive(dir.path()));
    EXPECT_TRUE(OpenShimPidfd(dir.path()).valid());
    WriteProcessIdentity(dir.path() / "shim.pid", ProcessIdentity{self->pid, self->start_time + 1});
    EXPECT_FALSE(ShimAlive(dir.path()));
    // A shim gone without exit.json: the exit is unknown, and says where to look.
    const std::optional<ExitStatus> status = WaitForExit(dir.path(), std::chrono::milliseconds(10));
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->exit_code, 255);
    EXPECT_NE(status->error.find("shim.log"), std::string::npos);
}

TEST(ShimFiles, ReportsCarryTheErrorCode) {
    const ShimProcess process{{10, 20}, {30, 40}};
    const ShimProcess back = ParseShimReport(ShimSuccessReport(process));
    EXPECT_EQ(back.shim.pid, 10);
    EXPECT_EQ(back.init.start_time, 40u);
    try {
        ParseShimReport(ShimErrorReport(Error(Errc::kInvalidArgument, "OCI runtime create failed: x")));
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        EXPECT_STREQ(error.what(), "OCI runtime create failed: x");
    }
}

TEST(OciRuntimeOutput, ParsesStateAndLogErrors) {
    const RuntimeState state = ParseRuntimeState(
        R"({"ociVersion":"1.0.2-dev","id":"c1","pid":4242,"status":"running","bundle":"/b","rootfs":"/b/rootfs"})");
    EXPECT_EQ(state.id, "c1");
    EXPECT_EQ(state.pid, 4242);
    EXPECT_EQ(state.status, "running");
    EXPECT_EQ(state.bundle, "/b");
    // runc's log as written here: no newline after the last entry.
    EXPECT_EQ(LastRuntimeLogError("{\"level\":\"warning\",\"msg\":\"w\"}\n"
                                  "{\"level\":\"error\",\"msg\":\"runc create failed: exec: \\\"/x\\\": stat /x\"}"),
              "runc create failed: exec: \"/x\": stat /x");
    EXPECT_EQ(LastRuntimeLogError(""), "");
}

TEST(OciRuntimeOutput, ClassifiesRuncAndCrunMessages) {
    EXPECT_EQ(RuntimeErrorCode("state", "container does not exist"), Errc::kNotFound);
    EXPECT_EQ(RuntimeErrorCode("kill", "error opening file `/run/berth/runtime/x/status`: No such file or directory"),
              Errc::kNotFound);
    EXPECT_EQ(RuntimeErrorCode("create",
                               "runc create failed: unable to start container process: exec: \"/x\": stat /x: no "
                               "such file or directory"),
              Errc::kInvalidArgument);
    EXPECT_EQ(RuntimeErrorCode("create", "executable file `nothere` not found in $PATH: No such file or directory"),
              Errc::kInvalidArgument);
    EXPECT_EQ(RuntimeErrorCode("create", "cgroups in hybrid mode not supported, drop all controllers from cgroupv2"),
              Errc::kInternal);
}

TEST(OciRuntimeOutput, MissingRuntimeBinarySaysSo) {
    testing::TempDir dir;
    const OciRuntime runtime("/nonexistent/crun", dir.path() / "root");
    try {
        runtime.State("x");
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_STREQ(error.what(),
                     "OCI runtime state failed: cannot execute /nonexistent/crun; install crun or runc or fix the "
                     "runtime path");
    }
}

}  // namespace
}  // namespace engine::runtime
