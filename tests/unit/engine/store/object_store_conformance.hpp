#pragma once

// The ObjectStore conformance suite (containerd's testsuite pattern): every implementation is
// instantiated against these TEST_Ps in object_store_conformance_test.cpp.

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/store/object_store.hpp"

namespace engine::store::testing {

/// A store and whatever it needs to live (a temp dir for the file store).
class StoreUnderTest {
  public:
    virtual ~StoreUnderTest() = default;
    virtual ObjectStore& store() = 0;
};

struct StoreFactory {
    std::string name;
    std::function<std::unique_ptr<StoreUnderTest>()> make;
};

class ObjectStoreConformance : public ::testing::TestWithParam<StoreFactory> {
  protected:
    void SetUp() override { under_test_ = GetParam().make(); }
    ObjectStore& store() { return under_test_->store(); }

  private:
    std::unique_ptr<StoreUnderTest> under_test_;
};

inline const std::string kIdA = "aaaa1111" + std::string(56, '0');
inline const std::string kIdA2 = "aaaa2222" + std::string(56, '0');
inline const std::string kIdB = "bbbb" + std::string(60, '1');

/// The message of the Error `call` throws, prefixed with the code's name ("not found: …").
template <typename Call>
std::string ErrorOf(Call call) {
    try {
        call();
    } catch (const Error& e) {
        return std::string(ErrcName(e.code())) + ": " + e.what();
    }
    return "no error";
}

TEST_P(ObjectStoreConformance, PutGetListDelete) {
    store().Put(Kind::kContainer, {kIdB, "/web", R"({"b": 1, "a": [true, null]})"});
    store().Put(Kind::kContainer, {kIdA, "", "{}"});
    store().Put(Kind::kNetwork, {kIdA, "front", R"({"driver":"bridge"})"});
    EXPECT_EQ(store().Get(Kind::kContainer, kIdB), (Record{kIdB, "/web", R"({"a":[true,null],"b":1})"}));
    EXPECT_EQ(store().List(Kind::kContainer),
              (std::vector<Record>{{kIdA, "", "{}"}, {kIdB, "/web", R"({"a":[true,null],"b":1})"}}));
    EXPECT_EQ(store().List(Kind::kNetwork), (std::vector<Record>{{kIdA, "front", R"({"driver":"bridge"})"}}));
    EXPECT_TRUE(store().List(Kind::kVolume).empty());
    store().Put(Kind::kContainer, {kIdB, "/web", R"({"b":2})"});
    EXPECT_EQ(store().Get(Kind::kContainer, kIdB).json, R"({"b":2})");
    store().Delete(Kind::kContainer, kIdB);
    EXPECT_EQ(ErrorOf([&] { store().Get(Kind::kContainer, kIdB); }), "not found: no such container: " + kIdB);
    EXPECT_EQ(ErrorOf([&] { store().Delete(Kind::kContainer, kIdB); }), "not found: no such container: " + kIdB);
    EXPECT_EQ(store().List(Kind::kContainer).size(), 1u);
    EXPECT_EQ(store().Get(Kind::kNetwork, kIdA).name, "front");  // kinds are separate
}

TEST_P(ObjectStoreConformance, PutRejectsBadIdsAndJson) {
    EXPECT_EQ(ErrorOf([&] {
                  store().Put(Kind::kVolume, {"abc", "", "{}"});
              }),
              "invalid argument: store volume: invalid id \"abc\": expected 64 lowercase hex digits");
    EXPECT_EQ(ErrorOf([&] {
                  store().Put(Kind::kVolume, {kIdA, "/", "{}"});
              }),
              "invalid argument: store volume " + kIdA + ": invalid name \"/\"");
    EXPECT_TRUE(ErrorOf([&] {
                    store().Put(Kind::kVolume, {kIdA, "", "{"});
                }).starts_with("invalid argument: store volume " + kIdA + ": invalid JSON: "));
    EXPECT_TRUE(store().List(Kind::kVolume).empty());
}

TEST_P(ObjectStoreConformance, ResolveOrderIsIdThenNameThenPrefix) {
    // A name that is also another record's full id or prefix: Docker's order decides.
    store().Put(Kind::kContainer, {kIdA, "/" + kIdB, "{}"});
    store().Put(Kind::kContainer, {kIdB, "/aaaa2", "{}"});
    store().Put(Kind::kContainer, {kIdA2, "/db", "{}"});
    EXPECT_EQ(store().Resolve(Kind::kContainer, kIdB), kIdB);     // full id beats name
    EXPECT_EQ(store().Resolve(Kind::kContainer, "aaaa2"), kIdB);  // name beats prefix
    EXPECT_EQ(store().Resolve(Kind::kContainer, "/aaaa2"), kIdB);
    EXPECT_EQ(store().Resolve(Kind::kContainer, "db"), kIdA2);
    EXPECT_EQ(store().Resolve(Kind::kContainer, "/db"), kIdA2);
    EXPECT_EQ(store().Resolve(Kind::kContainer, "aaaa1"), kIdA);  // unique prefix
    EXPECT_EQ(store().Resolve(Kind::kContainer, "b"), kIdB);
}

TEST_P(ObjectStoreConformance, ResolveErrorsUseDockerTexts) {
    store().Put(Kind::kContainer, {kIdA, "web", "{}"});
    store().Put(Kind::kContainer, {kIdA2, "", "{}"});
    EXPECT_EQ(ErrorOf([&] { store().Resolve(Kind::kContainer, "aaaa"); }),
              "invalid argument: multiple IDs found with provided prefix: aaaa");
    EXPECT_EQ(ErrorOf([&] { store().Resolve(Kind::kContainer, "nope"); }), "not found: no such container: nope");
    EXPECT_EQ(ErrorOf([&] { store().Resolve(Kind::kImage, "web"); }), "not found: no such image: web");
    EXPECT_EQ(ErrorOf([&] { store().Resolve(Kind::kContainer, ""); }), "not found: no such container: ");
}

TEST_P(ObjectStoreConformance, NameConflictNamesTheOwner) {
    store().Put(Kind::kContainer, {kIdA, "/web", "{}"});
    EXPECT_EQ(ErrorOf([&] {
                  store().Put(Kind::kContainer, {kIdB, "web", "{}"});
              }),
              "conflict: the name \"/web\" is already in use by container " + kIdA + "; remove or rename it");
    store().Put(Kind::kNetwork, {kIdA, "net", "{}"});
    EXPECT_EQ(ErrorOf([&] {
                  store().Put(Kind::kNetwork, {kIdB, "/net", "{}"});
              }),
              "conflict: the name \"net\" is already in use by network " + kIdA + "; remove or rename it");
    // Renaming frees the old name; deleting frees the name.
    store().Put(Kind::kContainer, {kIdA, "/web2", "{}"});
    store().Put(Kind::kContainer, {kIdB, "/web", "{}"});
    store().Delete(Kind::kContainer, kIdA);
    store().Put(Kind::kContainer, {kIdA2, "/web2", "{}"});
    EXPECT_EQ(store().Resolve(Kind::kContainer, "web2"), kIdA2);
    EXPECT_EQ(store().Resolve(Kind::kContainer, "web"), kIdB);
}

TEST_P(ObjectStoreConformance, ConcurrentPutsAllLand) {
    constexpr int kThreads = 4;
    constexpr int kPerThread = 25;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([this, t] {
            for (int i = 0; i < kPerThread; ++i) {
                char id[65];
                std::snprintf(id, sizeof id, "%08x%056x", t, i);
                store().Put(Kind::kContainer, {id, "c-" + std::to_string(t) + "-" + std::to_string(i), "{}"});
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(store().List(Kind::kContainer).size(), static_cast<std::size_t>(kThreads * kPerThread));
    EXPECT_EQ(store().Resolve(Kind::kContainer, "c-3-24"), "00000003" + std::string(54, '0') + "18");
}

}  // namespace engine::store::testing
