// EngineClient's file transfer calls: export, the archive endpoints (docker cp) and stats.
#include <array>
#include <cerrno>

#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/client/engine_client.hpp"

namespace engine::client {
namespace {

// The stat header is base64 (standard alphabet, padded) of a JSON object.
std::string DecodeBase64(std::string_view text) {
    static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (const char c : text) {
        const std::size_t value = kAlphabet.find(c);
        if (value == std::string_view::npos) {
            continue;  // padding and line breaks
        }
        buffer = (buffer << 6) | static_cast<unsigned>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xff));
        }
    }
    return out;
}

nlohmann::json PathStat(const HttpResponse& response) {
    const std::string header = response.Header("X-Docker-Container-Path-Stat");
    if (header.empty()) {
        return nlohmann::json::object();
    }
    nlohmann::json stat = nlohmann::json::parse(DecodeBase64(header), nullptr, false);
    if (stat.is_discarded()) {
        throw Error(Errc::kInternal, "unable to decode container path stat header");
    }
    return stat;
}

ApiRequest ArchiveRequest(std::string method, std::string_view id, std::string_view path) {
    return ApiRequest(std::move(method), "/containers/" + std::string(id) + "/archive", {{"path", std::string(path)}});
}

void WriteAll(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t count = write(fd, data.data(), data.size());
        if (count < 0 && errno == EINTR) {
            continue;
        }
        CheckSyscall(count, "write container export");
        data.remove_prefix(static_cast<std::size_t>(count));
    }
}

}  // namespace

void EngineClient::ContainerExport(std::string_view id, int output_fd) {
    Stream(ApiRequest("GET", "/containers/" + std::string(id) + "/export"), [output_fd](std::string_view data) {
        WriteAll(output_fd, data);
        return true;
    });
}

nlohmann::json EngineClient::ContainerArchiveGet(std::string_view id,
                                                 std::string_view path,
                                                 const DataCallback& on_data) {
    return PathStat(Stream(ArchiveRequest("GET", id, path), on_data));
}

nlohmann::json EngineClient::ContainerArchiveStat(std::string_view id, std::string_view path) {
    return PathStat(Request(ArchiveRequest("HEAD", id, path)));
}

void EngineClient::ContainerArchivePut(
    std::string_view id, std::string_view path, int input_fd, bool no_overwrite_dir_non_dir, bool copy_uid_gid) {
    ApiRequest request = ArchiveRequest("PUT", id, path);
    if (no_overwrite_dir_non_dir) {
        request.query.emplace_back("noOverwriteDirNonDir", "true");
    }
    if (copy_uid_gid) {
        request.query.emplace_back("copyUIDGID", "true");
    }
    request.content_type = "application/x-tar";
    request.upload_fd = input_fd;
    Request(request);
}

void EngineClient::ContainerStats(std::string_view id, bool stream, const JsonCallback& on_stats) {
    // docker stats --no-stream asks for stream=0 and no one-shot, so the daemon takes two
    // samples and the CPU percentage has a base.
    const ApiRequest request("GET", "/containers/" + std::string(id) + "/stats", {{"stream", stream ? "1" : "0"}});
    StreamJson(request, on_stats, false);
}

}  // namespace engine::client
