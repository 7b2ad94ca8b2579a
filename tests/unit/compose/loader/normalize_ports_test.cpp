#include <gtest/gtest.h>

#include "tests/unit/compose/loader/normalize_test_support.hpp"

namespace compose::loader::testing {
namespace {

model::Value Ports(std::string_view ports_json) {
    return NormalizeWeb(R"({"image": "x", "ports": )" + std::string(ports_json) + "}")["ports"];
}

std::string PortsError(std::string_view ports_json) {
    return NormalizeWebError(R"({"image": "x", "ports": )" + std::string(ports_json) + "}");
}

TEST(NormalizePorts, ShortSyntaxBecomesLongForm) {
    EXPECT_TREE(Ports(R"(["8080:80", 3000, "53/udp", "127.0.0.1:9000:9000/TCP"])"), R"([
        {"mode": "ingress", "target": 80, "published": "8080", "protocol": "tcp"},
        {"mode": "ingress", "target": 3000, "protocol": "tcp"},
        {"mode": "ingress", "target": 53, "protocol": "udp"},
        {"mode": "ingress", "target": 9000, "published": "9000", "protocol": "tcp", "host_ip": "127.0.0.1"}
    ])");
}

TEST(NormalizePorts, HostIpWithoutPublishedPort) {
    EXPECT_TREE(Ports(R"(["127.0.0.1::80"])"),
                R"([{"mode": "ingress", "target": 80, "protocol": "tcp", "host_ip": "127.0.0.1"}])");
}

TEST(NormalizePorts, BracketedIpv6HostIp) {
    EXPECT_TREE(Ports(R"(["[::1]:8080:80/sctp"])"),
                R"([{"mode": "ingress", "target": 80, "published": "8080", "protocol": "sctp", "host_ip": "::1"}])");
}

TEST(NormalizePorts, EqualRangesGiveOneEntryPerPort) {
    EXPECT_TREE(Ports(R"(["8000-8001:80-81"])"), R"([
        {"mode": "ingress", "target": 80, "published": "8000", "protocol": "tcp"},
        {"mode": "ingress", "target": 81, "published": "8001", "protocol": "tcp"}
    ])");
}

TEST(NormalizePorts, HostRangeForOneTargetStaysARange) {
    EXPECT_TREE(Ports(R"(["8000-8010:80"])"),
                R"([{"mode": "ingress", "target": 80, "published": "8000-8010", "protocol": "tcp"}])");
}

TEST(NormalizePorts, TargetRangeWithoutHostPortsExpands) {
    EXPECT_TREE(Ports(R"(["3000-3002"])"), R"([
        {"mode": "ingress", "target": 3000, "protocol": "tcp"},
        {"mode": "ingress", "target": 3001, "protocol": "tcp"},
        {"mode": "ingress", "target": 3002, "protocol": "tcp"}
    ])");
}

TEST(NormalizePorts, LongFormGetsDefaultsAndStringPublished) {
    EXPECT_TREE(Ports(R"([{"target": 80, "published": 8080}, {"target": "81", "mode": "host", "protocol": "udp",
                           "published": "9000-9001", "name": "web", "app_protocol": "http"}])"),
                R"([{"mode": "ingress", "target": 80, "published": "8080", "protocol": "tcp"},
                    {"mode": "host", "target": 81, "published": "9000-9001", "protocol": "udp", "name": "web",
                     "app_protocol": "http"}])");
}

TEST(NormalizePorts, BadSpecNamesTheEntryAndTheSyntax) {
    EXPECT_EQ(PortsError(R"(["80", "x"])"),
              "services.web.ports[1]: invalid port \"x\": expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]");
    EXPECT_EQ(
        PortsError(R"(["8080:"])"),
        "services.web.ports[0]: invalid port \"8080:\": expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]");
    EXPECT_EQ(
        PortsError(R"(["70000"])"),
        "services.web.ports[0]: invalid port \"70000\": expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]");
    EXPECT_EQ(
        PortsError(R"(["81-80"])"),
        "services.web.ports[0]: invalid port \"81-80\": expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]");
}

TEST(NormalizePorts, BadProtocolAndIpSayWhy) {
    EXPECT_EQ(PortsError(R"(["80/icmp"])"),
              "services.web.ports[0]: invalid port \"80/icmp\": the protocol must be tcp, udp or sctp");
    EXPECT_EQ(PortsError(R"(["localhost:80:80"])"),
              "services.web.ports[0]: invalid port \"localhost:80:80\": \"localhost\" is not an IP address");
}

TEST(NormalizePorts, UnequalRangesAreAnError) {
    EXPECT_EQ(PortsError(R"(["8000-8002:80-81"])"),
              "services.web.ports[0]: invalid port \"8000-8002:80-81\": the host range 8000-8002 and the container "
              "range 80-81 must have the same length");
    EXPECT_EQ(PortsError(R"(["8000:80-81"])"),
              "services.web.ports[0]: invalid port \"8000:80-81\": the host range 8000 and the container range 80-81 "
              "must have the same length");
}

TEST(NormalizePorts, ErrorCarriesTheEntryMark) {
    model::Value project = Json(R"({"services": {"web": {"image": "x", "ports": ["80", "bad"]}}})");
    model::Value& entry = project["services"]["web"]["ports"].AsSeq()[1];
    entry.mark = model::Mark{std::make_shared<const std::string>("compose.yaml"), 7, 9};
    Warnings warnings;
    try {
        NormalizeProject(project, TestContext(), warnings);
        ADD_FAILURE() << "no error";
    } catch (const LoadError& error) {
        EXPECT_EQ(error.mark().line, 7);
        EXPECT_EQ(std::string(error.what()).rfind("compose.yaml:7:9: services.web.ports[1]", 0), 0u) << error.what();
    }
}

TEST(NormalizeExpose, NumbersBecomeStrings) {
    EXPECT_TREE(NormalizeWeb(R"({"image": "x", "expose": [80, "3000-3001", "53/udp"]})")["expose"],
                R"(["80", "3000-3001", "53/udp"])");
}

}  // namespace
}  // namespace compose::loader::testing
