#pragma once

// An HTTP GET from the test process to a published port, retried until it answers: a server
// in a container may still be starting when the command that started it returns.

#include <chrono>
#include <string>
#include <thread>

#include "tests/support/subprocess.hpp"

namespace engine::testing {

/// The body of http://address:port<path>, or "no answer: <last error>" after 10 s of tries.
/// Goes through python3's urllib (no proxy), as the base images have no usable HTTP client.
inline std::string HttpGet(const std::string& address, int port, const std::string& path = "/") {
    using namespace std::chrono_literals;
    std::string last;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
        const CommandResult got =
            RunCommand({"python3",
                        "-c",
                        "import sys,urllib.request;sys.stdout.write(urllib.request.urlopen('http://" + address + ":" +
                            std::to_string(port) + path + "',timeout=3).read().decode())"},
                       {"no_proxy=*", "NO_PROXY=*"},
                       "",
                       10s);
        last = got.out + got.err;
        if (got.exit_code == 0) {
            return got.out;
        }
        std::this_thread::sleep_for(100ms);
    }
    return "no answer: " + last;
}

}  // namespace engine::testing
