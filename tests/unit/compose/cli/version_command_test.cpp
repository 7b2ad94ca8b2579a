#include "compose/cli/version_command.hpp"

#include <sstream>

#include <gtest/gtest.h>

namespace compose::cli {
namespace {

TEST(VersionCommand, PrettyShortAndJson) {
    std::ostringstream out;
    VersionOptions options;
    RunVersion(options, out);
    EXPECT_EQ(out.str(), "Berth Compose version " + ComposeVersion() + "\n");
    EXPECT_FALSE(ComposeVersion().empty());
    out.str("");
    options.short_form = true;
    RunVersion(options, out);
    EXPECT_EQ(out.str(), ComposeVersion() + "\n");
    out.str("");
    options.short_form = false;
    options.format = "json";
    RunVersion(options, out);
    EXPECT_EQ(out.str(), "{\"version\":\"" + ComposeVersion() + "\"}\n");
}

}  // namespace
}  // namespace compose::cli
