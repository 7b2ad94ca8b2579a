// A process SIGKILLed at any moment during writes must reopen with a consistent store and no
// committed operation lost. A forked child writes, overwrites and deletes in a tight loop and
// reports each operation to the parent before starting it ("B …") and after it returned
// ("C"); the parent kills it at a random moment, reopens the store and checks every record.

#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <random>
#include <sstream>

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "engine/base/id.hpp"
#include "engine/store/file_object_store.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::store {
namespace {

constexpr int kRecords = 16;
constexpr int kIterations = 30;

using Ids = std::array<std::string, kRecords>;
/// Per record index: the "seq" of its content, or nullopt when absent.
using State = std::map<int, std::optional<long>>;

std::string Json(long seq) {
    return "{\"seq\":" + std::to_string(seq) + "}";
}

void Report(int fd, const std::string& line) {
    // Lines are far below PIPE_BUF, so each write is atomic; a short write cannot happen.
    if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
        ::_exit(2);
    }
}

[[noreturn]] void RunChild(const std::filesystem::path& root, const Ids& ids, int iteration, int fd) {
    try {
        FileObjectStore store(root);
        std::array<bool, kRecords> present{};
        for (const Record& record : store.List(Kind::kContainer)) {
            for (int i = 0; i < kRecords; ++i) {
                present[i] = present[i] || record.id == ids[i];
            }
        }
        std::minstd_rand rng(static_cast<unsigned>(iteration) + 1);
        for (long seq = iteration * 1000000L;; ++seq) {
            const int i = static_cast<int>(rng() % kRecords);
            if (present[i] && rng() % 3 == 0) {
                Report(fd, "B D " + std::to_string(i) + "\n");
                store.Delete(Kind::kContainer, ids[i]);
                present[i] = false;
            } else {
                Report(fd, "B P " + std::to_string(i) + " " + std::to_string(seq) + "\n");
                store.Put(Kind::kContainer, {ids[i], "r" + std::to_string(i), Json(seq)});
                present[i] = true;
            }
            Report(fd, "C\n");
        }
    } catch (const std::exception& e) {
        Report(fd, std::string("E ") + e.what() + "\n");
        ::_exit(1);
    }
}

/// Reads what the child reports until `deadline`, or to EOF when `deadline` is nullopt.
void ReadReports(int fd, std::string& out, std::optional<std::chrono::steady_clock::time_point> deadline) {
    char buffer[4096];
    for (;;) {
        int timeout = -1;
        if (deadline) {
            const auto left = *deadline - std::chrono::steady_clock::now();
            timeout = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(left).count());
            if (timeout <= 0) {
                return;
            }
        }
        pollfd poll_fd{fd, POLLIN, 0};
        if (::poll(&poll_fd, 1, timeout) <= 0) {
            continue;
        }
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got <= 0) {
            return;
        }
        out.append(buffer, static_cast<std::size_t>(got));
    }
}

struct Pending {
    int index;
    std::optional<long> seq;
};

/// Applies committed operations to `state`; returns the operation in flight at the kill, if any.
std::optional<Pending> ApplyReports(const std::string& reports, State& state, std::size_t& commits) {
    std::istringstream lines(reports);
    std::string line;
    std::optional<Pending> pending;
    while (std::getline(lines, line)) {
        EXPECT_FALSE(line.starts_with("E ")) << "child failed: " << line;
        std::istringstream words(line);
        std::string tag, op;
        words >> tag;
        if (tag == "C") {
            state[pending->index] = pending->seq;
            pending.reset();
            ++commits;
            continue;
        }
        Pending next{};
        words >> op >> next.index;
        if (op == "P") {
            long seq = 0;
            words >> seq;
            next.seq = seq;
        }
        pending = next;
    }
    return pending;
}

int CountTempFiles(const std::filesystem::path& directory) {
    int count = 0;
    // A child killed while the store first made its directories leaves some of them missing.
    if (!std::filesystem::exists(directory)) {
        return 0;
    }
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
        count += IsTempFileName(entry.path().filename().string()) ? 1 : 0;
    }
    return count;
}

/// Checks the reopened store against the committed state and returns what is really there.
State CheckReopened(const std::filesystem::path& root,
                    const Ids& ids,
                    const State& committed,
                    const std::optional<Pending>& pending) {
    EXPECT_LE(CountTempFiles(root / "containers"), 1);  // at most the one write in flight
    const FileObjectStore store(root);
    EXPECT_TRUE(store.open_report().skipped_records.empty()) << store.open_report().skipped_records.front();
    EXPECT_EQ(CountTempFiles(root / "containers"), 0);
    State actual;
    for (int i = 0; i < kRecords; ++i) {
        try {
            const Record record = store.Get(Kind::kContainer, ids[i]);
            EXPECT_EQ(record.name, "r" + std::to_string(i));
            EXPECT_EQ(store.Resolve(Kind::kContainer, record.name), ids[i]);
            actual[i] = std::stol(record.json.substr(std::string("{\"seq\":").size()));
            EXPECT_EQ(record.json, Json(*actual[i]));
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::kNotFound) << e.what();
            actual[i] = std::nullopt;
        }
        const auto expected = committed.find(i);
        const std::optional<long> last = expected == committed.end() ? std::nullopt : expected->second;
        const bool in_flight = pending && pending->index == i && actual[i] == pending->seq;
        EXPECT_TRUE(actual[i] == last || in_flight)
            << "record " << i << ": found " << actual[i].value_or(-1) << ", committed " << last.value_or(-1);
    }
    return actual;
}

TEST(CrashSafety, KilledWriterLosesNoCommittedRecord) {
    const engine::testing::TempDir dir;
    const std::filesystem::path root = dir.path() / "store";
    Ids ids;
    for (std::string& id : ids) {
        id = NewObjectId();
    }
    const unsigned seed = std::random_device()();
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    State state;
    std::size_t commits = 0;
    for (int iteration = 0; iteration < kIterations && !HasFailure(); ++iteration) {
        int fds[2];
        ASSERT_EQ(::pipe(fds), 0);
        const pid_t child = ::fork();
        ASSERT_NE(child, -1);
        if (child == 0) {
            ::close(fds[0]);
            RunChild(root, ids, iteration, fds[1]);
        }
        ::close(fds[1]);
        std::string reports;
        const auto delay = std::chrono::milliseconds(1 + rng() % 100);
        ReadReports(fds[0], reports, std::chrono::steady_clock::now() + delay);
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        ReadReports(fds[0], reports, std::nullopt);
        ::close(fds[0]);
        EXPECT_TRUE(WIFSIGNALED(status)) << "child exited early: " << reports;
        const std::optional<Pending> pending = ApplyReports(reports, state, commits);
        // An operation in flight at the kill may have landed or not; the store decides.
        state = CheckReopened(root, ids, state, pending);
    }
    EXPECT_GT(commits, 0u);
    RecordProperty("commits", static_cast<int>(commits));
}

}  // namespace
}  // namespace engine::store
