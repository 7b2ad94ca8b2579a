#include "engine/daemon/container/signal_names.hpp"

#include <csignal>

#include <gtest/gtest.h>

#include "engine/base/error.hpp"

namespace engine::daemon {
namespace {

TEST(SignalNamesTest, NamesNumbersAndRealtimeSignals) {
    EXPECT_EQ(ParseSignal("SIGTERM"), SIGTERM);
    EXPECT_EQ(ParseSignal("term"), SIGTERM);
    EXPECT_EQ(ParseSignal("HUP"), SIGHUP);
    EXPECT_EQ(ParseSignal("9"), SIGKILL);
    EXPECT_EQ(ParseSignal("RTMIN+3"), SIGRTMIN + 3);
    for (const char* bad : {"", "SIGNOPE", "0", "-1", "999", "RTMIN+99"}) {
        EXPECT_THROW(ParseSignal(bad), Error) << bad;
    }
}

}  // namespace
}  // namespace engine::daemon
