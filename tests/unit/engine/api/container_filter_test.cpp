#include "engine/api/container_filter.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::api {
namespace {

using Strings = std::vector<std::string>;

constexpr UnixNanos kSecond = 1'000'000'000;

ContainerView MakeView(std::string id, std::string name, bool running) {
    ContainerView view;
    view.id = std::move(id);
    view.name = "/" + std::move(name);
    view.image_id = "sha256:busybox";
    view.state.running = running;
    if (running) {
        view.state.started_at = 100 * kSecond;
    }
    return view;
}

// Newest first, as moby sorts before filtering.
std::vector<ContainerView> Containers() {
    std::vector<ContainerView> views;
    ContainerView web = MakeView("aaa111", "web", true);
    web.config.labels = std::map<std::string, std::string>{{"com.docker.compose.project", "p"}, {"tier", "front"}};
    web.state.health = HealthState{"healthy", 0, {}};
    web.network_settings.networks["p_default"].network_id = "net123";
    web.network_settings.ports =
        std::map<std::string, PortBindingList>{{"80/tcp", std::vector<PortBinding>{{"0.0.0.0", "8080"}}}};
    web.mounts = {{"volume", "data", "/var/lib/berth/volumes/data/_data", "/data", "local", "", true, ""}};
    views.push_back(web);
    ContainerView job = MakeView("bbb222", "job", false);
    job.state.started_at = 10 * kSecond;
    job.state.finished_at = 20 * kSecond;
    job.state.exit_code = 3;
    job.image_id = "sha256:alpine";
    views.push_back(job);
    ContainerView fresh = MakeView("abc333", "fresh", false);
    fresh.config.labels = std::map<std::string, std::string>{{"tier", "back"}};
    views.push_back(fresh);
    return views;
}

ContainerFilterHooks Hooks() {
    ContainerFilterHooks hooks;
    hooks.resolve_container = [](std::string_view reference) -> std::optional<std::string> {
        for (const ContainerView& view : Containers()) {
            if (view.id.starts_with(reference) || view.name == "/" + std::string(reference)) {
                return view.id;
            }
        }
        return std::nullopt;
    };
    hooks.image_descends_from = [](std::string_view image_id, std::string_view reference) {
        return image_id == "sha256:" + std::string(reference);
    };
    return hooks;
}

Strings Names(std::string_view filters_json, bool all = true, std::int64_t limit = -1) {
    const std::vector<ContainerView> views = Containers();
    const ContainerFilter filter = ContainerFilter::Make(ParseFilters(filters_json), Hooks());
    Strings names;
    for (const ContainerView* view : filter.Apply(views, all, limit)) {
        names.push_back(view->name);
    }
    return names;
}

std::string FilterError(std::string_view filters_json, Errc expected = Errc::kInvalidArgument) {
    try {
        ContainerFilter::Make(ParseFilters(filters_json), Hooks());
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), expected);
        return error.what();
    }
    return "no error";
}

TEST(ContainerFilter, AllAndLimit) {
    EXPECT_EQ(Names("", false), (Strings{"/web"}));
    EXPECT_EQ(Names(""), (Strings{"/web", "/job", "/fresh"}));
    EXPECT_EQ(Names("", false, 2), (Strings{"/web", "/job"}));  // a limit shows stopped ones too
}

TEST(ContainerFilter, IdNameLabel) {
    EXPECT_EQ(Names(R"({"id":{"a":true}})"), (Strings{"/web", "/fresh"}));
    EXPECT_EQ(Names(R"({"name":{"^/?web$":true}})"), (Strings{"/web"}));
    EXPECT_EQ(Names(R"({"name":["e"]})"), (Strings{"/web", "/fresh"}));
    EXPECT_EQ(Names(R"({"label":["tier"]})"), (Strings{"/web", "/fresh"}));
    EXPECT_EQ(Names(R"({"label":["tier=back"]})"), (Strings{"/fresh"}));
    EXPECT_EQ(Names(R"({"label":["com.docker.compose.project=p","tier=front"]})"), (Strings{"/web"}));
}

TEST(ContainerFilter, StatusExitedHealth) {
    EXPECT_EQ(Names(R"({"status":{"exited":true}})", false), (Strings{"/job"}));  // status implies all
    EXPECT_EQ(Names(R"({"status":["created","running"]})", false), (Strings{"/web", "/fresh"}));
    EXPECT_EQ(Names(R"({"exited":["3"]})"), (Strings{"/job"}));
    EXPECT_EQ(Names(R"({"exited":["0"]})"), Strings{});
    EXPECT_EQ(Names(R"({"health":["healthy"]})"), (Strings{"/web"}));
    EXPECT_EQ(Names(R"({"health":["none"]})"), (Strings{"/job", "/fresh"}));
}

TEST(ContainerFilter, Resources) {
    EXPECT_EQ(Names(R"({"volume":["data"]})"), (Strings{"/web"}));
    EXPECT_EQ(Names(R"({"volume":["/data"]})"), (Strings{"/web"}));
    EXPECT_EQ(Names(R"({"ancestor":["alpine"]})"), (Strings{"/job"}));
    EXPECT_EQ(Names(R"({"ancestor":["nothing"]})"), Strings{});
    EXPECT_EQ(Names(R"({"network":["p_default"]})"), (Strings{"/web"}));
    EXPECT_EQ(Names(R"({"network":["net1"]})"), (Strings{"/web"}));
    EXPECT_EQ(Names(R"({"publish":["8080"]})"), (Strings{"/web"}));
    EXPECT_EQ(Names(R"({"publish":["8000-8100/tcp"]})"), (Strings{"/web"}));
    EXPECT_EQ(Names(R"({"expose":["80/udp"]})"), Strings{});
    EXPECT_EQ(Names(R"({"expose":["80"]})"), (Strings{"/web"}));
    EXPECT_EQ(Names(R"({"is-task":["false"]})"), (Strings{"/web", "/job", "/fresh"}));
    EXPECT_EQ(Names(R"({"is-task":["true"]})"), Strings{});
}

TEST(ContainerFilter, BeforeAndSince) {
    EXPECT_EQ(Names(R"({"before":["web"]})"), (Strings{"/job", "/fresh"}));
    EXPECT_EQ(Names(R"({"since":["fresh"]})"), (Strings{"/web", "/job"}));
    EXPECT_EQ(Names(R"({"before":["aaa"],"since":["abc333"]})"), (Strings{"/job"}));
    EXPECT_EQ(FilterError(R"({"before":["ghost"]})", Errc::kNotFound), "No such container: ghost");
}

TEST(ContainerFilter, Errors) {
    EXPECT_EQ(FilterError(R"({"foo":["x"]})"), "invalid filter 'foo'");
    EXPECT_EQ(FilterError(R"({"status":["sleeping"]})"), "invalid filter 'status=sleeping'");
    EXPECT_EQ(FilterError(R"({"health":["sick"]})"), "Unrecognised filter value for health: sick");
    EXPECT_EQ(FilterError(R"({"is-task":["maybe"]})"), "invalid filter 'is-task=[maybe]'");
    EXPECT_EQ(FilterError(R"({"exited":["x"]})"), "strconv.Atoi: parsing \"x\": invalid syntax");
    EXPECT_EQ(FilterError(R"({"publish":["1:2"]})"), "filter for 'publish' should not contain ':': 1:2");
    EXPECT_EQ(FilterError(R"({"label":["a"],"status":["running"]})"), "no error");
}

}  // namespace
}  // namespace engine::api
