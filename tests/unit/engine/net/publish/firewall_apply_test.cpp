#include <algorithm>
#include <exception>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sched.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/syscall.hpp"
#include "engine/net/publish/firewall_rules.hpp"
#include "engine/sys/linux/nftables.hpp"

// Applies the generated scripts for real, each test in a network namespace of its own: a
// thread's namespace is its own after unshare(CLONE_NEWNET), libnftables talks to the kernel
// from that thread, and the namespace disappears with it. The host's ruleset is never touched.
namespace engine::net {
namespace {

#define BERTH_SKIP_UNLESS_ROOT()                                                                \
    do {                                                                                        \
        if (::geteuid() != 0) {                                                                 \
            GTEST_SKIP() << "needs root to create a network namespace and load nftables rules"; \
        }                                                                                       \
    } while (false)

template <typename Body>
void InPrivateNetworkNamespace(Body body) {
    std::exception_ptr failure;
    std::thread thread([&failure, &body] {
        try {
            CheckSyscall(::unshare(CLONE_NEWNET), "unshare CLONE_NEWNET");
            body();
        } catch (...) {
            failure = std::current_exception();
        }
    });
    thread.join();
    if (failure) {
        std::rethrow_exception(failure);
    }
}

std::string TableName() {
    return "bt" + std::to_string(::getpid()) + "publish";
}

// The rule lines of a generated script (two tabs deep), which nft lists back unchanged.
std::vector<std::string> RuleLines(const std::string& script) {
    std::vector<std::string> rules;
    std::istringstream lines(script);
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with("\t\t")) {
            rules.push_back(line);
        }
    }
    return rules;
}

// `text` with the elements of each anonymous set ("{ a, b }") sorted: nft lists a set in its
// own internal order, not in the order it was written.
std::string SortSetElements(const std::string& text) {
    std::string result;
    std::size_t position = 0;
    for (std::size_t open; (open = text.find("{ ", position)) != std::string::npos;) {
        const std::size_t close = text.find(" }", open);
        if (close == std::string::npos) {
            break;
        }
        std::vector<std::string> elements;
        std::istringstream items(text.substr(open + 2, close - open - 2));
        for (std::string item; std::getline(items, item, ',');) {
            elements.push_back(item.substr(item.find_first_not_of(' ')));
        }
        std::sort(elements.begin(), elements.end());
        result += text.substr(position, open - position) + "{ ";
        for (std::size_t i = 0; i < elements.size(); ++i) {
            result += (i == 0 ? "" : ", ") + elements[i];
        }
        result += " }";
        position = close + 2;
    }
    return result + text.substr(position);
}

std::string ListTable(const std::string& table) {
    return sys::RunNftScript("list table inet " + table);
}

std::vector<BridgeRules> EveryVariantBridges() {
    return {
        {.bridge = "bt-web", .subnets = {"172.20.5.0/24", "fd00:20::/64"}, .inter_container = false},
        {.bridge = "bt-db", .subnets = {"10.9.0.0/16"}, .internal = true},
        {.bridge = "bt-raw", .subnets = {"172.21.0.0/16"}, .masquerade = false},
    };
}

std::vector<PublishedPort> EveryVariantPorts() {
    return {
        {.protocol = "udp",
         .host_ip = "192.0.2.1",
         .host_port = 53,
         .container_ip = "172.20.5.2",
         .container_port = 5353,
         .bridge = "bt-web"},
        {.protocol = "tcp",
         .host_ip = "::",
         .host_port = 8443,
         .container_ip = "fd00:20::2",
         .container_port = 443,
         .bridge = "bt-web"},
        {.protocol = "tcp",
         .host_ip = "2001:db8::7",
         .host_port = 8444,
         .container_ip = "fd00:20::2",
         .container_port = 443,
         .bridge = "bt-web"},
        {.protocol = "udp",
         .host_ip = "",
         .host_port = 8445,
         .container_ip = "fd00:20::2",
         .container_port = 443,
         .bridge = "bt-web"},
        {.protocol = "tcp",
         .host_ip = "",
         .host_port = 9000,
         .container_ip = "172.21.0.3",
         .container_port = 9000,
         .bridge = "bt-raw"},
    };
}

TEST(FirewallApply, NftAcceptsEveryRuleVariantAsWritten) {
    BERTH_SKIP_UNLESS_ROOT();
    InPrivateNetworkNamespace([] {
        const std::string script = BuildRuleset(TableName(), EveryVariantBridges(), EveryVariantPorts());
        sys::RunNftScript(script);
        const std::string listed = SortSetElements(ListTable(TableName()));
        const std::vector<std::string> rules = RuleLines(SortSetElements(script));
        // 3 chain headers, 5 DNATs, 2 masquerades, 8 forward rules: a rule lost in generation shows here.
        EXPECT_EQ(rules.size(), 18u) << script;
        for (const std::string& rule : rules) {
            EXPECT_NE(listed.find(rule + "\n"), std::string::npos) << "missing rule: " << rule << "\nlisted:\n"
                                                                   << listed;
        }
    });
}

TEST(FirewallApply, ReapplyingChangesNothingAndANewSetReplacesTheOld) {
    BERTH_SKIP_UNLESS_ROOT();
    InPrivateNetworkNamespace([] {
        const std::string full = BuildRuleset(TableName(), EveryVariantBridges(), EveryVariantPorts());
        sys::RunNftScript(full);
        const std::string first = ListTable(TableName());
        sys::RunNftScript(full);
        EXPECT_EQ(ListTable(TableName()), first);

        const std::string small = BuildRuleset(TableName(), {{.bridge = "bt-only", .subnets = {"172.30.0.0/16"}}}, {});
        sys::RunNftScript(small);
        const std::string replaced = ListTable(TableName());
        EXPECT_EQ(replaced.find("bt-web"), std::string::npos) << replaced;
        EXPECT_NE(replaced.find("ip saddr 172.30.0.0/16 oifname != \"bt-only\" masquerade"), std::string::npos)
            << replaced;
    });
}

TEST(FirewallApply, DeleteRemovesTheTableAndToleratesItsAbsence) {
    BERTH_SKIP_UNLESS_ROOT();
    InPrivateNetworkNamespace([] {
        sys::RunNftScript(BuildRuleset(TableName(), EveryVariantBridges(), EveryVariantPorts()));
        sys::RunNftScript(DeleteRulesetScript(TableName()));
        EXPECT_THROW(ListTable(TableName()), Error);
        EXPECT_NO_THROW(sys::RunNftScript(DeleteRulesetScript(TableName())));
        EXPECT_EQ(sys::RunNftScript("list tables"), "");
    });
}

TEST(FirewallApply, AFailingScriptLeavesThePreviousTable) {
    BERTH_SKIP_UNLESS_ROOT();
    InPrivateNetworkNamespace([] {
        sys::RunNftScript(BuildRuleset(TableName(), EveryVariantBridges(), {}));
        const std::string before = ListTable(TableName());
        // The script's first lines delete the table; a bad line later must undo that too.
        std::string broken = BuildRuleset(TableName(), {}, {});
        broken.insert(broken.find("\t\tct state"), "\t\tnot a rule\n");
        EXPECT_THROW(sys::RunNftScript(broken), Error);
        EXPECT_EQ(ListTable(TableName()), before);
    });
}

}  // namespace
}  // namespace engine::net
