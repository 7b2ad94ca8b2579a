#pragma once

// The ContentStore conformance suite: every implementation is instantiated against these
// TEST_Ps in content_store_test.cpp.

#include <functional>
#include <memory>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/image/content_store.hpp"

namespace engine::image::testing {

/// A store and whatever it needs to live (a temp dir for the file store).
class ContentStoreUnderTest {
  public:
    virtual ~ContentStoreUnderTest() = default;
    virtual ContentStore& store() = 0;
};

struct ContentStoreFactory {
    std::string name;
    std::function<std::unique_ptr<ContentStoreUnderTest>()> make;
};

class ContentStoreConformance : public ::testing::TestWithParam<ContentStoreFactory> {
  protected:
    void SetUp() override { under_test_ = GetParam().make(); }
    ContentStore& store() { return under_test_->store(); }

  private:
    std::unique_ptr<ContentStoreUnderTest> under_test_;
};

// sha256 of "hello\n" and of "", from `printf 'hello\n' | sha256sum` and `sha256sum /dev/null`.
inline const std::string kHelloDigest = "sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
inline const std::string kEmptyDigest = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

template <typename Call>
std::string ErrorOf(Call call) {
    try {
        call();
    } catch (const Error& e) {
        return std::string(ErrcName(e.code())) + ": " + e.what();
    }
    return "no error";
}

TEST_P(ContentStoreConformance, PutHasReadSizeListDelete) {
    const Digest hello = store().Put("hello\n");
    EXPECT_EQ(hello.String(), kHelloDigest);
    EXPECT_EQ(store().Put("").String(), kEmptyDigest);
    EXPECT_TRUE(store().Has(hello));
    EXPECT_EQ(store().Read(hello), "hello\n");
    EXPECT_EQ(store().Size(hello), 6u);
    EXPECT_EQ(store().List(), (std::vector<Digest>{hello, Digest::Parse(kEmptyDigest)}));
    store().Delete(hello);
    EXPECT_FALSE(store().Has(hello));
    EXPECT_EQ(ErrorOf([&] { store().Read(hello); }), "not found: blob " + kHelloDigest + ": not found");
    EXPECT_EQ(ErrorOf([&] { store().Delete(hello); }), "not found: blob " + kHelloDigest + ": not found");
    EXPECT_EQ(ErrorOf([&] { store().Size(hello); }), "not found: blob " + kHelloDigest + ": not found");
}

TEST_P(ContentStoreConformance, StoringTheSameContentTwiceKeepsOneBlob) {
    store().Put("hello\n");
    std::istringstream in("hello\n");
    EXPECT_EQ(store().Ingest(in).String(), kHelloDigest);
    EXPECT_EQ(store().List().size(), 1u);
}

TEST_P(ContentStoreConformance, WrongExpectedDigestKeepsNothing) {
    EXPECT_EQ(ErrorOf([&] { store().Put("hello\n", Digest::Parse(kEmptyDigest)); }),
              "invalid argument: digest mismatch: expected " + kEmptyDigest + ", got " + kHelloDigest);
    EXPECT_TRUE(store().List().empty());
    EXPECT_EQ(store().Put("hello\n", Digest::Parse(kHelloDigest)).String(), kHelloDigest);
}

TEST_P(ContentStoreConformance, StreamedWriterHashesAsItGoes) {
    std::unique_ptr<ContentWriter> writer = store().NewWriter();
    writer->Write("hel");
    writer->Write("lo\n");
    EXPECT_EQ(writer->size(), 6u);
    EXPECT_FALSE(store().Has(Digest::Parse(kHelloDigest)));  // invisible until committed
    EXPECT_EQ(writer->Commit().String(), kHelloDigest);
    EXPECT_EQ(store().Read(Digest::Parse(kHelloDigest)), "hello\n");
}

TEST_P(ContentStoreConformance, AbandonedWriterLeavesNoBlob) {
    {
        std::unique_ptr<ContentWriter> writer = store().NewWriter();
        writer->Write("partial");
    }
    EXPECT_TRUE(store().List().empty());
}

}  // namespace engine::image::testing
