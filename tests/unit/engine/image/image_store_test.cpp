#include "engine/image/image_store.hpp"

#include <gtest/gtest.h>

#include "engine/base/atomic_file.hpp"
#include "engine/base/error.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"
#include "tests/unit/engine/image/tar_builder.hpp"

namespace engine::image {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kLayerDiffId = "sha256:34c710691754b3f53049212f7fcd99a6f73a53f9aaa68e964ccd093d3efa23c4";
const std::string kLayer2DiffId = "sha256:40076502b5ce6eeaf0af732db158352c8be534a8ab0b7f3f3dc1b1d5795da326";
constexpr UnixNanos kNow = 1'700'000'000'000'000'000;

fs::path Fixture(const std::string& name) {
    return fs::path(BERTH_SOURCE_DIR) / "tests/unit/engine/image/testdata/LayerDigests" / name;
}

std::string ErrorOf(const std::function<void()>& call) {
    try {
        call();
    } catch (const Error& e) {
        return std::string(ErrcName(e.code())) + ": " + e.what();
    }
    return "no error";
}

std::string Config(const std::vector<std::string>& diff_ids, const std::string& created, json labels = nullptr) {
    return json({{"architecture", "amd64"},
                 {"os", "linux"},
                 {"created", created},
                 {"config", {{"Labels", labels}, {"Cmd", {"sh"}}}},
                 {"history", json::array({{{"created", created}, {"created_by", "ADD rootfs"}}})},
                 {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}}})
        .dump();
}

std::vector<std::string> Ids(const std::vector<ImageDetails>& images) {
    std::vector<std::string> ids;
    for (const ImageDetails& image : images) {
        ids.push_back(image.id);
    }
    return ids;
}

class ImageStoreTest : public ::testing::Test {
  protected:
    std::unique_ptr<ImageStore> Open() {
        return std::make_unique<ImageStore>(dir_.path() / "image", [this] { return now_; });
    }
    // An image on the fixture layer; `day` makes configs (and so IDs and times) distinct.
    std::string Make(int day, std::vector<std::string> tags = {}, json labels = nullptr) {
        const std::string created = "2024-01-" + std::string(day < 10 ? "0" : "") + std::to_string(day) + "T00:00:00Z";
        const std::vector<fs::path> layers = {Fixture("layer.tar")};
        return store_->Create(Config({kLayerDiffId}, created, labels), layers, tags).id;
    }
    static ContainerUseLookup Using(std::string image_id, bool running) {
        return [image_id, running](const std::string& id) {
            return id == image_id ? std::vector<ContainerUse>{{std::string(64, 'c'), running}}
                                  : std::vector<ContainerUse>{};
        };
    }
    static std::string Short(const std::string& id) { return id.substr(7, 12); }

    engine::testing::TempDir dir_;
    UnixNanos now_ = kNow;
    std::unique_ptr<ImageStore> store_ = Open();
};

TEST_F(ImageStoreTest, CreateStoresConfigLayersAndTags) {
    const std::string config = Config({kLayerDiffId}, "2024-01-01T00:00:00Z");
    const std::vector<fs::path> layers = {Fixture("layer.tar.gz")};
    const CreatedImage created =
        store_->Create(config, layers, std::vector<std::string>{"busybox", "localhost:5000/x:1"});
    EXPECT_EQ(created.id, Sha256Of(config).String());
    ASSERT_EQ(created.tags.size(), 2u);
    EXPECT_EQ(created.tags[0].reference, "busybox:latest");
    EXPECT_EQ(created.tags[0].previous_id, "");
    const ImageDetails details = store_->Inspect("busybox");
    EXPECT_EQ(details.repo_tags, (std::vector<std::string>{"busybox:latest", "localhost:5000/x:1"}));
    EXPECT_EQ(details.size, 30u);
    EXPECT_EQ(details.created, 1'704'067'200'000'000'000);
    EXPECT_EQ(details.last_tag_time, kNow);
    ASSERT_EQ(details.layers.size(), 1u);
    EXPECT_EQ(details.layers[0].diff_id.String(), kLayerDiffId);
    // Tagging the same name onto another image moves it and says from where.
    const std::string other = Make(2, {"busybox:latest"});
    EXPECT_EQ(store_->Inspect(other).repo_tags, std::vector<std::string>{"busybox:latest"});
    EXPECT_EQ(store_->Inspect(created.id).repo_tags, std::vector<std::string>{"localhost:5000/x:1"});
}

TEST_F(ImageStoreTest, CreateRefusesMismatchesAndKeepsNothing) {
    const std::vector<fs::path> layers = {Fixture("layer.tar")};
    EXPECT_EQ(ErrorOf([&] { store_->Create(Config({kLayer2DiffId}, "2024-01-01T00:00:00Z"), layers); }),
              "invalid argument: layer 0 (" + Fixture("layer.tar").string() + ") has diff ID " + kLayerDiffId +
                  " but the config's rootfs.diff_ids[0] is " + kLayer2DiffId);
    EXPECT_EQ(ErrorOf([&] { store_->Create(Config({}, "2024-01-01T00:00:00Z"), layers); }),
              "invalid argument: image config lists 0 layers (rootfs.diff_ids) but 1 layer files were given");
    EXPECT_EQ(ErrorOf([&] { store_->Create("[1]", {}); }), "invalid argument: invalid image config: not a JSON object");
    EXPECT_EQ(ErrorOf([&] {
                  store_->Create(Config({}, "x"), {}, std::vector<std::string>{"a@sha256:" + std::string(64, 'a')});
              }),
              "invalid argument: refusing to create a tag with a digest reference");
    EXPECT_EQ(store_->Count(), 0u);
    EXPECT_TRUE(fs::is_empty(dir_.path() / "image/layers"));
    EXPECT_TRUE(fs::is_empty(dir_.path() / "image/blobs/sha256"));
}

TEST_F(ImageStoreTest, ImportBuildsTheConfigAsDockerImportDoes) {
    ImportOptions options;
    options.repository = "test/app";
    options.tag = "1";
    options.changes = {"CMD [\"/bin/hi\"]", "ENV A=1", "EXPOSE 8080", "LABEL team=core", "WORKDIR /srv"};
    const CreatedImage created = store_->Import(Fixture("layer.tar.zst"), options);
    EXPECT_EQ(created.tags.at(0).reference, "test/app:1");
    const ImageDetails details = store_->Inspect("test/app:1");
    const json& config = *details.config;
    EXPECT_EQ(config["architecture"], "amd64");
    EXPECT_EQ(config["os"], "linux");
    EXPECT_EQ(config["comment"], "Imported from -");
    EXPECT_EQ(config["created"], "2023-11-14T22:13:20Z");
    EXPECT_EQ(config["history"], json::array({{{"created", "2023-11-14T22:13:20Z"}, {"comment", "Imported from -"}}}));
    EXPECT_EQ(config["rootfs"], json({{"type", "layers"}, {"diff_ids", {kLayerDiffId}}}));
    EXPECT_EQ(config["config"]["Cmd"], json({"/bin/hi"}));
    EXPECT_EQ(config["config"]["Env"], json({"A=1"}));
    EXPECT_EQ(config["config"]["ExposedPorts"], json({{"8080/tcp", json::object()}}));
    EXPECT_EQ(config["config"]["WorkingDir"], "/srv");
    EXPECT_EQ(details.labels, (Labels{{"team", "core"}}));
    EXPECT_EQ(config["container_config"]["Cmd"], nullptr);
    // The ID is the sha256 of the stored config bytes.
    EXPECT_EQ(Sha256Of(store_->ExportImage(created.id).config_json).String(), created.id);

    options = {};
    options.message = "from a tarball";
    options.changes = {"RUN make"};
    EXPECT_EQ(ErrorOf([&] { store_->Import(Fixture("layer.tar"), options); }),
              "invalid argument: run is not a valid change command");
    options.changes = {};
    const std::vector<HistoryEntry> history = store_->History(store_->Import(Fixture("layer.tar"), options).id);
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].comment, "from a tarball");
    EXPECT_EQ(history[0].size, 30u);
    EXPECT_TRUE(history[0].tags.empty());
}

TEST_F(ImageStoreTest, ResolvesIdsReferencesAndPrefixes) {
    const std::string id = Make(1, {"busybox:1"});
    EXPECT_EQ(store_->Resolve(id), id);
    EXPECT_EQ(store_->Resolve(id.substr(7)), id);
    EXPECT_EQ(store_->Resolve(id.substr(7, 5)), id);
    EXPECT_EQ(store_->Resolve(id.substr(0, 12)), id);
    EXPECT_EQ(store_->Resolve("docker.io/library/busybox:1"), id);
    EXPECT_EQ(ErrorOf([&] { store_->Resolve("busybox"); }), "not found: No such image: busybox");
    EXPECT_EQ(ErrorOf([&] { store_->Resolve("sha256:" + std::string(64, 'f')); }),
              "not found: No such image: sha256:" + std::string(64, 'f'));
    EXPECT_EQ(ErrorOf([&] { store_->Resolve("Bad"); }).substr(0, 17), "invalid argument:");
    // 17 images: two must share a first hex digit, which is then an ambiguous prefix.
    std::map<char, int> first_digits;
    for (int day = 2; day <= 18; ++day) {
        ++first_digits[Make(day)[7]];
    }
    const auto shared =
        std::find_if(first_digits.begin(), first_digits.end(), [](const auto& item) { return item.second > 1; });
    ASSERT_NE(shared, first_digits.end());
    EXPECT_EQ(ErrorOf([&] { store_->Resolve(std::string(1, shared->first)); }),
              "not found: No such image: " + std::string(1, shared->first) +
                  " (the ID prefix matches several images; give more of the ID)");
}

TEST_F(ImageStoreTest, TagValidatesAndRecordsTheTime) {
    const std::string id = Make(1);
    now_ += 5;
    EXPECT_EQ(store_->Tag(id.substr(7, 8), "myrepo", "").reference, "myrepo:latest");
    EXPECT_EQ(store_->Tag("myrepo", "localhost:5000/other:x", "v2").reference, "localhost:5000/other:v2");
    EXPECT_EQ(store_->Inspect(id).last_tag_time, kNow + 5);
    EXPECT_EQ(ErrorOf([&] { store_->Tag(id, "myrepo", "-bad"); }), "invalid argument: invalid tag format");
    EXPECT_EQ(ErrorOf([&] { store_->Tag(id, "Upper", ""); }).substr(0, 17), "invalid argument:");
    EXPECT_EQ(ErrorOf([&] { store_->Tag(id, "sha256", ""); }),
              "invalid argument: refusing to create an ambiguous tag using digest algorithm as name");
    EXPECT_EQ(ErrorOf([&] { store_->Tag("nope", "x", ""); }), "not found: No such image: nope");
}

TEST_F(ImageStoreTest, RmiByReferenceUntagsAndDeletesWithTheLastOne) {
    const std::string id = Make(1, {"a:1", "b:1"});
    const std::vector<DeleteRecord> first = store_->Delete("a:1", {}, {});
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].untagged, "a:1");
    EXPECT_EQ(store_->Count(), 1u);
    const std::vector<DeleteRecord> last = store_->Delete("b:1", {}, {});
    ASSERT_EQ(last.size(), 3u);
    EXPECT_EQ(last[0].untagged, "b:1");
    EXPECT_EQ(last[1].deleted, id);
    EXPECT_EQ(last[2].deleted, kLayerDiffId);  // the layer's chain ID
    EXPECT_TRUE(last[2].is_layer);
    EXPECT_EQ(store_->Count(), 0u);
    EXPECT_TRUE(fs::is_empty(dir_.path() / "image/layers"));
    EXPECT_TRUE(fs::is_empty(dir_.path() / "image/blobs/sha256"));
}

TEST_F(ImageStoreTest, RmiByIdNeedsForceWhenSeveralTagsPointAtIt) {
    const std::string id = Make(1, {"a:1", "b:1"});
    Make(2, {"keeps-the-layer:1"});
    EXPECT_EQ(ErrorOf([&] { store_->Delete(id, {}, {}); }),
              "conflict: conflict: unable to delete " + Short(id) +
                  " (must be forced) - image is referenced in multiple repositories");
    const std::vector<DeleteRecord> records = store_->Delete(id.substr(7, 6), {.force = true}, {});
    ASSERT_EQ(records.size(), 3u);  // the layer stays: the other image uses it
    EXPECT_EQ(records[0].untagged, "a:1");
    EXPECT_EQ(records[1].untagged, "b:1");
    EXPECT_EQ(records[2].deleted, id);
    EXPECT_EQ(store_->Count(), 1u);
}

TEST_F(ImageStoreTest, ContainersBlockRmiAsInMoby) {
    const std::string id = Make(1, {"a:1"});
    EXPECT_EQ(ErrorOf([&] { store_->Delete("a:1", {}, Using(id, false)); }),
              "conflict: conflict: unable to remove repository reference \"a:1\" (must force) - container " +
                  std::string(12, 'c') + " is using its referenced image " + Short(id));
    EXPECT_EQ(ErrorOf([&] { store_->Delete(id, {}, Using(id, false)); }),
              "conflict: conflict: unable to delete " + Short(id) +
                  " (must be forced) - image is being used by stopped container " + std::string(12, 'c'));
    EXPECT_EQ(ErrorOf([&] { store_->Delete(id, {.force = true}, Using(id, true)); }),
              "conflict: conflict: unable to delete " + Short(id) +
                  " (cannot be forced) - image is being used by running container " + std::string(12, 'c'));
    // Forcing a tag away from a running container's image only untags it.
    const std::vector<DeleteRecord> records = store_->Delete("a:1", {.force = true}, Using(id, true));
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].untagged, "a:1");
    EXPECT_EQ(store_->Resolve(id), id);
    EXPECT_EQ(store_->Delete(id, {}, {}).size(), 2u);  // the image and its layer
}

TEST_F(ImageStoreTest, ListFilters) {
    const std::string old_image = Make(1, {"app:1"}, {{"tier", "web"}});
    const std::string dangling = Make(2);
    const std::string newest = Make(3, {"app:2", "tools/app:2"}, {{"tier", "db"}});
    EXPECT_EQ(Ids(store_->List({})), (std::vector<std::string>{newest, dangling, old_image}));
    EXPECT_EQ(Ids(store_->List({.dangling = true})), std::vector<std::string>{dangling});
    EXPECT_EQ(Ids(store_->List({.dangling = false})), (std::vector<std::string>{newest, old_image}));
    EXPECT_EQ(Ids(store_->List({.before = std::string("app:2")})), (std::vector<std::string>{dangling, old_image}));
    EXPECT_EQ(Ids(store_->List({.since = std::string("app:1")})), (std::vector<std::string>{newest, dangling}));
    const auto web = [](const Labels& labels) { return labels.contains("tier") && labels.at("tier") == "web"; };
    EXPECT_EQ(Ids(store_->List({.label_match = web})), std::vector<std::string>{old_image});
    const std::vector<ImageDetails> matched = store_->List({.references = {"app"}});
    EXPECT_EQ(Ids(matched), (std::vector<std::string>{newest, old_image}));
    EXPECT_EQ(matched[0].repo_tags, std::vector<std::string>{"app:2"});  // tools/app:2 filtered out
    EXPECT_EQ(Ids(store_->List({.references = {"*/app:*"}})), std::vector<std::string>{newest});
}

TEST_F(ImageStoreTest, PruneDanglingThenAllUnused) {
    const std::string tagged = Make(1, {"app:1"});
    const std::string used = Make(2, {"used:1"});
    const std::vector<fs::path> layers = {Fixture("layer2.tar")};
    const std::string dangling = store_->Create(Config({kLayer2DiffId}, "2024-01-03T00:00:00Z"), layers).id;
    const PruneReport report = store_->Prune({}, {});
    ASSERT_EQ(report.deleted.size(), 2u);
    EXPECT_EQ(report.deleted[0].deleted, dangling);
    EXPECT_EQ(report.deleted[1].deleted, kLayer2DiffId);
    EXPECT_EQ(report.space_reclaimed, 3u);  // etc/version
    EXPECT_EQ(store_->Count(), 2u);
    EXPECT_TRUE(store_->Prune({.dangling_only = false, .until = UnixNanos{0}}, {}).deleted.empty());
    const PruneReport all = store_->Prune({.dangling_only = false}, Using(used, false));
    ASSERT_EQ(all.deleted.size(), 2u);
    EXPECT_EQ(all.deleted[0].untagged, "app:1");
    EXPECT_EQ(all.deleted[1].deleted, tagged);
    EXPECT_EQ(all.space_reclaimed, 0u);  // the layer is shared with the image in use
    EXPECT_EQ(store_->Resolve("used:1"), used);
}

TEST_F(ImageStoreTest, ReopenedStoreSeesEverythingAndDropsGarbage) {
    const std::string id = Make(1, {"app:1"});
    store_->Tag(id, "app", "2");
    fs::create_directories(dir_.path() / "image/layers" / std::string(64, 'e') / "diff");
    WriteFileAtomically(dir_.path() / "image/blobs/sha256" / std::string(64, 'd'), "orphan");
    store_.reset();
    store_ = Open();
    EXPECT_TRUE(store_->open_problems().empty());
    EXPECT_EQ(store_->Inspect(id).repo_tags, (std::vector<std::string>{"app:1", "app:2"}));
    EXPECT_EQ(store_->Inspect("app:2").last_tag_time, kNow);
    EXPECT_EQ(store_->layers().List().size(), 1u);
    EXPECT_FALSE(fs::exists(dir_.path() / "image/blobs/sha256" / std::string(64, 'd')));
    EXPECT_EQ(store_->ExportImage("app:1").layers.at(0).diff_id.String(), kLayerDiffId);
}

TEST_F(ImageStoreTest, ReopeningDropsAnImageWhoseConfigBlobIsGone) {
    const std::string id = Make(1, {"app:1"});
    store_.reset();
    fs::remove(dir_.path() / "image/blobs/sha256" / id.substr(7));
    store_ = Open();
    ASSERT_EQ(store_->open_problems().size(), 1u);
    EXPECT_EQ(store_->open_problems()[0], "image " + id + ": blob " + id + ": not found; dropped");
    EXPECT_EQ(store_->Count(), 0u);
    EXPECT_TRUE(store_->layers().List().empty());  // its layer was garbage then
    EXPECT_EQ(ErrorOf([&] { store_->Resolve("app:1"); }), "not found: No such image: app:1");
}

TEST_F(ImageStoreTest, ExportsWhatSaveNeeds) {
    const std::string id = Make(1, {"app:1", "app:2", "other:1"});
    const ImageExport image = store_->ExportImage("app:1");
    EXPECT_EQ(image.image_id, id);
    EXPECT_EQ(image.repo_tags, (std::vector<std::string>{"app:1", "app:2", "other:1"}));
    ASSERT_EQ(image.layers.size(), 1u);
    EXPECT_EQ(image.layers[0].size, 10240u);
    EXPECT_EQ(ReadFile(image.layers[0].tar_path), ReadFile(Fixture("layer.tar")));
    const std::vector<std::string> by_repo = {"app"};
    EXPECT_EQ(store_->ExportImages(by_repo).at(0).repo_tags, (std::vector<std::string>{"app:1", "app:2"}));
    const std::vector<std::string> by_tag_and_id = {"other:1", id};
    const std::vector<ImageExport> picked = store_->ExportImages(by_tag_and_id);
    ASSERT_EQ(picked.size(), 1u);
    EXPECT_EQ(picked[0].repo_tags, std::vector<std::string>{"other:1"});
}

TEST_F(ImageStoreTest, DiskUsageCountsSharedLayersOnce) {
    const std::string first = Make(1, {"a:1"});
    Make(2, {"b:1"});
    const DiskUsage usage = store_->GetDiskUsage(Using(first, true));
    ASSERT_EQ(usage.images.size(), 2u);
    EXPECT_EQ(usage.layers_size, 30u);
    EXPECT_EQ(usage.images[1].id, first);
    EXPECT_EQ(usage.images[1].containers, 1);
    EXPECT_EQ(usage.images[0].containers, 0);
    EXPECT_EQ(usage.images[0].shared_size, 30);
}

}  // namespace
}  // namespace engine::image
