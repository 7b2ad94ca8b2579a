#pragma once

// A deliberately dumb HTTP/1.1 client for integration tests: one request per connection over a
// UNIX socket, "Connection: close", whole response read to EOF. It checks the daemon from the
// outside without sharing code with engine/client.

#include <cstring>
#include <filesystem>
#include <string>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace engine::testing {

struct RawResponse {
    int status = 0;  ///< 0 when the connection failed or the reply was cut off
    std::string headers;
    std::string body;  ///< raw: chunk framing is left in for chunked replies
};

inline RawResponse RawHttp(const std::filesystem::path& socket_path,
                           const std::string& method,
                           const std::string& target,
                           const std::string& body = "",
                           const std::string& content_type = "application/json") {
    RawResponse response;
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, socket_path.c_str(), sizeof address.sun_path - 1);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        close(fd);
        return response;
    }
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: api\r\nConnection: close\r\n";
    if (!body.empty() || method == "POST") {
        request += "Content-Type: " + content_type + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    }
    request += "\r\n" + body;
    for (std::size_t sent = 0; sent < request.size();) {
        const ssize_t count = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (count <= 0) {
            close(fd);
            return response;
        }
        sent += static_cast<std::size_t>(count);
    }
    std::string reply;
    char buffer[65536];
    for (ssize_t count; (count = read(fd, buffer, sizeof buffer)) > 0;) {
        reply.append(buffer, static_cast<std::size_t>(count));
    }
    close(fd);
    const std::size_t header_end = reply.find("\r\n\r\n");
    if (reply.rfind("HTTP/1.", 0) != 0 || header_end == std::string::npos) {
        return response;
    }
    response.status = std::stoi(reply.substr(9, 3));
    response.headers = reply.substr(0, header_end);
    response.body = reply.substr(header_end + 4);
    return response;
}

}  // namespace engine::testing
