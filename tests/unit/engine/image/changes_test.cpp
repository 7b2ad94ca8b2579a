#include "engine/image/changes.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"
#include "engine/image/go_time.hpp"

namespace engine::image {
namespace {

using nlohmann::json;

json Apply(const std::vector<std::string>& changes) {
    return ApplyChanges(EmptyContainerConfig(), changes);
}

std::string ErrorOf(const std::vector<std::string>& changes) {
    try {
        Apply(changes);
    } catch (const Error& e) {
        return std::string(ErrcName(e.code())) + ": " + e.what();
    }
    return "no error";
}

TEST(ChangesTest, NoChangesIsTheZeroConfig) {
    const json config = Apply({});
    EXPECT_EQ(config["Cmd"], nullptr);
    EXPECT_EQ(config["Env"], nullptr);
    EXPECT_EQ(config["WorkingDir"], "");
    EXPECT_FALSE(config.contains("ExposedPorts"));
}

TEST(ChangesTest, CmdAndEntrypointInExecAndShellForm) {
    EXPECT_EQ(Apply({R"(CMD ["/bin/sh", "-c", "echo hi"])"})["Cmd"], json({"/bin/sh", "-c", "echo hi"}));
    EXPECT_EQ(Apply({"cmd echo $HOME  x"})["Cmd"], json({"/bin/sh", "-c", "echo $HOME  x"}));
    EXPECT_EQ(Apply({"CMD [not json"})["Cmd"], json({"/bin/sh", "-c", "[not json"}));
    // ENTRYPOINT resets a CMD from before this build only; a CMD given first is kept.
    const json kept = Apply({"CMD [\"-l\"]", "ENTRYPOINT [\"ls\"]"});
    EXPECT_EQ(kept["Entrypoint"], json({"ls"}));
    EXPECT_EQ(kept["Cmd"], json({"-l"}));
    json base = EmptyContainerConfig();
    base["Cmd"] = {"old"};
    EXPECT_EQ(ApplyChanges(base, std::vector<std::string>{"ENTRYPOINT top -b"})["Cmd"], nullptr);
}

TEST(ChangesTest, EnvInBothFormsWithQuotesAndExpansion) {
    const json config = Apply({"ENV PATH=/usr/bin:/bin LANG=C",
                               "ENV GREETING \"hello world\"",
                               R"(ENV MSG="${LANG} is $GREETING" SINGLE='$LANG' ESC=a\ b)",
                               "ENV LANG=C.UTF-8"});
    EXPECT_EQ(config["Env"],
              json({"PATH=/usr/bin:/bin",
                    "LANG=C.UTF-8",
                    "GREETING=hello world",
                    "MSG=C is hello world",
                    "SINGLE=$LANG",
                    "ESC=a b"}));
    EXPECT_EQ(Apply({"ENV X=${UNSET:-fallback} Y=${LANG:+set}"})["Env"], json({"X=fallback", "Y="}));
}

TEST(ChangesTest, ExposeLabelVolumeWorkdirUserStopSignal) {
    const json config = Apply({"EXPOSE 80 53/udp 8000-8002",
                               "LABEL a=1 \"b c\"=\"two words\"",
                               "LABEL legacy value here",
                               "VOLUME [\"/data\", \"/logs\"]",
                               "VOLUME /cache",
                               "WORKDIR /app",
                               "WORKDIR sub/../src",
                               "USER 1000:1000",
                               "STOPSIGNAL SIGQUIT"});
    EXPECT_EQ(config["ExposedPorts"],
              json({{"80/tcp", json::object()},
                    {"53/udp", json::object()},
                    {"8000/tcp", json::object()},
                    {"8001/tcp", json::object()},
                    {"8002/tcp", json::object()}}));
    EXPECT_EQ(config["Labels"], json({{"a", "1"}, {"b c", "two words"}, {"legacy", "value here"}}));
    EXPECT_EQ(config["Volumes"],
              json({{"/data", json::object()}, {"/logs", json::object()}, {"/cache", json::object()}}));
    EXPECT_EQ(config["WorkingDir"], "/app/src");
    EXPECT_EQ(config["User"], "1000:1000");
    EXPECT_EQ(config["StopSignal"], "SIGQUIT");
}

TEST(ChangesTest, HealthcheckAndOnbuild) {
    const json config =
        Apply({"HEALTHCHECK --interval=30s --retries=3 CMD curl -f http://localhost/", "ONBUILD RUN make"});
    EXPECT_EQ(
        config["Healthcheck"],
        json({{"Test", {"CMD-SHELL", "curl -f http://localhost/"}}, {"Interval", 30'000'000'000LL}, {"Retries", 3}}));
    EXPECT_EQ(config["OnBuild"], json({"RUN make"}));
    EXPECT_EQ(Apply({"HEALTHCHECK --timeout=1m30s CMD [\"true\"]"})["Healthcheck"],
              json({{"Test", {"CMD", "true"}}, {"Timeout", 90'000'000'000LL}}));
    EXPECT_EQ(Apply({"healthcheck none"})["Healthcheck"], json({{"Test", {"NONE"}}}));
}

TEST(ChangesTest, InvalidChangesSayWhatIsWrongAsMobyDoes) {
    EXPECT_EQ(ErrorOf({"RUN make"}), "invalid argument: run is not a valid change command");
    EXPECT_EQ(ErrorOf({"FROM busybox"}), "invalid argument: from is not a valid change command");
    EXPECT_EQ(ErrorOf({"ENV"}), "invalid argument: ENV requires at least one argument");
    EXPECT_EQ(ErrorOf({"ENV ONLYNAME"}), "invalid argument: ENV must have two arguments");
    EXPECT_EQ(ErrorOf({"ENV a=1 b"}),
              "invalid argument: Syntax error - can't find = in \"b\". Must be of the form: name=value");
    EXPECT_EQ(ErrorOf({"EXPOSE http"}), "invalid argument: invalid containerPort: http");
    EXPECT_EQ(ErrorOf({"EXPOSE 80/foo"}), "invalid argument: invalid proto: foo");
    EXPECT_EQ(ErrorOf({"STOPSIGNAL SIGNOPE"}), "invalid argument: Invalid signal: SIGNOPE");
    EXPECT_EQ(ErrorOf({"HEALTHCHECK RUN x"}), "invalid argument: Unknown type \"RUN\" in HEALTHCHECK (try CMD)");
    EXPECT_EQ(ErrorOf({"HEALTHCHECK --bogus=1 CMD x"}), "invalid argument: Unknown flag: bogus");
    EXPECT_EQ(ErrorOf({"ONBUILD ONBUILD RUN x"}),
              "invalid argument: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    EXPECT_EQ(ErrorOf({"ENV A=\"open"}),
              "invalid argument: unexpected end of statement while looking for matching double-quote");
}

TEST(GoTimeTest, FormatsAndParsesRfc3339NanoAndDurations) {
    EXPECT_EQ(FormatRfc3339Nano(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(FormatRfc3339Nano(1'700'000'000'120'000'000), "2023-11-14T22:13:20.12Z");
    EXPECT_EQ(ParseRfc3339Nano("2023-11-14T22:13:20.12Z"), 1'700'000'000'120'000'000);
    EXPECT_EQ(ParseRfc3339Nano("2023-11-15T00:13:20+02:00"), 1'700'000'000'000'000'000);
    EXPECT_THROW(ParseRfc3339Nano("2023-11-14 22:13:20"), Error);
    EXPECT_EQ(ParseGoDuration("1h30m").count(), 5'400'000'000'000);
    EXPECT_EQ(ParseGoDuration("1.5s").count(), 1'500'000'000);
    EXPECT_EQ(ParseGoDuration("250ms").count(), 250'000'000);
    EXPECT_EQ(ParseGoDuration("0").count(), 0);
    EXPECT_THROW(ParseGoDuration("10"), Error);
    EXPECT_THROW(ParseGoDuration("1x"), Error);
}

}  // namespace
}  // namespace engine::image
