// libFuzzer target for the HTTP server: the input is what a client sends on one connection
// (pipelined requests, chunked bodies, upgrades, garbage), served in-process over a socketpair
// by the same connection loop the daemon's threads run, with a dispatcher that exercises every
// kind of reply. The server must answer or close; a crash, a leak or a hang is a bug.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/http/connection.hpp"
#include "engine/http/server.hpp"

namespace {

using engine::http::BodyPolicy;
using engine::http::Request;
using engine::http::RequestHead;
using engine::http::ResponseWriter;

class EveryRoute final : public engine::http::Dispatcher {
  public:
    BodyPolicy BodyPolicyFor(const RequestHead& head) const override {
        if (head.target.starts_with("/policy-throws")) {
            throw engine::Error(engine::Errc::kInvalidArgument, "no policy");
        }
        return {.max_bytes = 4096, .spool_to_file = head.target.starts_with("/spool")};
    }

    void Handle(Request& request, ResponseWriter& response) override {
        const std::string& target = request.head.target;
        if (target.starts_with("/stream")) {
            response.BeginStream(200, "application/json", {{"X-Target", target}});
            response.WriteChunk(target);
            response.WriteChunk(request.body);
            response.WriteChunk("");
            if (!response.Cancelled()) {
                response.EndStream();
            }
        } else if (target.starts_with("/hijack")) {
            auto connection = response.Hijack(request.head.Header("Upgrade"), {{"X-Extra", request.head.Header("X")}});
            char buffer[512];
            for (std::size_t count; (count = connection->Read(buffer)) > 0;) {
                connection->Write(std::string_view(buffer, count));
            }
            connection->CloseWrite();
        } else if (target.starts_with("/spool")) {
            std::ifstream in(request.body_file, std::ios::binary);
            const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            response.Send(200, "application/octet-stream", content);
        } else if (target.starts_with("/throw")) {
            throw engine::Error(engine::Errc::kNotFound, "no such thing: " + target);
        } else if (target.starts_with("/late-throw")) {
            response.BeginStream(200, "text/plain");
            response.WriteChunk("x");
            throw std::runtime_error("late");
        } else if (target.starts_with("/silent")) {
            // no response: the server answers 500
        } else {
            engine::http::Headers extra;
            for (const auto& [name, value] : request.head.headers) {
                extra.emplace_back("X-Echo-" + name, value);
            }
            response.Send(target.size() % 7 == 0 ? 204 : 200, request.head.Header("Content-Type"), request.body, extra);
        }
    }
};

std::filesystem::path SpoolDirectory() {
    static const std::filesystem::path path = [] {
        std::string pattern = (std::filesystem::temp_directory_path() / "berth-http-fuzz-XXXXXX").string();
        return std::filesystem::path(mkdtemp(pattern.data())) / "spool";
    }();
    return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        return 0;
    }
    const int client = fds[0];
    // The client sends the input and half-closes, and reads whatever comes back until the end.
    std::thread writer([client, data, size] {
        std::size_t sent = 0;
        while (sent < size) {
            const ssize_t count = send(client, data + sent, size - sent, MSG_NOSIGNAL);
            if (count <= 0) {
                break;
            }
            sent += static_cast<std::size_t>(count);
        }
        shutdown(client, SHUT_WR);
    });
    std::thread reader([client] {
        char buffer[65536];
        while (read(client, buffer, sizeof buffer) > 0) {
        }
    });
    engine::http::ServerOptions options;
    options.idle_timeout = std::chrono::milliseconds(100);
    options.max_header_bytes = 2048;
    options.spool_directory = SpoolDirectory();
    EveryRoute dispatcher;
    engine::http::detail::ServeConnection(fds[1], options, dispatcher);  // closes fds[1]
    writer.join();
    reader.join();
    close(client);
    return 0;
}
