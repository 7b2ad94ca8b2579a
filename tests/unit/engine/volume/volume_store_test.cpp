#include "engine/volume/volume_store.hpp"

#include <fstream>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "engine/base/error.hpp"
#include "engine/base/id.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::volume {
namespace {

namespace fs = std::filesystem;

void WriteText(const fs::path& path, const std::string& text) {
    std::ofstream(path) << text;
}

std::string ReadText(const fs::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

Error CaughtError(const std::function<void()>& call) {
    try {
        call();
    } catch (const Error& error) {
        return error;
    }
    return Error(Errc::kInternal, "no error");
}

class VolumeStoreTest : public ::testing::Test {
  protected:
    fs::path Root() const { return dir_.path() / "volumes"; }
    Volume Create(const std::string& name, std::optional<StringMap> labels = std::nullopt) {
        return store_->Create({.name = name, .labels = std::move(labels)}).volume;
    }
    void Reopen() { store_ = std::make_unique<VolumeStore>(Root()); }

    engine::testing::TempDir dir_;
    std::unique_ptr<VolumeStore> store_ = std::make_unique<VolumeStore>(Root());
    UsersLookup nobody_ = [](const std::string&) { return std::vector<std::string>{}; };
};

TEST_F(VolumeStoreTest, CreateLaysOutDockersDirectoriesAndKeepsTheRecord) {
    const CreateResult result = store_->Create(
        {.name = "data", .driver = "local", .driver_options = StringMap{}, .labels = StringMap{{"a", "b"}}});
    EXPECT_TRUE(result.created);
    EXPECT_EQ(result.volume.name, "data");
    EXPECT_EQ(result.volume.driver, "local");
    EXPECT_EQ(result.volume.mountpoint, Root() / "data/_data");
    EXPECT_TRUE(fs::is_directory(Root() / "data/_data"));
    EXPECT_EQ(fs::status(Root() / "data/_data").permissions(), fs::perms(0755));
    EXPECT_EQ(result.volume.labels, (StringMap{{"a", "b"}}));
    EXPECT_EQ(result.volume.options, StringMap{});
    EXPECT_FALSE(result.volume.anonymous);

    Reopen();
    const Volume again = store_->Get("data");
    EXPECT_EQ(again.labels, (StringMap{{"a", "b"}}));
    EXPECT_EQ(again.options, StringMap{});
    EXPECT_EQ(FormatRfc3339(again.created_at), FormatRfc3339(result.volume.created_at));
    EXPECT_TRUE(store_->open_report().repaired.empty());
}

TEST_F(VolumeStoreTest, CreateIsIdempotentForAName) {
    Create("data", StringMap{{"first", "1"}});
    const CreateResult second = store_->Create({.name = "data", .labels = StringMap{{"second", "2"}}});
    EXPECT_FALSE(second.created);
    EXPECT_EQ(second.volume.labels, (StringMap{{"first", "1"}}));  // the existing one, untouched
    EXPECT_EQ(store_->List().size(), 1u);
}

TEST_F(VolumeStoreTest, UnnamedVolumesGetRandomIdsAndKeepTheAnonymousFlag) {
    const Volume one = store_->Create({.anonymous = true}).volume;
    const Volume two = store_->Create({}).volume;
    EXPECT_TRUE(IsObjectId(one.name));
    EXPECT_NE(one.name, two.name);
    EXPECT_EQ(one.labels, std::nullopt);
    Reopen();
    EXPECT_TRUE(store_->Get(one.name).anonymous);
    EXPECT_FALSE(store_->Get(two.name).anonymous);
}

TEST_F(VolumeStoreTest, CreateRejectsBadNamesDriversAndOptions) {
    Error bad_name = CaughtError([this] { Create("a b"); });
    EXPECT_EQ(bad_name.code(), Errc::kInvalidArgument);
    EXPECT_EQ(std::string(bad_name.what()),
              "create a b: \"a b\" includes invalid characters for a local volume name, only "
              "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
    Error driver = CaughtError([this] { store_->Create({.name = "nfs1", .driver = "flocker"}); });
    EXPECT_EQ(driver.code(), Errc::kNotFound);
    EXPECT_EQ(std::string(driver.what()), "create nfs1: volume driver flocker not supported: only local");
    Error option = CaughtError([this] { store_->Create({.name = "x1", .driver_options = StringMap{{"x", "1"}}}); });
    EXPECT_EQ(option.code(), Errc::kInvalidArgument);
    EXPECT_EQ(std::string(option.what()), "create x1: invalid option key: \"x\"");
    EXPECT_TRUE(store_->List().empty());
    EXPECT_TRUE(fs::is_empty(Root()));
}

TEST_F(VolumeStoreTest, GetAndListInNameOrder) {
    Create("zeta");
    Create("alpha");
    EXPECT_EQ(store_->Get("alpha").mountpoint, Root() / "alpha/_data");
    const std::vector<Volume> list = store_->List();
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].name, "alpha");
    EXPECT_EQ(list[1].name, "zeta");
    const Error missing = CaughtError([this] { store_->Get("nope"); });
    EXPECT_EQ(missing.code(), Errc::kNotFound);
    EXPECT_EQ(std::string(missing.what()), "get nope: no such volume");
}

TEST_F(VolumeStoreTest, RemoveRefusesWhileInUseEvenWithForce) {
    Create("data");
    WriteText(Root() / "data/_data/file", "x");
    const UsersLookup users = [](const std::string& name) {
        return name == "data" ? std::vector<std::string>{"c1", "c2"} : std::vector<std::string>{};
    };
    for (const bool force : {false, true}) {
        const Error busy = CaughtError([&] { store_->Remove("data", force, users); });
        EXPECT_EQ(busy.code(), Errc::kConflict);
        EXPECT_EQ(std::string(busy.what()), "remove data: volume is in use - [c1, c2]");
    }
    store_->Mount("data", "c3");
    const Error mounted = CaughtError([&] { store_->Remove("data", false, nobody_); });
    EXPECT_EQ(std::string(mounted.what()), "remove data: volume is in use - [c3]");
    store_->Unmount("data", "c3");

    store_->Remove("data", false, nobody_);
    EXPECT_FALSE(fs::exists(Root() / "data"));
    EXPECT_THROW(store_->Get("data"), Error);
    const Error missing = CaughtError([&] { store_->Remove("data", false, nobody_); });
    EXPECT_EQ(missing.code(), Errc::kNotFound);
    EXPECT_EQ(std::string(missing.what()), "get data: no such volume");
    EXPECT_NO_THROW(store_->Remove("data", true, nobody_));  // force: a missing volume is fine
    EXPECT_TRUE(fs::is_empty(Root()));
}

TEST_F(VolumeStoreTest, PruneRemovesUnusedLocalVolumesMatchingLabels) {
    Create("keep-used", StringMap{{"env", "test"}});
    Create("gone-a", StringMap{{"env", "test"}});
    Create("keep-prod", StringMap{{"env", "prod"}});
    Create("gone-b");
    store_->Create({.name = "keep-opts", .driver_options = StringMap{{"type", "tmpfs"}, {"device", "tmpfs"}}});
    WriteText(Root() / "gone-a/_data/f", std::string(1000, 'x'));
    const UsersLookup users = [](const std::string& name) {
        return name == "keep-used" ? std::vector<std::string>{"c1"} : std::vector<std::string>{};
    };
    PruneOptions options;
    options.label_match = [](const StringMap& labels) { return !labels.contains("env") || labels.at("env") != "prod"; };
    const PruneReport report = store_->Prune(options, users);
    EXPECT_EQ(report.deleted, (std::vector<std::string>{"gone-a", "gone-b"}));
    EXPECT_EQ(report.space_reclaimed, 1000u);
    std::vector<std::string> left;
    for (const Volume& volume : store_->List()) {
        left.push_back(volume.name);
    }
    EXPECT_EQ(left, (std::vector<std::string>{"keep-opts", "keep-prod", "keep-used"}));
}

TEST_F(VolumeStoreTest, OpeningRepairsWhatACrashLeft) {
    Create("data");
    WriteText(Root() / "data/_data/kept", "user data");
    // A create that died before its rename, a remove that died while deleting, a record write
    // that died before its rename, a data directory without a record, and a broken record.
    fs::create_directories(Root() / ".creating-0123456789abcdef/_data");
    fs::create_directories(Root() / ".removing-0123456789abcdef/_data/deep");
    WriteText(Root() / "data/.volume.json.tmp-0123456789abcdef", "{\"Na");
    fs::create_directories(Root() / "data/.copy-up-0123456789abcdef/etc");
    fs::create_directories(Root() / "handmade/_data");
    WriteText(Root() / "handmade/_data/file", "x");
    fs::create_directories(Root() / "broken/_data");
    WriteText(Root() / "broken/volume.json", "{not json");

    Reopen();

    EXPECT_FALSE(fs::exists(Root() / ".creating-0123456789abcdef"));
    EXPECT_FALSE(fs::exists(Root() / ".removing-0123456789abcdef"));
    EXPECT_FALSE(fs::exists(Root() / "data/.volume.json.tmp-0123456789abcdef"));
    EXPECT_FALSE(fs::exists(Root() / "data/.copy-up-0123456789abcdef"));
    EXPECT_EQ(ReadText(Root() / "data/_data/kept"), "user data");
    EXPECT_EQ(store_->Get("handmade").driver, "local");
    EXPECT_TRUE(fs::exists(Root() / "handmade/volume.json"));
    EXPECT_EQ(store_->open_report().repaired.size(), 5u);
    ASSERT_EQ(store_->open_report().skipped.size(), 1u);
    EXPECT_TRUE(store_->open_report().skipped[0].starts_with((Root() / "broken").string() + ": not a volume record"))
        << store_->open_report().skipped[0];
    EXPECT_TRUE(fs::exists(Root() / "broken/volume.json"));  // left for a human
    EXPECT_THROW(store_->Get("broken"), Error);
}

TEST_F(VolumeStoreTest, UsageCountsBytesAndUsers) {
    Create("data");
    WriteText(Root() / "data/_data/f", std::string(42, 'x'));
    const UsageData usage = store_->Usage("data", [](const std::string&) {
        return std::vector<std::string>{"c1", "c2"};
    });
    EXPECT_EQ(usage.size, 42);
    EXPECT_EQ(usage.ref_count, 2);
}

}  // namespace
}  // namespace engine::volume
