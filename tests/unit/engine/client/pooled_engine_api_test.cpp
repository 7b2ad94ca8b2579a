#include "engine/client/pooled_engine_api.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "tests/unit/engine/cli/fake_engine_api.hpp"

namespace engine::client {
namespace {

using cli::testing::FakeEngineApi;

struct Factory final {
    std::atomic<int> made{0};
    PooledEngineApi::Factory Make() {
        return [this] {
            ++made;
            auto fake = std::make_unique<FakeEngineApi>();
            fake->replies["ImageInspect"] = {{"Id", "sha256:1"}};
            fake->log_chunks = {{StdStream::kStdout, "line\n"}};
            return fake;
        };
    }
};

TEST(PooledEngineApi, SequentialCallsReuseOneConnection) {
    Factory factory;
    PooledEngineApi pool(factory.Make());
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(pool.ImageInspect("busybox")["Id"], "sha256:1");
    }
    EXPECT_EQ(factory.made.load(), 1);
}

TEST(PooledEngineApi, ConcurrentCallsGetConnectionsOfTheirOwn) {
    Factory factory;
    PooledEngineApi pool(factory.Make());
    std::mutex mutex;
    std::condition_variable both_inside;
    int inside = 0;
    // Each stream callback waits until the other call is inside too: with one shared
    // connection this could never happen.
    auto follow = [&] {
        pool.ContainerLogs("c", LogsOptions{}, false, [&](StdStream, std::string_view) {
            std::unique_lock lock(mutex);
            ++inside;
            both_inside.notify_all();
            return both_inside.wait_for(lock, std::chrono::seconds(5), [&] { return inside == 2; });
        });
    };
    std::thread first(follow);
    std::thread second(follow);
    first.join();
    second.join();
    EXPECT_EQ(inside, 2);
    EXPECT_EQ(factory.made.load(), 2);
    // Both went back to the pool: two more calls at once need no third.
    inside = 0;
    std::thread third(follow);
    std::thread fourth(follow);
    third.join();
    fourth.join();
    EXPECT_EQ(factory.made.load(), 2);
}

TEST(PooledEngineApi, AConnectionGoesBackWhenTheCallThrows) {
    Factory factory;
    PooledEngineApi pool([&factory] {
        ++factory.made;
        auto fake = std::make_unique<FakeEngineApi>();
        fake->errors.emplace("ImageInspect", Error(Errc::kNotFound, "no such image"));
        return fake;
    });
    EXPECT_THROW(pool.ImageInspect("x"), Error);
    EXPECT_THROW(pool.ImageInspect("x"), Error);
    EXPECT_EQ(factory.made.load(), 1);
}

}  // namespace
}  // namespace engine::client
