#pragma once

// A busybox bundle, a private runtime root and shim options for tests that run real
// containers through berth-shim. Everything started is killed and deleted on destruction.

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/base/atomic_file.hpp"
#include "engine/base/id.hpp"
#include "engine/runtime/monitor/json_log.hpp"
#include "engine/runtime/monitor/oci_runtime.hpp"
#include "engine/runtime/monitor/shim.hpp"
#include "tests/support/real_container.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::runtime::testing {

class ShimFixture final {
  public:
    ShimFixture() : id_("berth-test-" + RandomHex(6)), runtime_(::engine::testing::PreferredRuntime(), Dir("root")) {
        options_.shim_binary = BERTH_SHIM_PATH;
        options_.container_id = id_;
        options_.bundle = Dir("bundle");
        options_.state_dir = Dir("state");
        options_.runtime_binary = runtime_.binary();
        options_.runtime_root = runtime_.root();
        options_.log_path = Dir("logs") / (id_ + "-json.log");
        std::filesystem::create_directories(options_.log_path.parent_path());
        ::engine::testing::MakeBusyboxRootfs(options_.bundle / "rootfs");
    }
    ShimFixture(const ShimFixture&) = delete;
    ShimFixture& operator=(const ShimFixture&) = delete;
    ~ShimFixture() {
        try {
            runtime_.Kill(id_, SIGKILL, true);
        } catch (const std::exception&) {
        }
        if (const auto shim = ReadProcessIdentity(options_.state_dir / "shim.pid"); shim && IsAlive(*shim)) {
            WaitForExit(options_.state_dir, std::chrono::seconds(10));
            if (IsAlive(*shim)) {
                ::kill(shim->pid, SIGKILL);
            }
        }
        try {
            runtime_.Delete(id_, true);
        } catch (const std::exception&) {
        }
    }

    /// Writes config.json from `<runtime> spec`, running `args`.
    void WriteConfig(const std::vector<std::string>& args, bool terminal = false) {
        const ::engine::testing::CommandResult spec =
            ::engine::testing::RunCommand({"sh",
                                           "-c",
                                           "cd \"$1\" && rm -f config.json && exec \"$2\" spec",
                                           "sh",
                                           options_.bundle.string(),
                                           runtime_.binary().string()});
        ASSERT_EQ(spec.exit_code, 0) << spec.err;
        nlohmann::json config = nlohmann::json::parse(ReadFile(options_.bundle / "config.json"));
        config["process"]["args"] = args;
        config["process"]["terminal"] = terminal;
        config["root"]["path"] = (options_.bundle / "rootfs").string();
        config["root"]["readonly"] = false;
        config["linux"]["cgroupsPath"] = "/berth-test/" + id_;
        WriteFileAtomically(options_.bundle / "config.json", config.dump(2));
        options_.tty = terminal;
    }

    std::vector<LogEntry> LogEntries() const {
        std::vector<LogEntry> entries;
        ReadJsonLog(options_.log_path, {}, [&](const LogEntry& entry) {
            entries.push_back(entry);
            return true;
        });
        return entries;
    }

    const std::string& id() const { return id_; }
    ShimOptions& options() { return options_; }
    const OciRuntime& runtime() const { return runtime_; }
    const std::filesystem::path& state_dir() const { return options_.state_dir; }

  private:
    std::filesystem::path Dir(const char* name) const { return temp_.path() / name; }

    ::engine::testing::TempDir temp_;
    std::string id_;
    OciRuntime runtime_;
    ShimOptions options_;
};

}  // namespace engine::runtime::testing
