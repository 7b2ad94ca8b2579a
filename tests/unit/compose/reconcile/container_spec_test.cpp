#include <gtest/gtest.h>

#include "compose/loader/project_loader.hpp"
#include "compose/reconcile/resource_specs.hpp"

namespace compose::reconcile {
namespace {

using nlohmann::json;

const std::string kProjectDir = "/srv/demo";

DesiredState Load(const std::string& yaml) {
    loader::LoadOptions options;
    options.files = {"-"};
    options.project_name = "demo";
    options.working_directory = kProjectDir;
    options.os_environment = {{"HOME", "/home/tester"}, {"COMPOSE_DISABLE_ENV_FILE", "1"}};
    options.read_stdin = [yaml] { return yaml; };
    loader::Warnings warnings;
    DesiredState desired;
    desired.project = loader::LoadProject(options, warnings);
    for (const std::string& service : desired.project.ServiceNames()) {
        desired.image_ids[service] = "sha256:" + service;
    }
    return desired;
}

Operation Create(const std::string& service, int number = 1) {
    Operation operation;
    operation.kind = OperationKind::kCreateContainer;
    operation.service = service;
    operation.number = number;
    operation.name = "demo-" + service + "-" + std::to_string(number);
    return operation;
}

json Body(const std::string& yaml, const std::string& service = "web", const json& replaced = nullptr) {
    const DesiredState desired = Load(yaml);
    return ProjectSpecs(desired).ContainerCreateBody(Create(service), replaced);
}

TEST(ContainerSpec, ConfigFieldsFromTheService) {
    const json body = Body(R"(
services:
  web:
    image: nginx:1.25
    command: nginx -g "daemon off;"
    entrypoint: ["/docker-entrypoint.sh"]
    environment: {A: "1", B: "", UNSET_HERE: null}
    user: "1000:1000"
    working_dir: /app
    hostname: web
    domainname: example.org
    tty: true
    stdin_open: true
    stop_signal: SIGQUIT
    stop_grace_period: 1m30s
    expose: ["9000", "7000-7001/udp"]
)");
    EXPECT_EQ(body["Image"], "nginx:1.25");
    EXPECT_EQ(body["Cmd"], json({"nginx", "-g", "daemon off;"}));
    EXPECT_EQ(body["Entrypoint"], json({"/docker-entrypoint.sh"}));
    EXPECT_EQ(body["Env"], json({"A=1", "B="}));
    EXPECT_EQ(body["User"], "1000:1000");
    EXPECT_EQ(body["WorkingDir"], "/app");
    EXPECT_EQ(body["Hostname"], "web");
    EXPECT_EQ(body["Domainname"], "example.org");
    EXPECT_EQ(body["Tty"], true);
    EXPECT_EQ(body["OpenStdin"], true);
    EXPECT_EQ(body["StopSignal"], "SIGQUIT");
    EXPECT_EQ(body["StopTimeout"], 90);
    EXPECT_EQ(body["ExposedPorts"],
              json({{"9000/tcp", json::object()}, {"7000/udp", json::object()}, {"7001/udp", json::object()}}));
    EXPECT_FALSE(body.contains("Healthcheck"));
}

TEST(ContainerSpec, BuildOnlyServiceRunsTheProjectImageAndUnsetListsAreAbsent) {
    const json body = Body("services:\n  web:\n    build: .\n");
    EXPECT_EQ(body["Image"], "demo-web");
    EXPECT_FALSE(body.contains("Cmd"));
    EXPECT_FALSE(body.contains("Entrypoint"));
    EXPECT_FALSE(body.contains("StopTimeout"));
}

TEST(ContainerSpec, PortsWithRangesAndHostIp) {
    const json body = Body(R"(
services:
  web:
    image: nginx
    ports:
      - "8080:80"
      - "127.0.0.1:8443:443/tcp"
      - "8000-8005:9000"
      - "53:53/udp"
      - "3000"
)");
    const json expected = {
        {"80/tcp", {{{"HostIp", ""}, {"HostPort", "8080"}}}},
        {"443/tcp", {{{"HostIp", "127.0.0.1"}, {"HostPort", "8443"}}}},
        {"9000/tcp", {{{"HostIp", ""}, {"HostPort", "8000-8005"}}}},
        {"53/udp", {{{"HostIp", ""}, {"HostPort", "53"}}}},
        {"3000/tcp", {{{"HostIp", ""}, {"HostPort", ""}}}},
    };
    EXPECT_EQ(body["HostConfig"]["PortBindings"], expected);
    EXPECT_EQ(body["HostConfig"]["PublishAllPorts"], false);
    for (const char* port : {"80/tcp", "443/tcp", "9000/tcp", "53/udp", "3000/tcp"}) {
        EXPECT_TRUE(body["ExposedPorts"].contains(port)) << port;
    }
}

TEST(ContainerSpec, MountsOfEveryKind) {
    const json body = Body(R"(
services:
  web:
    image: nginx
    volumes:
      - ./html:/usr/share/nginx/html:ro
      - type: bind
        source: /var/log
        target: /logs
        bind: {propagation: rslave}
      - db-data:/data:nocopy
      - /cache
      - type: tmpfs
        target: /scratch
        tmpfs: {size: 64m, mode: 1777}
volumes:
  db-data: {}
)");
    const json& host = body["HostConfig"];
    EXPECT_EQ(host["Binds"], json({kProjectDir + "/html:/usr/share/nginx/html:ro"}));
    const json expected = json::array({
        {{"Type", "bind"}, {"Source", "/var/log"}, {"Target", "/logs"}, {"BindOptions", {{"Propagation", "rslave"}}}},
        {{"Type", "volume"}, {"Source", "demo_db-data"}, {"Target", "/data"}, {"VolumeOptions", {{"NoCopy", true}}}},
        {{"Type", "volume"}, {"Target", "/cache"}},
        {{"Type", "tmpfs"}, {"Target", "/scratch"}, {"TmpfsOptions", {{"SizeBytes", 64 << 20}, {"Mode", 1777}}}},
    });
    EXPECT_EQ(host["Mounts"], expected);
}

TEST(ContainerSpec, AnonymousVolumeIsCarriedOverFromTheReplacedContainer) {
    const json replaced = {{"Id", "old"},
                           {"Mounts",
                            {{{"Type", "volume"}, {"Name", "abc123"}, {"Destination", "/cache"}, {"RW", true}},
                             {{"Type", "volume"}, {"Name", "demo_db-data"}, {"Destination", "/data"}},
                             {{"Type", "volume"}, {"Name", "other"}, {"Destination", "/elsewhere"}}}}};
    const json body = Body(R"(
services:
  web:
    image: nginx
    volumes: [/cache, "db-data:/data"]
volumes:
  db-data: {}
)",
                           "web",
                           replaced);
    const json expected = json::array({
        {{"Type", "volume"}, {"Source", "abc123"}, {"Target", "/cache"}},
        {{"Type", "volume"}, {"Source", "demo_db-data"}, {"Target", "/data"}},
    });
    EXPECT_EQ(body["HostConfig"]["Mounts"], expected);
}

TEST(ContainerSpec, ImageVolumesTheServiceDoesNotMountAreCarriedOver) {
    const json replaced = {{"Id", "old"},
                           {"Config", {{"Volumes", {{"/var/lib/db", json::object()}, {"/data", json::object()}}}}},
                           {"Mounts",
                            {{{"Type", "volume"}, {"Name", "anon1"}, {"Destination", "/var/lib/db"}},
                             {{"Type", "volume"}, {"Name", "anon2"}, {"Destination", "/data"}}}}};
    const json body = Body(R"(
services:
  web:
    image: postgres
    volumes: ["./data:/data"]
)",
                           "web",
                           replaced);
    // /data is the service's own bind now; only /var/lib/db keeps the old anonymous volume.
    EXPECT_EQ(body["HostConfig"]["Binds"], json::array({kProjectDir + "/data:/data"}));
    EXPECT_EQ(body["HostConfig"]["Mounts"],
              json::array({{{"Type", "volume"}, {"Source", "anon1"}, {"Target", "/var/lib/db"}}}));
    // A first create has nothing to carry over.
    EXPECT_FALSE(Body("services: {web: {image: postgres}}\n")["HostConfig"].contains("Mounts"));
}

TEST(ContainerSpec, SecretsAndConfigsAreReadOnlyBindsAtTheirTargets) {
    const json body = Body(R"(
services:
  web:
    image: nginx
    secrets: [token, {source: key, target: tls.key}, {source: cert, target: /etc/cert.pem}]
    configs: [app, {source: nginx, target: conf/nginx.conf}]
secrets:
  token: {file: ./token.txt}
  key: {file: /etc/keys/key.pem}
  cert: {file: /etc/keys/cert.pem}
configs:
  app: {file: ./app.ini}
  nginx: {file: ./nginx.conf}
)");
    auto bind = [](const std::string& source, const std::string& target) {
        return json{{"Type", "bind"}, {"Source", source}, {"Target", target}, {"ReadOnly", true}};
    };
    const json expected = json::array({
        bind(kProjectDir + "/token.txt", "/run/secrets/token"),
        bind("/etc/keys/key.pem", "/run/secrets/tls.key"),
        bind("/etc/keys/cert.pem", "/etc/cert.pem"),
        bind(kProjectDir + "/app.ini", "/app"),
        bind(kProjectDir + "/nginx.conf", "/conf/nginx.conf"),
    });
    EXPECT_EQ(body["HostConfig"]["Mounts"], expected);
}

TEST(ContainerSpec, RestartPolicies) {
    auto policy = [](const std::string& settings) {
        return Body("services:\n  web:\n    image: nginx\n" + settings)["HostConfig"]["RestartPolicy"];
    };
    EXPECT_EQ(policy(""), json({{"Name", "no"}, {"MaximumRetryCount", 0}}));
    EXPECT_EQ(policy("    restart: \"no\"\n"), json({{"Name", "no"}, {"MaximumRetryCount", 0}}));
    EXPECT_EQ(policy("    restart: always\n"), json({{"Name", "always"}, {"MaximumRetryCount", 0}}));
    EXPECT_EQ(policy("    restart: unless-stopped\n"), json({{"Name", "unless-stopped"}, {"MaximumRetryCount", 0}}));
    EXPECT_EQ(policy("    restart: on-failure\n"), json({{"Name", "on-failure"}, {"MaximumRetryCount", 0}}));
    EXPECT_EQ(policy("    restart: on-failure:5\n"), json({{"Name", "on-failure"}, {"MaximumRetryCount", 5}}));
    EXPECT_EQ(
        policy("    restart: always\n    deploy:\n      restart_policy: {condition: on-failure, max_attempts: 3}\n"),
        json({{"Name", "on-failure"}, {"MaximumRetryCount", 3}}));
    EXPECT_EQ(policy("    deploy:\n      restart_policy: {condition: any}\n"),
              json({{"Name", "always"}, {"MaximumRetryCount", 0}}));
    EXPECT_EQ(policy("    deploy:\n      restart_policy: {condition: none}\n"),
              json({{"Name", "no"}, {"MaximumRetryCount", 0}}));
}

TEST(ContainerSpec, HealthcheckDurationsInNanoseconds) {
    const json body = Body(R"(
services:
  web:
    image: nginx
    healthcheck:
      test: curl -f http://localhost
      interval: 1m30s
      timeout: 500ms
      start_period: 2s
      start_interval: 1.5s
      retries: 3
  off:
    image: nginx
    healthcheck: {disable: true}
)");
    const json expected = {{"Test", {"CMD-SHELL", "curl -f http://localhost"}},
                           {"Interval", 90'000'000'000LL},
                           {"Timeout", 500'000'000LL},
                           {"StartPeriod", 2'000'000'000LL},
                           {"StartInterval", 1'500'000'000LL},
                           {"Retries", 3}};
    EXPECT_EQ(body["Healthcheck"], expected);
    const DesiredState desired = Load("services:\n  off:\n    image: nginx\n    healthcheck: {disable: true}\n");
    EXPECT_EQ(ProjectSpecs(desired).ContainerCreateBody(Create("off"), nullptr)["Healthcheck"],
              json({{"Test", {"NONE"}}}));
}

TEST(ContainerSpec, FirstNetworkByPriorityGetsTheEndpointWithAliases) {
    const DesiredState desired = Load(R"(
services:
  web:
    image: nginx
    networks:
      back:
        aliases: [api, api.internal]
        ipv4_address: 172.28.0.10
        mac_address: "02:42:ac:11:00:02"
        driver_opts: {com.example.opt: "1"}
        priority: 100
      front: {}
networks:
  front: {}
  back:
    name: custom-back
    ipam:
      config: [{subnet: 172.28.0.0/16}]
)");
    const ProjectSpecs specs(desired);
    const json body = specs.ContainerCreateBody(Create("web"), nullptr);
    EXPECT_EQ(body["HostConfig"]["NetworkMode"], "custom-back");
    const json endpoint = {{"Aliases", {"web", "api", "api.internal"}},
                           {"IPAMConfig", {{"IPv4Address", "172.28.0.10"}}},
                           {"MacAddress", "02:42:ac:11:00:02"},
                           {"DriverOpts", {{"com.example.opt", "1"}}}};
    EXPECT_EQ(body["NetworkingConfig"], json({{"EndpointsConfig", {{"custom-back", endpoint}}}}));

    EXPECT_EQ(specs.NetworkConnectBody(Create("web"), "c0ffee", "demo_front"),
              json({{"Container", "c0ffee"}, {"EndpointConfig", {{"Aliases", {"web"}}}}}));
    EXPECT_EQ(specs.NetworkConnectBody(Create("web"), "c0ffee", "custom-back")["EndpointConfig"], endpoint);
    EXPECT_THROW(specs.NetworkConnectBody(Create("web"), "c0ffee", "demo_nowhere"), std::invalid_argument);
}

TEST(ContainerSpec, EqualPrioritiesOrderByKeyAndDefaultNetworkIsImplicit) {
    EXPECT_EQ(
        Body("services:\n  web:\n    image: nginx\n    networks: [zeta, alpha]\nnetworks: {zeta: {}, alpha: {}}\n")
            ["HostConfig"]["NetworkMode"],
        "demo_alpha");
    const json body = Body("services:\n  web:\n    image: nginx\n");
    EXPECT_EQ(body["HostConfig"]["NetworkMode"], "demo_default");
    EXPECT_EQ(body["NetworkingConfig"]["EndpointsConfig"]["demo_default"], json({{"Aliases", {"web"}}}));
}

TEST(ContainerSpec, NetworkModeServiceReferencesTheFirstContainer) {
    const DesiredState desired = Load(R"(
services:
  vpn:
    image: vpn
  named:
    image: x
    container_name: the-named-one
  web:
    image: nginx
    network_mode: service:vpn
    ipc: service:named
    pid: host
  host:
    image: nginx
    network_mode: host
)");
    const ProjectSpecs specs(desired);
    const json web = specs.ContainerCreateBody(Create("web"), nullptr);
    EXPECT_EQ(web["HostConfig"]["NetworkMode"], "container:demo-vpn-1");
    EXPECT_EQ(web["HostConfig"]["IpcMode"], "container:the-named-one");
    EXPECT_EQ(web["HostConfig"]["PidMode"], "host");
    EXPECT_FALSE(web.contains("NetworkingConfig"));
    const json host = specs.ContainerCreateBody(Create("host"), nullptr);
    EXPECT_EQ(host["HostConfig"]["NetworkMode"], "host");
    EXPECT_FALSE(host.contains("NetworkingConfig"));
}

TEST(ContainerSpec, ResourcesAndHostSettings) {
    const json host = Body(R"(
services:
  web:
    image: nginx
    mem_limit: 512m
    mem_reservation: 128m
    cpus: 1.5
    pids_limit: 100
    memswap_limit: 1g
    cpu_shares: 512
    cpuset: "0-1"
    shm_size: 64m
    oom_kill_disable: true
    oom_score_adj: -100
    privileged: true
    read_only: true
    init: true
    cap_add: [NET_ADMIN]
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
    group_add: [audio, "1001"]
    tmpfs: ["/run", "/tmp:size=64m,mode=1777"]
    dns: 10.0.0.2
    dns_search: [example.org]
    dns_opt: [ndots:2]
    extra_hosts: ["db.local:10.0.0.5", "v6.local=::1"]
    sysctls: {net.core.somaxconn: 1024}
    ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 512}
    devices: ["/dev/fuse", "/dev/sda:/dev/xvda:r"]
    logging: {driver: json-file, options: {max-size: 10m}}
    runtime: runc
)")["HostConfig"];
    EXPECT_EQ(host["Memory"], 512LL << 20);
    EXPECT_EQ(host["MemoryReservation"], 128LL << 20);
    EXPECT_EQ(host["NanoCpus"], 1'500'000'000LL);
    EXPECT_EQ(host["PidsLimit"], 100);
    EXPECT_EQ(host["MemorySwap"], 1LL << 30);
    EXPECT_EQ(host["CpuShares"], 512);
    EXPECT_EQ(host["CpusetCpus"], "0-1");
    EXPECT_EQ(host["ShmSize"], 64LL << 20);
    EXPECT_EQ(host["OomKillDisable"], true);
    EXPECT_EQ(host["OomScoreAdj"], -100);
    EXPECT_EQ(host["Privileged"], true);
    EXPECT_EQ(host["ReadonlyRootfs"], true);
    EXPECT_EQ(host["Init"], true);
    EXPECT_EQ(host["CapAdd"], json({"NET_ADMIN"}));
    EXPECT_EQ(host["CapDrop"], json({"ALL"}));
    EXPECT_EQ(host["SecurityOpt"], json({"no-new-privileges:true"}));
    EXPECT_EQ(host["GroupAdd"], json({"audio", "1001"}));
    EXPECT_EQ(host["Tmpfs"], json({{"/run", ""}, {"/tmp", "size=64m,mode=1777"}}));
    EXPECT_EQ(host["Dns"], json({"10.0.0.2"}));
    EXPECT_EQ(host["DnsSearch"], json({"example.org"}));
    EXPECT_EQ(host["DnsOptions"], json({"ndots:2"}));
    EXPECT_EQ(host["ExtraHosts"], json({"db.local:10.0.0.5", "v6.local:::1"}));
    EXPECT_EQ(host["Sysctls"], json({{"net.core.somaxconn", "1024"}}));
    EXPECT_EQ(host["Ulimits"],
              json({{{"Name", "nofile"}, {"Soft", 1024}, {"Hard", 2048}},
                    {{"Name", "nproc"}, {"Soft", 512}, {"Hard", 512}}}));
    EXPECT_EQ(host["Devices"],
              json({{{"PathOnHost", "/dev/fuse"}, {"PathInContainer", "/dev/fuse"}, {"CgroupPermissions", "rwm"}},
                    {{"PathOnHost", "/dev/sda"}, {"PathInContainer", "/dev/xvda"}, {"CgroupPermissions", "r"}}}));
    EXPECT_EQ(host["LogConfig"], json({{"Type", "json-file"}, {"Config", {{"max-size", "10m"}}}}));
    EXPECT_EQ(host["Runtime"], "runc");
}

TEST(ContainerSpec, UnsetHostSettingsAreLeftToTheEngine) {
    const json host = Body("services:\n  web:\n    image: nginx\n")["HostConfig"];
    for (const char* field : {"Memory", "NanoCpus", "Binds", "Mounts", "Dns", "Init", "LogConfig", "Ulimits"}) {
        EXPECT_FALSE(host.contains(field)) << field;
    }
    EXPECT_EQ(host["Privileged"], false);
}

}  // namespace
}  // namespace compose::reconcile
