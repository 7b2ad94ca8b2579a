// The reading half of json_log.hpp: `docker logs` with tail, since/until and follow.

#include <deque>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/runtime/monitor/json_log.hpp"

namespace engine::runtime {
namespace {

/// The rotated files that exist, newest first: <path>.1, <path>.2, …
std::vector<std::filesystem::path> RotatedFiles(const std::filesystem::path& path) {
    std::vector<std::filesystem::path> files;
    for (int index = 1;; ++index) {
        std::filesystem::path rotated = path;
        rotated += "." + std::to_string(index);
        std::error_code error;
        if (!std::filesystem::exists(rotated, error)) {
            return files;
        }
        files.push_back(std::move(rotated));
    }
}

/// Appends what `fd` has from its current offset to `into`. Returns the bytes read.
std::size_t ReadToEnd(int fd, std::string& into) {
    char buffer[65536];
    std::size_t total = 0;
    while (true) {
        const ssize_t count = ::read(fd, buffer, sizeof buffer);
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count <= 0) {
            return total;
        }
        into.append(buffer, static_cast<std::size_t>(count));
        total += static_cast<std::size_t>(count);
    }
}

/// Moves the complete lines at the front of `buffer` into `lines` (without the '\n'),
/// leaving a trailing partial line in the buffer.
void TakeCompleteLines(std::string& buffer, std::vector<std::string>& lines) {
    std::size_t start = 0;
    std::size_t newline = 0;
    while ((newline = buffer.find('\n', start)) != std::string::npos) {
        lines.emplace_back(buffer, start, newline - start);
        start = newline + 1;
    }
    buffer.erase(0, start);
}

std::vector<std::string> CompleteLinesOf(const std::filesystem::path& file) {
    std::vector<std::string> lines;
    const UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) {
        return lines;  // rotated away meanwhile: its entries are gone, as with Docker
    }
    std::string content;
    ReadToEnd(fd.get(), content);
    TakeCompleteLines(content, lines);
    return lines;
}

ino_t InodeOf(int fd) {
    struct stat status {};
    return ::fstat(fd, &status) == 0 ? status.st_ino : 0;
}

std::optional<ino_t> InodeOfPath(const std::filesystem::path& path) {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) {
        return std::nullopt;
    }
    return status.st_ino;
}

/// Filters and delivers entries; remembers when the reader must stop.
class EntryFilter final {
  public:
    EntryFilter(const LogReadOptions& options, const LogSink& sink) : options_(options), sink_(sink) {}

    /// False once reading must end (the sink said so, or an entry passed `until`).
    bool Deliver(std::string_view line) {
        LogEntry entry;
        try {
            entry = ParseJsonLogLine(line);
        } catch (const Error&) {
            return true;  // not an entry (a torn write after a crash): skip it as Docker does
        }
        if (options_.until_nanos != 0 && entry.time_nanos > options_.until_nanos) {
            done_ = true;
            return false;
        }
        if (entry.time_nanos < options_.since_nanos) {
            return true;
        }
        if (!sink_(entry)) {
            done_ = true;
        }
        return !done_;
    }

    bool done() const { return done_; }

  private:
    const LogReadOptions& options_;
    const LogSink& sink_;
    bool done_ = false;
};

/// Reads the current file from `fd` forever, reopening `path` when it was rotated away,
/// until `stop` says so.
void Follow(const std::filesystem::path& path,
            UniqueFd fd,
            std::string pending,
            const LogReadOptions& options,
            EntryFilter& filter,
            const StopRequested& stop) {
    // Delivers what `fd` has beyond what was read; false when the reading must end.
    const auto drain = [&](std::size_t& read) {
        std::vector<std::string> lines;
        read = fd.valid() ? ReadToEnd(fd.get(), pending) : 0;
        TakeCompleteLines(pending, lines);
        for (const std::string& line : lines) {
            if (!filter.Deliver(line)) {
                return false;
            }
        }
        return true;
    };
    while (!filter.done()) {
        const bool stopping = stop && stop();
        std::size_t read = 0;
        if (!drain(read)) {
            return;
        }
        const std::optional<ino_t> current = InodeOfPath(path);
        const bool rotated = current && (!fd.valid() || *current != InodeOf(fd.get()));
        if (stopping && !rotated) {
            return;  // else the entries written before the stop may be in the new file
        }
        if (read == 0 && rotated) {
            // Rotated. The writer may have appended to the old file after our last read and
            // before renaming it: drain it once more, then continue in the new file.
            if (!drain(read)) {
                return;
            }
            fd.Reset(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
            pending.clear();
            continue;
        }
        if (read == 0) {
            std::this_thread::sleep_for(options.poll_interval);
        }
    }
}

}  // namespace

void ReadJsonLog(const std::filesystem::path& path,
                 const LogReadOptions& options,
                 const LogSink& sink,
                 const StopRequested& stop) {
    EntryFilter filter(options, sink);
    // Open the current file first so that a rotation during the reading of the old ones
    // cannot make us miss the entries in between.
    UniqueFd current(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    std::string pending;
    std::vector<std::string> current_lines;
    if (current.valid()) {
        ReadToEnd(current.get(), pending);
        TakeCompleteLines(pending, current_lines);
    }

    std::deque<std::string> selected(current_lines.begin(), current_lines.end());
    const std::size_t wanted = options.tail.value_or(SIZE_MAX);
    for (const std::filesystem::path& rotated : RotatedFiles(path)) {
        if (selected.size() >= wanted) {
            break;
        }
        std::vector<std::string> older = CompleteLinesOf(rotated);
        selected.insert(selected.begin(), older.begin(), older.end());
    }
    while (selected.size() > wanted) {
        selected.pop_front();
    }
    for (const std::string& line : selected) {
        if (!filter.Deliver(line)) {
            return;
        }
    }
    if (options.follow) {
        Follow(path, std::move(current), std::move(pending), options, filter, stop);
    }
}

}  // namespace engine::runtime
