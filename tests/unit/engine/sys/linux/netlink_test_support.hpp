#pragma once

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <thread>

#include <unistd.h>

#include "engine/sys/linux/netlink.hpp"
#include "engine/sys/linux/netns.hpp"

namespace engine::sys::testing {

/// A link name no other test run uses: "bt" + pid + `suffix` (at most 15 bytes with a
/// suffix of up to 6).
inline std::string TestLinkName(std::string_view suffix) {
    return "bt" + std::to_string(::getpid()) + std::string(suffix);
}

/// This run's IPv4 /24 prefix ("198.18.42."), picked by pid from 198.18.0.0/15 (the
/// benchmarking range, RFC 2544, which no real network uses), so parallel runs rarely meet.
inline std::string TestSubnetV4Prefix() {
    const int pid = ::getpid();
    return "198." + std::to_string(18 + (pid / 256) % 2) + "." + std::to_string(pid % 256) + ".";
}

/// This run's IPv6 /64 prefix in the unique-local range, e.g. "fdb7:0:1234::".
inline std::string TestSubnetV6Prefix() {
    const unsigned pid = static_cast<unsigned>(::getpid());
    char text[32];
    std::snprintf(text, sizeof text, "fdb7:%x:%x::", (pid >> 16) & 0xffffU, pid & 0xffffU);
    return text;
}

/// Deletes a link when the test ends, also when an assertion failed first; a link already
/// gone is fine.
class LinkGuard final {
  public:
    explicit LinkGuard(std::string name) : name_(std::move(name)) {}
    LinkGuard(const LinkGuard&) = delete;
    LinkGuard& operator=(const LinkGuard&) = delete;
    ~LinkGuard() {
        try {
            DeleteLink(name_);
        } catch (...) {  // a destructor must not throw; a leftover link shows in the next run
        }
    }

  private:
    std::string name_;
};

/// Removes a persistent network namespace when the test ends.
class NetnsGuard final {
  public:
    explicit NetnsGuard(std::filesystem::path path) : path_(std::move(path)) {}
    NetnsGuard(const NetnsGuard&) = delete;
    NetnsGuard& operator=(const NetnsGuard&) = delete;
    ~NetnsGuard() {
        try {
            RemovePersistentNetns(path_);
        } catch (...) {  // a destructor must not throw; MountGuard unmounts what is left
        }
    }

  private:
    std::filesystem::path path_;
};

/// Polls `condition` every 5 ms until it holds or `timeout` passes; returns its last value.
/// For kernel work that completes asynchronously (namespace teardown).
inline bool WaitUntil(const std::function<bool()>& condition,
                      std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return condition();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

}  // namespace engine::sys::testing

#define BERTH_SKIP_UNLESS_ROOT_FOR_NETWORK()                                     \
    do {                                                                         \
        if (::geteuid() != 0) {                                                  \
            GTEST_SKIP() << "needs root to create network links and namespaces"; \
        }                                                                        \
    } while (false)
