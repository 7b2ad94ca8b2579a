#include "engine/daemon/container_routes_stream.hpp"

#include <charconv>

#include "engine/api/exec_config.hpp"
#include "engine/base/error.hpp"
#include "engine/daemon/event_routes.hpp"

namespace engine::daemon {
namespace {

// moby's DefaultEscapeKeys: ctrl-p, ctrl-q.
constexpr std::string_view kDefaultDetachKeys = "\x10\x11";

std::optional<std::size_t> ParseTail(const std::string& tail) {
    if (tail.empty() || tail == "all") {
        return std::nullopt;
    }
    long long lines = 0;
    const auto [end, error] = std::from_chars(tail.data(), tail.data() + tail.size(), lines);
    if (error != std::errc() || end != tail.data() + tail.size() || lines < 0) {
        return std::nullopt;  // moby's json-file reader: an unreadable tail is -1, everything
    }
    return static_cast<std::size_t>(lines);
}

}  // namespace

std::string MultiplexedFrame(StdStream stream, std::string_view payload) {
    const auto size = static_cast<std::uint32_t>(payload.size());
    std::string frame;
    frame.reserve(8 + payload.size());
    frame.push_back(static_cast<char>(stream));
    frame.append(3, '\0');
    for (int shift = 24; shift >= 0; shift -= 8) {
        frame.push_back(static_cast<char>((size >> shift) & 0xff));
    }
    frame.append(payload);
    return frame;
}

std::string LogEntryBytes(const runtime::LogEntry& entry, bool tty, bool timestamps) {
    std::string payload;
    if (timestamps) {
        payload = runtime::FormatRfc3339Nano(entry.time_nanos) + " ";
    }
    payload += entry.text;
    if (tty) {
        return payload;
    }
    return MultiplexedFrame(entry.stream == "stderr" ? StdStream::kStderr : StdStream::kStdout, payload);
}

LogsQuery ParseLogsQuery(const api::Query& query) {
    LogsQuery logs;
    logs.want_stdout = query.BoolValue("stdout");
    logs.want_stderr = query.BoolValue("stderr");
    if (!logs.want_stdout && !logs.want_stderr) {
        throw Error(Errc::kInvalidArgument, "Bad parameters: you must choose at least one stream");
    }
    logs.follow = query.BoolValue("follow");
    logs.timestamps = query.BoolValue("timestamps");
    logs.read.since_nanos = ParseTimestampParameter("since", query.Get("since")).value_or(0);
    logs.read.until_nanos = ParseTimestampParameter("until", query.Get("until")).value_or(0);
    logs.read.tail = ParseTail(query.Get("tail"));
    logs.read.follow = logs.follow;
    return logs;
}

DetachKeyScanner::Result DetachKeyScanner::Feed(std::string_view bytes) {
    Result result;
    // A partial match is given back in front of whatever broke it.
    const auto give_back = [&] {
        result.forward.assign(keys_, 0, matched_);
        matched_ = 0;
    };
    if (keys_.empty()) {
        result.forward.assign(bytes);
        return result;
    }
    if (bytes.size() != 1) {
        give_back();
        result.forward.append(bytes);
        return result;
    }
    if (bytes.front() != keys_[matched_]) {
        give_back();
        result.forward.append(bytes);
        return result;
    }
    if (++matched_ == keys_.size()) {
        matched_ = 0;
        result.detached = true;
    }
    return result;
}

std::string DetachKeyBytes(std::string_view requested) {
    if (requested.empty()) {
        return std::string(kDefaultDetachKeys);
    }
    std::optional<std::string> bytes = api::DetachKeysToBytes(requested);
    if (!bytes) {
        throw Error(Errc::kInvalidArgument, "Invalid detach keys (" + std::string(requested) + ") provided");
    }
    return *bytes;
}

}  // namespace engine::daemon
