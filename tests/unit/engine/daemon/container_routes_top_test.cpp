#include "engine/daemon/container_routes_top.hpp"

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::daemon {
namespace {

using Rows = std::vector<std::vector<std::string>>;

constexpr std::string_view kPsEf =
    "UID          PID    PPID  C STIME TTY          TIME CMD\n"
    "root           1       0  0 10:00 ?        00:00:01 /sbin/init splash\n"
    "root        4242    4200  0 10:01 ?        00:00:00 sleep 300\n"
    "root        4250    4242  0 10:01 ?        00:00:00 sh -c echo  two  spaces\n"
    "root        5000       1  0 10:02 ?        00:00:00 other\n";

TEST(ContainerTopTest, KeepsOnlyTheContainersRowsAndJoinsTheCommand) {
    const std::vector<pid_t> pids = {4242, 4250};
    const TopTable table = ParsePsOutput(kPsEf, pids);
    EXPECT_EQ(table.titles, (std::vector<std::string>{"UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"}));
    EXPECT_EQ(table.processes,
              (Rows{{"root", "4242", "4200", "0", "10:01", "?", "00:00:00", "sleep 300"},
                    {"root", "4250", "4242", "0", "10:01", "?", "00:00:00", "sh -c echo two spaces"}}));
}

TEST(ContainerTopTest, ThreadRowsFollowTheirProcess) {
    // ps -m prints a process line, then one line per thread with "-" as PID.
    constexpr std::string_view kThreads =
        "  PID TTY      STAT   TIME COMMAND\n"
        "   10 ?        -      0:00 app\n"
        "    - -        Sl     0:00 -\n"
        "   11 ?        -      0:00 host-process\n"
        "    - -        S      0:00 -\n";
    const std::vector<pid_t> pids = {10};
    const TopTable table = ParsePsOutput(kThreads, pids);
    EXPECT_EQ(table.processes, (Rows{{"10", "?", "-", "0:00", "app"}, {"-", "-", "Sl", "0:00", "-"}}));
}

TEST(ContainerTopTest, ErrorsAsMoby) {
    const std::vector<pid_t> pids = {1};
    try {
        ParsePsOutput("UID CMD\nroot x\n", pids);
        FAIL() << "no PID column accepted";
    } catch (const Error& error) {
        EXPECT_STREQ(error.what(), "Couldn't find PID field in ps output");
    }
    EXPECT_THROW(ParsePsOutput("PID CMD\nabc x\n", pids), Error);
}

TEST(ContainerTopTest, PsArgumentsAreValidatedAndSplit) {
    EXPECT_EQ(SplitPsArgs(""), (std::vector<std::string>{"-ef"}));
    EXPECT_EQ(SplitPsArgs("aux"), (std::vector<std::string>{"aux"}));
    EXPECT_EQ(SplitPsArgs("-o  pid,comm"), (std::vector<std::string>{"-o", "pid,comm"}));
    EXPECT_NO_THROW(ValidatePsArgs("-o pid=PID,comm"));
    try {
        ValidatePsArgs("-o user=PID");
        FAIL() << "renaming another column to PID accepted";
    } catch (const Error& error) {
        EXPECT_EQ(error.code(), Errc::kInvalidArgument);
        EXPECT_STREQ(error.what(), "specifying \"user=PID\" is not allowed");
    }
}

TEST(ContainerTopTest, JsonIsMobysShape) {
    EXPECT_EQ(TopJson(TopTable{{"PID", "CMD"}, {}}).dump(), R"({"Processes":null,"Titles":["PID","CMD"]})");
    EXPECT_EQ(TopJson(TopTable{{"PID", "CMD"}, {{"1", "sh"}}}).dump(),
              R"({"Processes":[["1","sh"]],"Titles":["PID","CMD"]})");
}

}  // namespace
}  // namespace engine::daemon
