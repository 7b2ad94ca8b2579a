#pragma once

// Helpers for the HTTP server tests: a temp dir, a dispatcher made of lambdas and a small
// blocking client over raw sockets with a receive timeout, so a server bug fails a test
// instead of hanging it.

#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "engine/http/server.hpp"

namespace engine::http::testing {

class TempDir final {
  public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "berth-http-XXXXXX").string();
        path_ = mkdtemp(pattern.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

class LambdaDispatcher final : public Dispatcher {
  public:
    using Handler = std::function<void(Request&, ResponseWriter&)>;
    using Policy = std::function<BodyPolicy(const RequestHead&)>;

    explicit LambdaDispatcher(Handler handler, Policy policy = {})
        : handler_(std::move(handler)), policy_(std::move(policy)) {}
    BodyPolicy BodyPolicyFor(const RequestHead& head) const override { return policy_ ? policy_(head) : BodyPolicy{}; }
    void Handle(Request& request, ResponseWriter& response) override { handler_(request, response); }

  private:
    Handler handler_;
    Policy policy_;
};

inline void SetTimeout(int fd, std::chrono::milliseconds timeout) {
    timeval value{};
    value.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    value.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, sizeof value);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, sizeof value);
}

/// A connected client socket; -1 when connecting failed.
class Client final {
  public:
    static Client Unix(const std::filesystem::path& path) {
        Client client(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
        if (connect(client.fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            client.Close();
        }
        return client;
    }
    static Client Tcp(unsigned port) {
        Client client(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(client.fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            client.Close();
        }
        return client;
    }
    Client(Client&& other) noexcept : fd_(std::exchange(other.fd_, -1)), buffer_(std::move(other.buffer_)) {}
    ~Client() { Close(); }

    bool connected() const { return fd_ >= 0; }
    int fd() const { return fd_; }
    void Close() {
        if (fd_ >= 0) {
            close(fd_);
            fd_ = -1;
        }
    }

    bool Send(std::string_view data) {
        while (!data.empty()) {
            const ssize_t count = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
            if (count <= 0) {
                return false;
            }
            data.remove_prefix(static_cast<std::size_t>(count));
        }
        return true;
    }

    /// Reads more bytes into the buffer; false at EOF, error or timeout.
    bool Fill() {
        char chunk[16384];
        const ssize_t count = recv(fd_, chunk, sizeof chunk, 0);
        if (count <= 0) {
            return false;
        }
        buffer_.append(chunk, static_cast<std::size_t>(count));
        return true;
    }
    /// Reads until the buffer holds `text`; false when it never came.
    bool ReadUntil(std::string_view text) {
        while (buffer_.find(text) == std::string::npos) {
            if (!Fill()) {
                return false;
            }
        }
        return true;
    }
    /// Everything until the peer closes (or the timeout).
    std::string ReadToEnd() {
        while (Fill()) {
        }
        return std::exchange(buffer_, {});
    }
    /// True when the server closed the connection (EOF) within the socket timeout.
    bool ClosedByPeer() {
        char byte;
        for (;;) {
            const ssize_t count = recv(fd_, &byte, 1, 0);
            if (count == 0 || (count < 0 && errno == ECONNRESET)) {
                return true;
            }
            if (count < 0) {
                return false;  // timeout
            }
            buffer_.push_back(byte);
        }
    }
    std::string& buffer() { return buffer_; }

    struct Response {
        int status = 0;  ///< 0 when no complete response arrived
        std::string reason;
        Headers headers;
        std::string body;  ///< chunked bodies decoded
        bool chunked = false;
        std::string Header(std::string_view name) const {
            for (const auto& [key, value] : headers) {
                if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
                    return value;
                }
            }
            return "";
        }
    };

    /// Reads one response (a body unless `head`): Content-Length, chunked or until close.
    Response Read(bool head = false) {
        Response response;
        if (!ReadUntil("\r\n\r\n")) {
            return response;
        }
        const std::size_t end = buffer_.find("\r\n\r\n");
        const std::string header = buffer_.substr(0, end);
        buffer_.erase(0, end + 4);
        std::size_t line_end = header.find("\r\n");
        const std::string status_line = header.substr(0, line_end);
        if (status_line.size() < 12 || status_line.rfind("HTTP/1.", 0) != 0) {
            return response;
        }
        int status = std::stoi(status_line.substr(9, 3));
        response.reason = status_line.size() > 13 ? status_line.substr(13) : "";
        while (line_end != std::string::npos && line_end < header.size()) {
            const std::size_t next = header.find("\r\n", line_end + 2);
            const std::string line =
                header.substr(line_end + 2, next == std::string::npos ? std::string::npos : next - line_end - 2);
            const std::size_t colon = line.find(':');
            if (colon != std::string::npos) {
                std::string value = line.substr(colon + 1);
                while (!value.empty() && value.front() == ' ') {
                    value.erase(0, 1);
                }
                response.headers.emplace_back(line.substr(0, colon), value);
            }
            line_end = next;
        }
        const bool no_body = head || status < 200 || status == 204 || status == 304;
        if (no_body) {
        } else if (response.Header("Transfer-Encoding") == "chunked") {
            response.chunked = true;
            for (;;) {
                if (!ReadUntil("\r\n")) {
                    return {};
                }
                const std::size_t size_end = buffer_.find("\r\n");
                const std::size_t size = std::stoul(buffer_.substr(0, size_end), nullptr, 16);
                buffer_.erase(0, size_end + 2);
                while (buffer_.size() < size + 2) {
                    if (!Fill()) {
                        return {};
                    }
                }
                response.body += buffer_.substr(0, size);
                buffer_.erase(0, size + 2);
                if (size == 0) {
                    break;
                }
            }
        } else if (!response.Header("Content-Length").empty()) {
            const std::size_t size = std::stoul(response.Header("Content-Length"));
            while (buffer_.size() < size) {
                if (!Fill()) {
                    return {};
                }
            }
            response.body = buffer_.substr(0, size);
            buffer_.erase(0, size);
        } else {
            response.body = ReadToEnd();
        }
        response.status = status;
        return response;
    }

  private:
    explicit Client(int fd) : fd_(fd) {
        if (fd_ >= 0) {
            SetTimeout(fd_, std::chrono::seconds(5));
        }
    }

    int fd_;
    std::string buffer_;
};

inline ListenAddress UnixAt(const std::filesystem::path& path) {
    ListenAddress address;
    address.kind = ListenAddress::Kind::kUnix;
    address.path = path;
    return address;
}

inline ServerOptions Options(const std::function<void(ServerOptions&)>& change) {
    ServerOptions options;
    change(options);
    return options;
}

inline std::string Get(std::string_view target, std::string_view extra = "") {
    return "GET " + std::string(target) + " HTTP/1.1\r\nHost: x\r\n" + std::string(extra) + "\r\n";
}

}  // namespace engine::http::testing
