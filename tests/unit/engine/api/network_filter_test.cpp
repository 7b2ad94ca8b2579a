#include "engine/api/network_filter.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::api {
namespace {

using Names = std::vector<std::string>;

std::vector<NetworkView> Networks() {
    std::vector<NetworkView> views(4);
    views[0].name = "bridge";
    views[0].id = "aaaa1111";
    views[1].name = "host";
    views[1].id = "bbbb2222";
    views[1].driver = "host";
    views[2].name = "p_default";
    views[2].id = "cccc3333";
    views[2].labels = {{"com.docker.compose.project", "p"}, {"tier", "front"}};
    views[2].containers["c1"] = NetworkEndpointView{"web", "e1", "", "172.18.0.2/16", ""};
    views[3].name = "spare";
    views[3].id = "dddd4444";
    return views;
}

Names Filtered(const Filters::Fields& fields) {
    const std::vector<NetworkView> views = Networks();
    Names names;
    for (const NetworkView* view : NetworkFilter::Make(Filters(fields)).Apply(views)) {
        names.push_back(view->name);
    }
    return names;
}

std::string FilterError(const Filters::Fields& fields) {
    try {
        NetworkFilter::Make(Filters(fields));
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        return error.what();
    }
    return "no error";
}

TEST(NetworkFilterTest, NoFiltersKeepEverything) {
    EXPECT_EQ(Filtered({}), (Names{"bridge", "host", "p_default", "spare"}));
}

TEST(NetworkFilterTest, FieldFilters) {
    EXPECT_EQ(Filtered({{"driver", {{"host", true}}}}), (Names{"host"}));
    EXPECT_EQ(Filtered({{"name", {{"^p_", true}}}}), (Names{"p_default"}));
    EXPECT_EQ(Filtered({{"name", {{"a", true}}}}), (Names{"p_default", "spare"}));
    EXPECT_EQ(Filtered({{"id", {{"cccc", true}}}}), (Names{"p_default"}));
    EXPECT_EQ(Filtered({{"label", {{"tier=front", true}}}}), (Names{"p_default"}));
    EXPECT_EQ(Filtered({{"label", {{"tier=back", true}}}}), (Names{}));
    EXPECT_EQ(Filtered({{"scope", {{"local", true}}}}).size(), 4U);
    EXPECT_EQ(Filtered({{"scope", {{"swarm", true}}}}), (Names{}));
}

TEST(NetworkFilterTest, TypeAndDangling) {
    EXPECT_EQ(Filtered({{"type", {{"custom", true}}}}), (Names{"p_default", "spare"}));
    EXPECT_EQ(Filtered({{"type", {{"builtin", true}}}}), (Names{"bridge", "host"}));
    EXPECT_EQ(Filtered({{"type", {{"builtin", true}, {"custom", true}}}}).size(), 4U);
    EXPECT_EQ(Filtered({{"dangling", {{"true", true}}}}), (Names{"spare"}));
    EXPECT_EQ(Filtered({{"dangling", {{"1", true}}}}), (Names{"spare"}));
    EXPECT_EQ(Filtered({{"dangling", {{"false", true}}}}), (Names{"bridge", "host", "p_default"}));
    EXPECT_EQ(Filtered({{"dangling", {{"0", true}}}, {"type", {{"custom", true}}}}), (Names{"p_default"}));
}

TEST(NetworkFilterTest, BadFiltersAreMobysErrors) {
    EXPECT_EQ(FilterError({{"status", {{"x", true}}}}), "invalid filter 'status'");
    EXPECT_EQ(FilterError({{"type", {{"overlay", true}}}}), "invalid filter 'type=overlay'");
    EXPECT_EQ(FilterError({{"dangling", {{"maybe", true}}}}),
              "invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")");
    EXPECT_EQ(FilterError({{"dangling", {{"true", true}, {"1", true}}}}),
              "got more than one value for filter key \"dangling\"");
}

}  // namespace
}  // namespace engine::api
