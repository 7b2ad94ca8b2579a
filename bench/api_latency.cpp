// Measures request latency of an Engine API endpoint over a UNIX socket, the same way for
// berthd and dockerd: N sequential requests on one keep-alive connection (what docker-py and
// the compose reconciler do), after a warm-up, reporting median and p99 in microseconds.
//
//   api_latency SOCKET TARGET [REQUESTS]     e.g. api_latency /tmp/d.sock /v1.41/images/json 2000

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: api_latency SOCKET TARGET [REQUESTS]\n";
        return 2;
    }
    const std::string socket_path = argv[1];
    const std::string target = argv[2];
    const int requests = argc > 3 ? std::atoi(argv[3]) : 2000;
    try {
        asio::io_context io;
        asio::local::stream_protocol::socket socket(io);
        socket.connect(asio::local::stream_protocol::endpoint(socket_path));
        beast::flat_buffer buffer;
        std::vector<double> micros;
        std::size_t body_bytes = 0;
        const int warmup = requests / 10 + 1;
        for (int i = 0; i < warmup + requests; ++i) {
            http::request<http::empty_body> request(http::verb::get, target, 11);
            request.set(http::field::host, "api.moby.localhost");
            const auto start = std::chrono::steady_clock::now();
            http::write(socket, request);
            http::response<http::string_body> response;
            http::read(socket, buffer, response);
            const auto end = std::chrono::steady_clock::now();
            if (response.result_int() != 200) {
                std::cerr << "api_latency: " << target << " answered " << response.result_int() << "\n";
                return 1;
            }
            if (i >= warmup) {
                micros.push_back(std::chrono::duration<double, std::micro>(end - start).count());
                body_bytes = response.body().size();
            }
        }
        std::sort(micros.begin(), micros.end());
        const double median = micros[micros.size() / 2];
        const double p99 = micros[std::min(micros.size() - 1, micros.size() * 99 / 100)];
        std::printf("%s %d requests, %zu-byte body: median %.1f us, p99 %.1f us\n",
                    target.c_str(),
                    requests,
                    body_bytes,
                    median,
                    p99);
        std::printf("MEDIAN_US=%.1f\n", median);
        return 0;
    } catch (const std::exception& error) {
        std::cerr << "api_latency: " << error.what() << "\n";
        return 1;
    }
}
