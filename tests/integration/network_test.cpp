// Networks with real containers: user-defined bridges with the embedded DNS, published TCP and
// UDP ports, isolation, outbound NAT and internal networks (against an "outside" namespace the
// test makes), disconnect, a daemon restart, and nothing left behind. Driven through the docker
// CLIs. Traffic goes only to 127.0.0.1 and to addresses of the daemon's and the test's own
// bridges, containers and namespaces.

#include <atomic>
#include <chrono>
#include <regex>
#include <thread>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/integration/integration_env.hpp"
#include "tests/support/container_suite.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/real_container.hpp"

namespace engine::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string Trim(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

// Short and unique per test process: Linux interface names have at most 15 bytes.
std::string Prefix() {
    return "bt" + std::to_string(getpid() % 100000);
}

// One octet for this process's subnets (10.X.0.0/17 for networks, 10.X.254.0/24 outside), and
// one for its default bridge (10.X.Y.0/24), so parallel test processes do not collide.
int SubnetOctet() {
    return 100 + getpid() % 100;
}
int BridgeOctet() {
    return 128 + (getpid() / 100) % 120;
}

// A UDP DNS server on 127.0.0.1 standing in for the host's resolver: it answers A queries for
// "outside.test" with 192.0.2.10 and NXDOMAIN for everything else.
class FakeUpstreamDns final {
  public:
    FakeUpstreamDns() {
        fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            throw std::runtime_error("fake DNS: bind failed");
        }
        socklen_t size = sizeof address;
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { Serve(); });
    }
    FakeUpstreamDns(const FakeUpstreamDns&) = delete;
    FakeUpstreamDns& operator=(const FakeUpstreamDns&) = delete;
    ~FakeUpstreamDns() {
        stop_ = true;
        thread_.join();
        close(fd_);
    }
    std::uint16_t port() const { return port_; }

  private:
    void Serve() {
        while (!stop_) {
            pollfd wait{fd_, POLLIN, 0};
            if (poll(&wait, 1, 100) != 1) {
                continue;
            }
            unsigned char query[512];
            sockaddr_in peer{};
            socklen_t peer_size = sizeof peer;
            const ssize_t size = recvfrom(fd_, query, sizeof query, 0, reinterpret_cast<sockaddr*>(&peer), &peer_size);
            if (size < 17) {
                continue;
            }
            std::string reply(reinterpret_cast<const char*>(query), static_cast<std::size_t>(size));
            // The question name, in wire form, starts at byte 12.
            const std::string wanted = std::string("\7outside\4test", 13) + '\0';
            const bool known = reply.compare(12, wanted.size(), wanted) == 0 && query[12 + wanted.size() + 1] == 1;
            reply[2] = static_cast<char>(0x81);                 // response, recursion desired
            reply[3] = static_cast<char>(known ? 0x80 : 0x83);  // recursion available; NXDOMAIN
            if (known) {
                reply[7] = 1;  // one answer
                const unsigned char answer[] = {0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 10};
                reply.append(reinterpret_cast<const char*>(answer), sizeof answer);
            }
            sendto(fd_, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&peer), peer_size);
        }
    }

    int fd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_ = false;
    std::thread thread_;
};

CommandResult Host(const std::vector<std::string>& args) {
    return RunCommand(args, {}, "", 30s);
}

class NetworkRealContainerTest : public ::testing::TestWithParam<std::string> {
  protected:
    static void SetUpTestSuite() {
        if (!RealContainerBlocker().empty() || !fs::exists("/usr/local/bin/docker")) {
            return;  // each test skips with the reason
        }
        scratch_ = new TempDir();
        dns_ = new FakeUpstreamDns();
        try {
            suite_ = new ContainerSuiteDaemon(
                BerthdPath(),
                MakeBusyboxTar(scratch_->path()),
                "/usr/local/bin/docker",
                {"--bridge",
                 Prefix() + "d0",
                 "--bip",
                 "10." + std::to_string(SubnetOctet()) + "." + std::to_string(BridgeOctet()) + ".1/24",
                 "--default-address-pool",
                 "base=10." + std::to_string(SubnetOctet()) + ".0.0/17,size=24",
                 "--dns-forward",
                 "127.0.0.1:" + std::to_string(dns_->port())});
        } catch (const std::exception& error) {
            setup_error_ = new std::string(error.what());
        }
    }

    static void TearDownTestSuite() {
        delete suite_;
        suite_ = nullptr;
        // Whatever a failed test left: this process's bridges and its outside namespace.
        const CommandResult links = Host({"ip", "-o", "link", "show"});
        std::istringstream lines(links.out);
        for (std::string line; std::getline(lines, line);) {
            std::smatch found;
            if (std::regex_search(line, found, std::regex("^\\d+: (" + Prefix() + "[a-z0-9]*)[@:]"))) {
                Host({"ip", "link", "delete", found[1].str()});
            }
        }
        Host({"ip", "netns", "delete", Prefix() + "out"});
        delete dns_;
        dns_ = nullptr;
        delete scratch_;
        scratch_ = nullptr;
        delete setup_error_;
        setup_error_ = nullptr;
    }

    void SetUp() override {
        REQUIRE_REAL_CONTAINERS();
        if (!fs::exists(GetParam())) {
            GTEST_SKIP() << GetParam() << " is not installed";
        }
        ASSERT_EQ(setup_error_, nullptr) << *setup_error_;
        ASSERT_NE(suite_, nullptr);
        names_ = std::make_unique<ContainerNames>(GetParam(), suite_->ClientEnv());
    }

    void TearDown() override {
        names_.reset();
        for (const std::string& network : networks_) {
            Docker({"network", "rm", network});
        }
        if (HasFailure() && suite_ != nullptr) {
            const std::string log = suite_->daemon().Log();
            std::cerr << "berthd log:\n" << log.substr(log.size() > 8000 ? log.size() - 8000 : 0) << "\n";
        }
    }

    CommandResult Docker(std::vector<std::string> args, const std::string& input = "") {
        args.insert(args.begin(), GetParam());
        return RunCommand(args, suite_->ClientEnv(), input, 60s);
    }

    std::string Tag() const {
        std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        test = test.substr(0, test.find('/'));
        for (char& c : test) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        return (GetParam().find("/usr/local") == 0 ? "v28-" : "v20-") + test;
    }

    std::string Name(const std::string& suffix) { return names_->Add("nt-" + Tag() + "-" + suffix); }

    // A user-defined network whose bridge carries this process's prefix, removed at the end.
    std::string CreateNetwork(const std::string& suffix, std::vector<std::string> flags = {}) {
        const std::string name = "nt-" + Tag() + "-" + suffix;
        std::vector<std::string> args = {
            "network", "create", "-o", "com.docker.network.bridge.name=" + Prefix() + suffix};
        args.insert(args.end(), flags.begin(), flags.end());
        args.push_back(name);
        const CommandResult created = Docker(args);
        EXPECT_EQ(created.exit_code, 0) << created.err;
        networks_.push_back(name);
        return name;
    }

    std::string RunDetached(const std::string& name, std::vector<std::string> args) {
        std::vector<std::string> full = {"run", "-d", "--name", name};
        full.insert(full.end(), args.begin(), args.end());
        const CommandResult run = Docker(full);
        EXPECT_EQ(run.exit_code, 0) << run.err;
        return Trim(run.out);
    }

    std::string Inspect(const std::string& name, const std::string& format) {
        const CommandResult inspected = Docker({"inspect", "-f", format, name});
        EXPECT_EQ(inspected.exit_code, 0) << inspected.err;
        return Trim(inspected.out);
    }

    std::string AddressOn(const std::string& container, const std::string& network) {
        return Inspect(container, "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}");
    }

    // A busybox httpd serving "hello from <name>" on port 80.
    std::string RunWebServer(const std::string& name, std::vector<std::string> flags) {
        std::vector<std::string> args = std::move(flags);
        args.insert(args.end(),
                    {"busybox",
                     "sh",
                     "-c",
                     "mkdir -p /www && echo hello from " + name + " > /www/index.html && exec httpd -f -p 80 -h /www"});
        return RunDetached(name, args);
    }

    // Runs a throwaway busybox container with `args` and returns the result.
    CommandResult RunOnce(std::vector<std::string> flags, std::vector<std::string> command) {
        std::vector<std::string> args = {"run", "--rm"};
        args.insert(args.end(), flags.begin(), flags.end());
        args.push_back("busybox");
        args.insert(args.end(), command.begin(), command.end());
        return Docker(args);
    }

    static TempDir* scratch_;
    static FakeUpstreamDns* dns_;
    static ContainerSuiteDaemon* suite_;
    static std::string* setup_error_;
    std::unique_ptr<ContainerNames> names_;
    std::vector<std::string> networks_;
};

TempDir* NetworkRealContainerTest::scratch_ = nullptr;
FakeUpstreamDns* NetworkRealContainerTest::dns_ = nullptr;
ContainerSuiteDaemon* NetworkRealContainerTest::suite_ = nullptr;
std::string* NetworkRealContainerTest::setup_error_ = nullptr;

TEST_P(NetworkRealContainerTest, ContainersResolveEachOtherByNameAliasAndIdAndTalk) {
    const std::string network = CreateNetwork("a");
    const std::string web = Name("web");
    const std::string id = RunWebServer(web, {"--network", network, "--network-alias", "svc"});
    const std::string address = AddressOn(web, network);
    ASSERT_FALSE(address.empty());
    for (const std::string& name : {web, std::string("svc"), id.substr(0, 12)}) {
        const CommandResult looked_up = RunOnce({"--network", network}, {"nslookup", name});
        EXPECT_EQ(looked_up.exit_code, 0) << name << ": " << looked_up.out << looked_up.err;
        EXPECT_NE(looked_up.out.find(address), std::string::npos) << name << ": " << looked_up.out;
    }
    const CommandResult fetched = RunOnce({"--network", network}, {"wget", "-q", "-O", "-", "http://" + address + "/"});
    EXPECT_EQ(fetched.exit_code, 0) << fetched.err;
    EXPECT_EQ(Trim(fetched.out), "hello from " + web);

    // Names the network does not know go to the configured upstream (the test's own).
    const CommandResult outside = RunOnce({"--network", network}, {"nslookup", "outside.test"});
    EXPECT_NE(outside.out.find("192.0.2.10"), std::string::npos) << outside.out << outside.err;
    const CommandResult unknown = RunOnce({"--network", network}, {"nslookup", "nothing.test"});
    EXPECT_NE(unknown.exit_code, 0) << unknown.out;
}

TEST_P(NetworkRealContainerTest, SeveralContainersBehindOneAliasAnswerRoundRobin) {
    const std::string network = CreateNetwork("r");
    const std::string one = Name("one");
    const std::string two = Name("two");
    RunDetached(one, {"--network", network, "--network-alias", "pool", "busybox", "sleep", "600"});
    RunDetached(two, {"--network", network, "--network-alias", "pool", "busybox", "sleep", "600"});
    const CommandResult looked_up = RunOnce({"--network", network}, {"nslookup", "pool"});
    EXPECT_EQ(looked_up.exit_code, 0) << looked_up.err;
    EXPECT_NE(looked_up.out.find(AddressOn(one, network)), std::string::npos) << looked_up.out;
    EXPECT_NE(looked_up.out.find(AddressOn(two, network)), std::string::npos) << looked_up.out;
}

TEST_P(NetworkRealContainerTest, PublishedTcpPortAnswersOnLoopbackAndBusyPortIsAClearError) {
    const std::string web = Name("web");
    RunWebServer(web, {"-p", "127.0.0.1::80"});
    const std::string port = Inspect(web, "{{(index (index .NetworkSettings.Ports \"80/tcp\") 0).HostPort}}");
    ASSERT_FALSE(port.empty());
    EXPECT_EQ(Trim(HttpGet("127.0.0.1", std::stoi(port))), "hello from " + web);

    const CommandResult shown = Docker({"port", web, "80"});
    EXPECT_EQ(Trim(shown.out), "127.0.0.1:" + port) << shown.err;

    // The same host port again: the start fails and says which port and who holds it.
    const std::string second = Name("second");
    const CommandResult run =
        Docker({"run", "-d", "--name", second, "-p", "127.0.0.1:" + port + ":80", "busybox", "sleep", "600"});
    EXPECT_NE(run.exit_code, 0);
    EXPECT_NE(run.err.find(port), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("already in use"), std::string::npos) << run.err;
}

TEST_P(NetworkRealContainerTest, OtherContainersReachAPublishedPortThroughTheHost) {
    const std::string network = CreateNetwork("p");
    const std::string web = Name("web");
    RunWebServer(web, {"-p", "80"});
    const std::string port = Inspect(web, "{{(index (index .NetworkSettings.Ports \"80/tcp\") 0).HostPort}}");
    // The client's gateway is the host: the published port answers there, across networks.
    const std::string gateway =
        Trim(Docker({"network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", network}).out);
    const CommandResult fetched = RunOnce(
        {"--network", network}, {"sh", "-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 " + gateway + " " + port});
    EXPECT_NE(fetched.out.find("hello from " + web), std::string::npos) << fetched.out << fetched.err;
}

TEST_P(NetworkRealContainerTest, Ipv6NetworksGiveAddressesAndAaaaRecords) {
    const std::string subnet =
        "fd00:" + std::to_string(SubnetOctet()) + ":" + std::to_string(getpid() % 10000) + "::/64";
    const std::string network = CreateNetwork("v6", {"--ipv6", "--subnet", subnet});
    const std::string target = Name("target");
    RunDetached(target, {"--network", network, "busybox", "sleep", "600"});
    const std::string address =
        Inspect(target, "{{(index .NetworkSettings.Networks \"" + network + "\").GlobalIPv6Address}}");
    ASSERT_EQ(address.rfind(subnet.substr(0, subnet.size() - 4), 0), 0u) << address;
    const CommandResult looked_up = RunOnce({"--network", network}, {"nslookup", "-type=AAAA", target});
    EXPECT_NE(looked_up.out.find(address), std::string::npos) << looked_up.out << looked_up.err;
    const CommandResult pinged = RunOnce({"--network", network}, {"ping", "-6", "-c", "1", "-W", "3", address});
    EXPECT_EQ(pinged.exit_code, 0) << pinged.out << pinged.err;
}

TEST_P(NetworkRealContainerTest, PublishAllAndHostPortRangesPickFreePorts) {
    const std::string all = Name("all");
    RunWebServer(all, {"-P", "--expose", "80"});
    const std::string port = Inspect(all, "{{(index (index .NetworkSettings.Ports \"80/tcp\") 0).HostPort}}");
    ASSERT_FALSE(port.empty());
    EXPECT_EQ(Trim(HttpGet("127.0.0.1", std::stoi(port))), "hello from " + all);

    // A range whose first port is taken: the next free one is used.
    const int first = 20000 + getpid() % 12000;  // below the ephemeral range
    const int blocker = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(first));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(blocker, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(listen(blocker, 1), 0);
    const std::string ranged = Name("ranged");
    RunWebServer(ranged, {"-p", "127.0.0.1:" + std::to_string(first) + "-" + std::to_string(first + 5) + ":80"});
    close(blocker);
    const std::string chosen = Inspect(ranged, "{{(index (index .NetworkSettings.Ports \"80/tcp\") 0).HostPort}}");
    ASSERT_FALSE(chosen.empty());
    EXPECT_GT(std::stoi(chosen), first);
    EXPECT_LE(std::stoi(chosen), first + 5);
    EXPECT_EQ(Trim(HttpGet("127.0.0.1", std::stoi(chosen))), "hello from " + ranged);
}

TEST_P(NetworkRealContainerTest, ANetworksMtuReachesItsContainers) {
    const std::string network = CreateNetwork("mtu", {"-o", "com.docker.network.driver.mtu=1400"});
    const CommandResult shown = RunOnce({"--network", network}, {"cat", "/sys/class/net/eth0/mtu"});
    EXPECT_EQ(Trim(shown.out), "1400") << shown.err;
}

TEST_P(NetworkRealContainerTest, PublishedUdpPortEchoes) {
    const std::string echo = Name("echo");
    RunDetached(echo,
                {"-p",
                 "127.0.0.1::9999/udp",
                 "-v",
                 std::string(UDP_ECHO_PATH) + ":/udp-echo:ro",
                 "busybox",
                 "/udp-echo",
                 "serve",
                 "9999"});
    const std::string port = Inspect(echo, "{{(index (index .NetworkSettings.Ports \"9999/udp\") 0).HostPort}}");
    ASSERT_FALSE(port.empty());
    const CommandResult sent = Host({UDP_ECHO_PATH, "send", "127.0.0.1", port, "ping-over-udp"});
    EXPECT_EQ(sent.exit_code, 0) << sent.err;
    EXPECT_EQ(Trim(sent.out), "ping-over-udp");
}

TEST_P(NetworkRealContainerTest, ContainersOnDifferentNetworksCannotReachEachOther) {
    const std::string first = CreateNetwork("i1");
    const std::string second = CreateNetwork("i2");
    const std::string web = Name("web");
    RunWebServer(web, {"--network", first});
    const std::string address = AddressOn(web, first);
    // busybox's wget crashes with -T here, so nc with a timeout probes the port.
    const std::string request = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 " + address + " 80";
    const CommandResult same = RunOnce({"--network", first}, {"sh", "-c", request});
    EXPECT_NE(same.out.find("hello from " + web), std::string::npos) << same.out << same.err;
    const CommandResult other = RunOnce({"--network", second}, {"sh", "-c", request});
    EXPECT_EQ(other.out.find("hello"), std::string::npos) << other.out;
    // And the other network does not know the name.
    const CommandResult looked_up = RunOnce({"--network", second}, {"nslookup", web});
    EXPECT_EQ(looked_up.out.find(address), std::string::npos) << looked_up.out;
}

// An "outside" host: a namespace behind a veth pair with a TCP server that tells each client
// which address it came from, so the test sees masquerading at work.
class OutsideNamespace final {
  public:
    explicit OutsideNamespace(int octet) : name_(Prefix() + "out") {
        host_address_ = "10." + std::to_string(octet) + ".254.1";
        address_ = "10." + std::to_string(octet) + ".254.2";
        Host({"ip", "netns", "delete", name_});
        for (const std::vector<std::string>& command : std::vector<std::vector<std::string>>{
                 {"ip", "netns", "add", name_},
                 {"ip", "link", "add", Prefix() + "oh", "type", "veth", "peer", "name", Prefix() + "op"},
                 {"ip", "link", "set", Prefix() + "op", "netns", name_},
                 {"ip", "addr", "add", host_address_ + "/24", "dev", Prefix() + "oh"},
                 {"ip", "link", "set", Prefix() + "oh", "up"},
                 {"ip", "netns", "exec", name_, "ip", "addr", "add", address_ + "/24", "dev", Prefix() + "op"},
                 {"ip", "netns", "exec", name_, "ip", "link", "set", Prefix() + "op", "up"},
                 {"ip", "netns", "exec", name_, "ip", "link", "set", "lo", "up"}}) {
            const CommandResult result = Host(command);
            if (result.exit_code != 0) {
                throw std::runtime_error("outside namespace: " + command[1] + " " + command[2] + ": " + result.err);
            }
        }
        server_ = std::thread([this] {
            RunCommand({"ip",
                        "netns",
                        "exec",
                        name_,
                        "python3",
                        "-c",
                        "import socket\n"
                        "s=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
                        "s.bind(('" +
                            address_ +
                            "',7777));s.listen(8);s.settimeout(60)\n"
                            "while True:\n"
                            "  c,a=s.accept();c.sendall(('from '+a[0]+'\\n').encode());c.close()\n"},
                       {},
                       "",
                       120s);
        });
    }
    OutsideNamespace(const OutsideNamespace&) = delete;
    OutsideNamespace& operator=(const OutsideNamespace&) = delete;
    ~OutsideNamespace() {
        Host({"ip", "netns", "pids", name_});
        const CommandResult pids = Host({"ip", "netns", "pids", name_});
        std::istringstream in(pids.out);
        for (std::string pid; in >> pid;) {
            Host({"kill", "-9", pid});
        }
        server_.join();
        Host({"ip", "link", "delete", Prefix() + "oh"});
        Host({"ip", "netns", "delete", name_});
    }
    const std::string& address() const { return address_; }
    const std::string& host_address() const { return host_address_; }

  private:
    std::string name_;
    std::string host_address_;
    std::string address_;
    std::thread server_;
};

TEST_P(NetworkRealContainerTest, OutboundTrafficIsMasqueradedAndInternalNetworksHaveNoWayOut) {
    OutsideNamespace outside(SubnetOctet());
    const std::string network = CreateNetwork("o");
    const std::string internal = CreateNetwork("x", {"--internal"});
    // Retried: the server in the namespace may still be starting.
    std::string reply;
    for (int attempt = 0; attempt < 20 && reply.find("from") == std::string::npos; ++attempt) {
        reply = RunOnce({"--network", network}, {"nc", "-w", "3", outside.address(), "7777"}).out;
    }
    EXPECT_EQ(Trim(reply), "from " + outside.host_address());
    const CommandResult blocked = RunOnce({"--network", internal}, {"nc", "-w", "3", outside.address(), "7777"});
    EXPECT_EQ(blocked.out.find("from"), std::string::npos) << blocked.out;
}

TEST_P(NetworkRealContainerTest, ConnectAndDisconnectChangeWhatResolves) {
    const std::string first = CreateNetwork("c1");
    const std::string second = CreateNetwork("c2");
    const std::string target = Name("target");
    RunDetached(target, {"--network", first, "busybox", "sleep", "600"});
    const CommandResult connected = Docker({"network", "connect", "--alias", "late", second, target});
    ASSERT_EQ(connected.exit_code, 0) << connected.err;
    const std::string address = AddressOn(target, second);
    ASSERT_FALSE(address.empty());
    const CommandResult found = RunOnce({"--network", second}, {"nslookup", "late"});
    EXPECT_NE(found.out.find(address), std::string::npos) << found.out << found.err;
    const std::string interfaces = Docker({"exec", target, "ip", "-o", "addr"}).out;
    EXPECT_NE(interfaces.find(address), std::string::npos) << interfaces;

    const CommandResult disconnected = Docker({"network", "disconnect", second, target});
    ASSERT_EQ(disconnected.exit_code, 0) << disconnected.err;
    const CommandResult gone = RunOnce({"--network", second}, {"nslookup", "late"});
    EXPECT_EQ(gone.out.find(address), std::string::npos) << gone.out;
    EXPECT_EQ(Docker({"exec", target, "ip", "-o", "addr"}).out.find(address), std::string::npos);
}

TEST_P(NetworkRealContainerTest, ARenamedContainerResolvesByItsNewNameOnly) {
    const std::string network = CreateNetwork("rn");
    const std::string before = Name("before");
    const std::string after = Name("after");
    RunDetached(before, {"--network", network, "busybox", "sleep", "600"});
    const std::string address = AddressOn(before, network);
    ASSERT_FALSE(address.empty());
    const CommandResult renamed = Docker({"rename", before, after});
    ASSERT_EQ(renamed.exit_code, 0) << renamed.err;
    const CommandResult found = RunOnce({"--network", network}, {"nslookup", after});
    EXPECT_NE(found.out.find(address), std::string::npos) << found.out << found.err;
    const CommandResult old_name = RunOnce({"--network", network}, {"nslookup", before});
    EXPECT_EQ(old_name.out.find(address), std::string::npos) << old_name.out;
}

TEST_P(NetworkRealContainerTest, StatsCountAContainersTraffic) {
    const std::string network = CreateNetwork("st");
    const std::string target = Name("counted");
    RunDetached(target, {"--network", network, "busybox", "sleep", "600"});
    const std::string address = AddressOn(target, network);
    ASSERT_FALSE(address.empty());
    const CommandResult pinged = RunOnce({"--network", network}, {"ping", "-c", "2", "-W", "3", address});
    ASSERT_EQ(pinged.exit_code, 0) << pinged.out << pinged.err;
    // Two echo replies of 84 bytes (plus ARP) went out of the container: at least 168 B each way.
    const CommandResult stats = Docker({"stats", "--no-stream", "--format", "{{.NetIO}}", target});
    ASSERT_EQ(stats.exit_code, 0) << stats.err;
    // "<received> / <sent>"; a plain substring test for "0B" would also match "180B".
    const std::string net_io = Trim(stats.out);
    const std::size_t slash = net_io.find(" / ");
    ASSERT_NE(slash, std::string::npos) << net_io;
    EXPECT_NE(net_io.substr(0, slash), "0B") << net_io;
    EXPECT_NE(net_io.substr(slash + 3), "0B") << net_io;
}

TEST_P(NetworkRealContainerTest, NetworkCommandsShowCreateInspectAndRefuseRemovalWhileInUse) {
    const std::string subnet = "10." + std::to_string(SubnetOctet()) + ".250.0/24";
    const std::string network = CreateNetwork("m", {"--subnet", subnet, "--label", "team=net"});
    const CommandResult listed =
        Docker({"network", "ls", "--filter", "label=team=net", "--format", "{{.Name}} {{.Driver}}"});
    EXPECT_NE(listed.out.find(network + " bridge"), std::string::npos) << listed.out << listed.err;
    EXPECT_EQ(Trim(Docker({"network", "inspect", "-f", "{{(index .IPAM.Config 0).Subnet}}", network}).out), subnet);

    const std::string user = Name("user");
    RunDetached(
        user,
        {"--network", network, "--ip", "10." + std::to_string(SubnetOctet()) + ".250.77", "busybox", "sleep", "600"});
    EXPECT_EQ(AddressOn(user, network), "10." + std::to_string(SubnetOctet()) + ".250.77");
    const CommandResult refused = Docker({"network", "rm", network});
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_NE(refused.err.find(user), std::string::npos) << refused.err;
    EXPECT_NE(Docker({"network", "inspect", "-f", "{{json .Containers}}", network}).out.find(user), std::string::npos);

    const CommandResult predefined = Docker({"network", "rm", "bridge"});
    EXPECT_NE(predefined.exit_code, 0);
    EXPECT_NE(predefined.err.find("pre-defined"), std::string::npos) << predefined.err;
}

TEST_P(NetworkRealContainerTest, ADaemonRestartKeepsNamesAndPublishedPorts) {
    const std::string network = CreateNetwork("s");
    const std::string web = Name("web");
    RunWebServer(web, {"--network", network, "-p", "127.0.0.1::80"});
    const std::string port = Inspect(web, "{{(index (index .NetworkSettings.Ports \"80/tcp\") 0).HostPort}}");
    const std::string address = AddressOn(web, network);
    ASSERT_EQ(Trim(HttpGet("127.0.0.1", std::stoi(port))), "hello from " + web);

    suite_->RestartDaemon();

    EXPECT_EQ(Trim(HttpGet("127.0.0.1", std::stoi(port))), "hello from " + web);
    const CommandResult looked_up = RunOnce({"--network", network}, {"nslookup", web});
    EXPECT_NE(looked_up.out.find(address), std::string::npos) << looked_up.out << looked_up.err;
    EXPECT_EQ(AddressOn(web, network), address);
}

TEST_P(NetworkRealContainerTest, NothingIsLeftAfterContainersAndNetworksAreRemoved) {
    const std::string network = CreateNetwork("z");
    const std::string web = Name("web");
    RunWebServer(web, {"--network", network, "-p", "127.0.0.1::80"});
    // The container's veth: the one port of the network's bridge.
    const std::string ports = Host({"ip", "-o", "link", "show", "master", Prefix() + "z"}).out;
    std::smatch veth;
    ASSERT_TRUE(std::regex_search(ports, veth, std::regex("^\\d+: (veth[0-9a-f]+)@"))) << ports;
    ASSERT_EQ(std::count(ports.begin(), ports.end(), '\n'), 1) << ports;
    ASSERT_EQ(Docker({"rm", "-f", web}).exit_code, 0);
    ASSERT_EQ(Docker({"network", "rm", network}).exit_code, 0);
    networks_.clear();

    // The kernel destroys the veth with the container's namespace, asynchronously.
    bool veth_gone = false;
    for (int attempt = 0; attempt < 50 && !veth_gone; ++attempt) {
        veth_gone = Host({"ip", "link", "show", veth[1].str()}).exit_code != 0;
        if (!veth_gone) {
            std::this_thread::sleep_for(100ms);
        }
    }
    EXPECT_TRUE(veth_gone) << "the veth " << veth[1].str() << " is still there";
    EXPECT_NE(Host({"ip", "link", "show", Prefix() + "z"}).exit_code, 0) << "the bridge is still there";
    const fs::path exec = suite_->root() / "exec";
    EXPECT_TRUE(!fs::exists(exec / "netns") || fs::is_empty(exec / "netns"));
    EXPECT_TRUE(!fs::exists(exec / "network" / "sandboxes") || fs::is_empty(exec / "network" / "sandboxes"));
    const std::string rules = Host({"nft", "list", "table", "inet", suite_->daemon().nft_table()}).out;
    EXPECT_EQ(rules.find(Prefix() + "z"), std::string::npos) << rules;
    EXPECT_EQ(rules.find("dnat ip to"), std::string::npos) << rules;
}

INSTANTIATE_TEST_SUITE_P(DockerClis,
                         NetworkRealContainerTest,
                         ::testing::Values("/usr/local/bin/docker", "/usr/bin/docker"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                             return param.param.find("/usr/local") == 0 ? std::string("v28") : std::string("v20");
                         });

}  // namespace
}  // namespace engine::testing
