#include "engine/runtime/monitor/json_log.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"

namespace engine::runtime {
namespace {

constexpr std::int64_t kNanosPerSecond = 1'000'000'000;

/// Length of the valid UTF-8 sequence at the start of `text`, 0 when it is not one.
std::size_t Utf8SequenceLength(std::string_view text) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    std::uint32_t min_code = 0;
    std::uint32_t code = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2, min_code = 0x80, code = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3, min_code = 0x800, code = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4, min_code = 0x10000, code = lead & 0x07u;
    } else {
        return 0;
    }
    if (text.size() < length) {
        return 0;
    }
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(i) & 0xC0u) != 0x80u) {
            return 0;
        }
        code = (code << 6) | (byte(i) & 0x3Fu);
    }
    const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
    return (code < min_code || code > 0x10FFFF || surrogate) ? 0 : length;
}

/// A JSON string body escaped exactly as moby's jsonlog does (Go's HTML-safe escaping,
/// lowercase hex, invalid UTF-8 as U+FFFD), so our files equal Docker's.
void AppendJsonString(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::size_t i = 0;
    while (i < text.size()) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b >= 0x80) {
            const std::size_t length = Utf8SequenceLength(text.substr(i));
            const std::string_view sequence = text.substr(i, length);
            if (length == 0) {
                out += "\\ufffd";
                i += 1;
            } else if (sequence == "\xE2\x80\xA8" || sequence == "\xE2\x80\xA9") {
                out += sequence == "\xE2\x80\xA8" ? "\\u2028" : "\\u2029";
                i += length;
            } else {
                out += sequence;
                i += length;
            }
            continue;
        }
        if (b >= 0x20 && b != '\\' && b != '"' && b != '<' && b != '>' && b != '&') {
            out += static_cast<char>(b);
        } else if (b == '\\' || b == '"') {
            out += '\\';
            out += static_cast<char>(b);
        } else if (b == '\n') {
            out += "\\n";
        } else if (b == '\r') {
            out += "\\r";
        } else if (b == '\t') {
            out += "\\t";
        } else {
            out += "\\u00";
            out += kHex[b >> 4];
            out += kHex[b & 0xF];
        }
        ++i;
    }
}

bool ParseDigits(std::string_view text, std::size_t position, std::size_t count, int& value) {
    if (position + count > text.size()) {
        return false;
    }
    const char* begin = text.data() + position;
    const auto [end, error] = std::from_chars(begin, begin + count, value);
    return error == std::errc() && end == begin + count;
}

}  // namespace

std::string FormatRfc3339Nano(std::int64_t unix_nanos) {
    std::int64_t seconds = unix_nanos / kNanosPerSecond;
    std::int64_t nanos = unix_nanos % kNanosPerSecond;
    if (nanos < 0) {
        nanos += kNanosPerSecond;
        seconds -= 1;
    }
    const std::time_t as_time_t = static_cast<std::time_t>(seconds);
    std::tm utc{};
    gmtime_r(&as_time_t, &utc);
    char buffer[48];
    const std::size_t length = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
    char fraction[16];
    std::snprintf(fraction, sizeof fraction, ".%09lldZ", static_cast<long long>(nanos));
    return std::string(buffer, length) + fraction;
}

std::int64_t ParseRfc3339Nano(std::string_view text) {
    const Error invalid(Errc::kInvalidArgument,
                        "invalid timestamp \"" + std::string(text) + "\": expected RFC 3339 like 2026-11-28T14:00:00Z");
    std::tm fields{};
    int year = 0, month = 0;
    if (text.size() < 20 || !ParseDigits(text, 0, 4, year) || text[4] != '-' || !ParseDigits(text, 5, 2, month) ||
        text[7] != '-' || !ParseDigits(text, 8, 2, fields.tm_mday) || (text[10] != 'T' && text[10] != 't') ||
        !ParseDigits(text, 11, 2, fields.tm_hour) || text[13] != ':' || !ParseDigits(text, 14, 2, fields.tm_min) ||
        text[16] != ':' || !ParseDigits(text, 17, 2, fields.tm_sec)) {
        throw invalid;
    }
    fields.tm_year = year - 1900;
    fields.tm_mon = month - 1;
    std::size_t position = 19;
    std::int64_t nanos = 0;
    if (text[position] == '.') {
        std::int64_t scale = kNanosPerSecond;
        ++position;
        while (position < text.size() && text[position] >= '0' && text[position] <= '9') {
            scale /= 10;
            nanos += (text[position] - '0') * scale;  // digits past the ninth add 0
            ++position;
        }
    }
    std::int64_t offset_seconds = 0;
    const std::string_view zone = text.substr(position);
    if (zone == "Z" || zone == "z") {
        offset_seconds = 0;
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
        int hours = 0, minutes = 0;
        if (!ParseDigits(zone, 1, 2, hours) || !ParseDigits(zone, 4, 2, minutes)) {
            throw invalid;
        }
        offset_seconds = (zone[0] == '+' ? 1 : -1) * (hours * 3600 + minutes * 60);
    } else {
        throw invalid;
    }
    const std::int64_t seconds = static_cast<std::int64_t>(timegm(&fields)) - offset_seconds;
    return seconds * kNanosPerSecond + nanos;
}

std::int64_t UnixNanosNow() {
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    return static_cast<std::int64_t>(now.tv_sec) * kNanosPerSecond + now.tv_nsec;
}

std::string FormatJsonLogLine(std::string_view stream, std::string_view message, std::int64_t unix_nanos) {
    std::string line;
    line.reserve(message.size() + 80);
    line += "{\"log\":\"";
    AppendJsonString(line, message);
    line += "\",\"stream\":\"";
    AppendJsonString(line, stream);
    line += "\",\"time\":\"";
    line += FormatRfc3339Nano(unix_nanos);
    line += "\"}\n";
    return line;
}

void LogLineSplitter::Feed(std::string_view bytes, const Emit& emit) {
    pending_.append(bytes);
    std::size_t start = 0;
    while (start < pending_.size()) {
        const std::string_view rest = std::string_view(pending_).substr(start);
        const std::size_t newline = rest.substr(0, max_message_).find('\n');
        if (newline != std::string_view::npos) {
            emit(rest.substr(0, newline + 1));
            start += newline + 1;
        } else if (rest.size() >= max_message_) {
            emit(rest.substr(0, max_message_));
            start += max_message_;
        } else {
            break;
        }
    }
    pending_.erase(0, start);
}

void LogLineSplitter::Flush(const Emit& emit) {
    if (!pending_.empty()) {
        emit(pending_);
        pending_.clear();
    }
}

JsonLogWriter::JsonLogWriter(JsonLogOptions options) : options_(std::move(options)) {
    Open();
}

void JsonLogWriter::Open() {
    const std::string path = options_.path.string();
    fd_.Reset(CheckSyscall(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640), "open log " + path));
    struct stat status {};
    CheckSyscall(::fstat(fd_.get(), &status), "stat log " + path);
    size_ = static_cast<std::uint64_t>(status.st_size);
}

void JsonLogWriter::Rotate() {
    const std::string path = options_.path.string();
    if (options_.max_file <= 1) {
        CheckSyscall(::ftruncate(fd_.get(), 0), "truncate log " + path);
        size_ = 0;
        return;
    }
    for (int index = options_.max_file - 1; index >= 2; --index) {
        const std::string from = path + "." + std::to_string(index - 1);
        const std::string to = path + "." + std::to_string(index);
        if (::rename(from.c_str(), to.c_str()) != 0 && errno != ENOENT) {
            ThrowErrno("rotate log " + from, errno);
        }
    }
    CheckSyscall(::rename(path.c_str(), (path + ".1").c_str()), "rotate log " + path);
    Open();
}

void JsonLogWriter::Write(std::string_view stream, std::string_view message, std::int64_t unix_nanos) {
    if (options_.max_size > 0 && size_ >= options_.max_size) {
        Rotate();
    }
    const std::string line = FormatJsonLogLine(stream, message, unix_nanos);
    WriteAllTo(fd_.get(), line, "write log " + options_.path.string());
    size_ += line.size();
}

LogEntry ParseJsonLogLine(std::string_view line) {
    const nlohmann::json parsed = nlohmann::json::parse(line, nullptr, false);
    if (!parsed.is_object() || !parsed.contains("log") || !parsed["log"].is_string() || !parsed.contains("time") ||
        !parsed["time"].is_string()) {
        throw Error(Errc::kInvalidArgument, "not a json-file log entry: " + std::string(line.substr(0, 80)));
    }
    LogEntry entry;
    entry.text = parsed["log"].get<std::string>();
    entry.stream = parsed.value("stream", "stdout");
    entry.time_nanos = ParseRfc3339Nano(parsed["time"].get<std::string>());
    return entry;
}

}  // namespace engine::runtime
