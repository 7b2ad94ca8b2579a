#include "engine/sys/linux/kernel_files.hpp"

#include <cerrno>
#include <charconv>

#include <fcntl.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/sys/linux/unique_fd.hpp"

namespace engine::sys::detail {

std::optional<std::string> ReadIfExists(const std::filesystem::path& directory, std::string_view file) {
    if (directory.empty()) {
        return std::nullopt;
    }
    const std::filesystem::path path = directory / file;
    // ENODEV: the cgroup was removed between open and read (its container just exited).
    const auto gone = [](int saved_errno) {
        return saved_errno == ENOENT || saved_errno == ENOTDIR || saved_errno == ENODEV;
    };
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) {
        const int saved_errno = errno;
        if (gone(saved_errno)) {
            return std::nullopt;
        }
        ThrowErrno("open " + path.string(), saved_errno);
    }
    std::string content;
    char buffer[4096];
    for (;;) {
        const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
        if (got > 0) {
            content.append(buffer, static_cast<std::size_t>(got));
            continue;
        }
        if (got == 0) {
            return content;
        }
        const int saved_errno = errno;
        if (saved_errno == EINTR) {
            continue;
        }
        if (gone(saved_errno)) {
            return std::nullopt;
        }
        ThrowErrno("read " + path.string(), saved_errno);
    }
}

std::uint64_t ParseCounter(std::string_view text, std::string_view what) {
    const std::vector<std::string_view> fields = SplitFields(text);
    if (fields.size() == 1 && fields[0] == "max") {
        return UINT64_MAX;
    }
    std::uint64_t value = 0;
    if (fields.size() == 1) {
        const auto [end, ec] = std::from_chars(fields[0].data(), fields[0].data() + fields[0].size(), value);
        if (ec == std::errc() && end == fields[0].data() + fields[0].size()) {
            return value;
        }
    }
    throw Error(Errc::kInvalidArgument,
                std::string(what) + ": expected a number or \"max\", got \"" + std::string(text) + "\"");
}

std::uint64_t ReadCounter(const std::filesystem::path& directory, std::string_view file) {
    const std::optional<std::string> text = ReadIfExists(directory, file);
    return text ? ParseCounter(*text, (directory / file).string()) : 0;
}

std::map<std::string, std::uint64_t> ParseFlatKeyed(std::string_view text) {
    std::map<std::string, std::uint64_t> values;
    for (const std::string_view line : SplitFields(text, "\n")) {
        const std::vector<std::string_view> fields = SplitFields(line, " \t");
        std::uint64_t value = 0;
        if (fields.size() != 2) {
            continue;
        }
        const auto [end, ec] = std::from_chars(fields[1].data(), fields[1].data() + fields[1].size(), value);
        if (ec == std::errc() && end == fields[1].data() + fields[1].size()) {
            values[std::string(fields[0])] = value;
        }
    }
    return values;
}

std::map<std::string, std::uint64_t> ReadFlatKeyed(const std::filesystem::path& directory, std::string_view file) {
    const std::optional<std::string> text = ReadIfExists(directory, file);
    return text ? ParseFlatKeyed(*text) : std::map<std::string, std::uint64_t>{};
}

std::vector<std::string_view> SplitFields(std::string_view text, std::string_view separators) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find_first_of(separators, start), text.size());
        if (end > start) {
            fields.push_back(text.substr(start, end - start));
        }
        start = end + 1;
    }
    return fields;
}

std::string DecodeMountinfoPath(std::string_view field) {
    std::string out;
    for (std::size_t i = 0; i < field.size(); ++i) {
        const bool escape = field[i] == '\\' && i + 3 < field.size() && field[i + 1] >= '0' && field[i + 1] <= '3';
        if (escape) {
            out.push_back(
                static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0')));
            i += 3;
        } else {
            out.push_back(field[i]);
        }
    }
    return out;
}

}  // namespace engine::sys::detail
