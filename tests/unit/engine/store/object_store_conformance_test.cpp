#include "tests/unit/engine/store/object_store_conformance.hpp"

#include "engine/store/file_object_store.hpp"
#include "engine/store/memory_object_store.hpp"
#include "tests/unit/engine/base/temp_dir.hpp"

namespace engine::store::testing {
namespace {

class MemoryUnderTest final : public StoreUnderTest {
  public:
    ObjectStore& store() override { return store_; }

  private:
    MemoryObjectStore store_;
};

class FileUnderTest final : public StoreUnderTest {
  public:
    ObjectStore& store() override { return store_; }

  private:
    engine::testing::TempDir dir_;
    FileObjectStore store_{dir_.path() / "store"};
};

INSTANTIATE_TEST_SUITE_P(AllStores,
                         ObjectStoreConformance,
                         ::testing::Values(StoreFactory{"Memory", [] { return std::make_unique<MemoryUnderTest>(); }},
                                           StoreFactory{"File", [] { return std::make_unique<FileUnderTest>(); }}),
                         [](const ::testing::TestParamInfo<StoreFactory>& param_info) {
                             return param_info.param.name;
                         });

}  // namespace
}  // namespace engine::store::testing
