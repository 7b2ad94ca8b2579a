#include "compose/loader/merge.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "compose/loader/load_error.hpp"
#include "compose/loader/merge_keys.hpp"
#include "compose/loader/yaml_writer.hpp"
#include "tests/support/load_error_text.hpp"

namespace compose::loader {
namespace {

using model::Value;

// Test trees are written as JSON; a one-key object {"!reset": X} or {"!override": X} is X with
// that YAML tag, since JSON has no tags.
Value FromJson(const nlohmann::json& json) {
    switch (json.type()) {
        case nlohmann::json::value_t::boolean:
            return Value(json.get<bool>());
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned:
            return Value(json.get<std::int64_t>());
        case nlohmann::json::value_t::number_float:
            return Value(json.get<double>());
        case nlohmann::json::value_t::string:
            return Value(json.get<std::string>());
        case nlohmann::json::value_t::array: {
            Value seq = Value::MakeSeq();
            for (const auto& item : json) {
                seq.AsSeq().push_back(FromJson(item));
            }
            return seq;
        }
        case nlohmann::json::value_t::object: {
            if (json.size() == 1 && (json.contains("!reset") || json.contains("!override"))) {
                Value tagged = FromJson(json.begin().value());
                tagged.tag = json.begin().key();
                return tagged;
            }
            Value map = Value::MakeMap();
            for (const auto& [key, item] : json.items()) {
                map.AsMap().emplace(key, FromJson(item));
            }
            return map;
        }
        default:
            return Value();
    }
}

Value V(std::string_view json) {
    return FromJson(nlohmann::json::parse(json));
}

// One-line JSON of a tree, for failure messages.
std::string Dump(const Value& value) {
    std::string text = WriteJson(value, WriteOptions{.escape_dollars = false});
    text.erase(std::remove(text.begin(), text.end(), '\n'), text.end());
    return text;
}

/// Merges project `override` over project `base` and compares with `expected`.
void ExpectProjectMerge(std::string_view base, std::string_view override, std::string_view expected) {
    Value merged = V(base);
    MergeProject(merged, V(override));
    EXPECT_TRUE(merged == V(expected)) << "got:      " << Dump(merged) << "\nexpected: " << Dump(V(expected));
}

/// The same for one service's attributes (wrapped as services.web).
void ExpectServiceMerge(std::string_view base, std::string_view override, std::string_view expected) {
    auto wrap = [](std::string_view service) { return R"({"services": {"web": )" + std::string(service) + "}}"; };
    ExpectProjectMerge(wrap(base), wrap(override), wrap(expected));
}

std::string MergeError(std::string_view base, std::string_view override) {
    Value merged = V(base);
    const std::string message = test_support::LoadErrorMessage([&] { MergeProject(merged, V(override)); });
    return message.empty() ? "no error" : message;
}

TEST(Merge, MappingsMergeByKeyAndScalarsAreReplaced) {
    ExpectServiceMerge(R"({"key1": "value1", "key2": "value2", "deploy": {"replicas": 1, "mode": "replicated"}})",
                       R"({"key2": "VALUE", "key3": "value3", "deploy": {"replicas": 3}})",
                       R"({"key1": "value1", "key2": "VALUE", "key3": "value3",
                           "deploy": {"replicas": 3, "mode": "replicated"}})");
}

TEST(Merge, SequencesAppend) {
    ExpectServiceMerge(R"({"security_opt": ["label:disable"], "DNS": ["1.1.1.1"]})",
                       R"({"security_opt": ["no-new-privileges"], "DNS": ["8.8.8.8"]})",
                       R"({"security_opt": ["label:disable", "no-new-privileges"], "DNS": ["1.1.1.1", "8.8.8.8"]})");
}

TEST(Merge, CommandAndEntrypointAreReplaced) {
    ExpectServiceMerge(R"({"command": ["echo", "foo"], "entrypoint": "/bin/sh -c"})",
                       R"({"command": ["echo", "bar"], "entrypoint": ["/init"]})",
                       R"({"command": ["echo", "bar"], "entrypoint": ["/init"]})");
}

TEST(Merge, HealthcheckTestIsReplacedButOtherFieldsMerge) {
    ExpectServiceMerge(
        R"({"healthcheck": {"test": ["CMD", "true"], "interval": "10s", "retries": 3}})",
        R"({"healthcheck": {"test": ["CMD-SHELL", "curl -f localhost"], "interval": "5s"}})",
        R"({"healthcheck": {"test": ["CMD-SHELL", "curl -f localhost"], "interval": "5s", "retries": 3}})");
}

TEST(Merge, EnvironmentMergesListAndMapIntoMap) {
    ExpectServiceMerge(R"({"environment": ["A=1", "B=2", "C"]})",
                       R"({"environment": {"B": "3", "D": null, "E": 5}})",
                       R"({"environment": {"A": "1", "B": "3", "C": null, "D": null, "E": 5}})");
    ExpectServiceMerge(R"({"environment": {"A": "1", "B": "2"}})",
                       R"({"environment": ["B=", "C=x=y"]})",
                       R"({"environment": {"A": "1", "B": "", "C": "x=y"}})");
}

TEST(Merge, LabelsSplitAtTheFirstEquals) {
    ExpectServiceMerge(
        R"({"labels": ["a=b=c", "keep=1"]})", R"({"labels": ["a=d"]})", R"({"labels": {"a": "d", "keep": "1"}})");
    ExpectServiceMerge(
        R"({"labels": {"x": "1"}})", R"({"labels": ["a=b=c"]})", R"({"labels": {"a": "b=c", "x": "1"}})");
}

TEST(Merge, OtherKeyValueAttributesMergeAsMaps) {
    ExpectServiceMerge(
        R"({"build": {"args": ["A=1", "B"], "labels": {"l": "1"}}, "deploy": {"labels": ["d=1"]},
            "annotations": ["an=1"], "sysctls": ["net.core.somaxconn=1024"]})",
        R"({"build": {"args": {"B": "2"}, "labels": ["m=2"]}, "deploy": {"labels": {"d": "2"}},
            "annotations": {"an2": "x"}, "sysctls": {"net.ipv4.ip_forward": 1}})",
        R"({"build": {"args": {"A": "1", "B": "2"}, "labels": {"l": "1", "m": "2"}}, "deploy": {"labels": {"d": "2"}},
            "annotations": {"an": "1", "an2": "x"},
            "sysctls": {"net.core.somaxconn": "1024", "net.ipv4.ip_forward": 1}})");
}

TEST(Merge, TopLevelNetworkAndVolumeLabelsMergeAsMaps) {
    ExpectProjectMerge(
        R"({"networks": {"n": {"driver": "bridge", "labels": ["a=1"]}}, "volumes": {"v": {"labels": ["x=1"]}}})",
        R"({"networks": {"n": {"labels": {"b": "2"}, "driver_opts": {"mtu": "1400"}}},
                           "volumes": {"v": {"labels": ["x=2"]}}})",
        R"({"networks": {"n": {"driver": "bridge", "labels": {"a": "1", "b": "2"}, "driver_opts": {"mtu": "1400"}}},
                           "volumes": {"v": {"labels": {"x": "2"}}}})");
}

TEST(Merge, ExtraHostsMergeByHost) {
    ExpectServiceMerge(R"({"extra_hosts": ["db:10.0.0.1", "v6:::1", "keep=10.0.0.9"]})",
                       R"({"extra_hosts": ["db=10.0.0.2"]})",
                       R"({"extra_hosts": {"db": "10.0.0.2", "keep": "10.0.0.9", "v6": "::1"}})");
    // Several addresses for one host in one file are all kept.
    ExpectServiceMerge(R"({"extra_hosts": {"a": "1.1.1.1"}})",
                       R"({"extra_hosts": ["h:1.1.1.1", "h:::1"]})",
                       R"({"extra_hosts": {"a": "1.1.1.1", "h": ["1.1.1.1", "::1"]}})");
}

TEST(Merge, PortsDeduplicateAcrossShortAndLongSyntax) {
    ExpectServiceMerge(R"({"ports": ["8080:80", "443", "53:53/udp"]})",
                       R"({"ports": [{"target": 80, "published": "8080", "mode": "host"}, "53:53", "9090:90"]})",
                       R"({"ports": [{"target": 80, "published": "8080", "mode": "host"}, "443", "53:53/udp", "53:53",
                                     "9090:90"]})");
    // A different host ip is a different binding; the same one (bracketed IPv6 or not) is not.
    ExpectServiceMerge(R"({"ports": ["[::1]:80:80", "127.0.0.1:80:80"]})",
                       R"({"ports": [{"host_ip": "::1", "target": 80, "published": 80, "protocol": "tcp"}, "80:80"]})",
                       R"({"ports": [{"host_ip": "::1", "target": 80, "published": 80, "protocol": "tcp"},
                                     "127.0.0.1:80:80", "80:80"]})");
}

TEST(MergeKeys, PortKeysParseEveryShortForm) {
    EXPECT_EQ(PortMergeKey(V(R"("80")"), "ports"), "||80|tcp");
    EXPECT_EQ(PortMergeKey(Value(80), "ports"), "||80|tcp");
    EXPECT_EQ(PortMergeKey(V(R"("8080:80")"), "ports"), "|8080|80|tcp");
    EXPECT_EQ(PortMergeKey(V(R"("127.0.0.1::80")"), "ports"), "127.0.0.1||80|tcp");
    EXPECT_EQ(PortMergeKey(V(R"("[::1]:8080:80/UDP")"), "ports"), "::1|8080|80|udp");
    EXPECT_EQ(PortMergeKey(V(R"("::1:8080:80")"), "ports"), "::1|8080|80|tcp");
    EXPECT_EQ(PortMergeKey(V(R"("8000-8001:80-81/sctp")"), "ports"), "|8000-8001|80-81|sctp");
    EXPECT_EQ(PortMergeKey(V(R"({"target": 80})"), "ports"), "||80|tcp");
    EXPECT_EQ(PortMergeKey(V(R"({"target": 80, "published": "8000-8001", "host_ip": "10.0.0.1", "protocol": "UDP"})"),
                           "ports"),
              "10.0.0.1|8000-8001|80|udp");
}

TEST(Merge, VolumesDeduplicateByTarget) {
    ExpectServiceMerge(R"({"volumes": ["foo:/work", "/cache", {"type": "bind", "source": "./a", "target": "/b"}]})",
                       R"({"volumes": ["bar:/work", "./c:/b:ro", {"type": "volume", "target": "/cache"}]})",
                       R"({"volumes": ["bar:/work", {"type": "volume", "target": "/cache"}, "./c:/b:ro"]})");
}

TEST(Merge, SecretsAndConfigsDeduplicateByTarget) {
    ExpectServiceMerge(
        R"({"secrets": ["s1", {"source": "s2", "target": "/etc/s2"}], "configs": ["c1", {"source": "c2"}]})",
        R"({"secrets": [{"source": "s1", "target": "/run/secrets/s1", "mode": 256}, {"source": "s3", "target": "/etc/s2"}],
            "configs": [{"source": "c1", "target": "/c1", "uid": "0"}, "c3", {"source": "c4", "target": "/c2"}]})",
        R"({"secrets": [{"source": "s1", "target": "/run/secrets/s1", "mode": 256}, {"source": "s3", "target": "/etc/s2"}],
            "configs": [{"source": "c1", "target": "/c1", "uid": "0"}, {"source": "c4", "target": "/c2"}, "c3"]})");
}

TEST(Merge, PlainListsDeduplicateByValue) {
    ExpectServiceMerge(
        R"({"expose": [80, "443"], "dns": "8.8.8.8", "dns_search": ["a.example"], "dns_opt": ["ndots:2"],
            "cap_add": ["NET_ADMIN"], "cap_drop": ["ALL"], "profiles": ["debug"], "tmpfs": "/run",
            "links": ["db"], "label_file": "a.labels"})",
        R"({"expose": ["80", 8080], "dns": ["8.8.8.8", "1.1.1.1"], "dns_search": "a.example", "dns_opt": ["ndots:2"],
            "cap_add": ["NET_ADMIN", "SYS_TIME"], "cap_drop": ["ALL"], "profiles": ["debug", "ops"],
            "tmpfs": ["/tmp", "/run"], "links": ["db:database"], "label_file": ["a.labels", "b.labels"]})",
        R"({"expose": ["80", "443", 8080], "dns": ["8.8.8.8", "1.1.1.1"], "dns_search": ["a.example"],
            "dns_opt": ["ndots:2"], "cap_add": ["NET_ADMIN", "SYS_TIME"], "cap_drop": ["ALL"],
            "profiles": ["debug", "ops"], "tmpfs": ["/run", "/tmp"], "links": ["db", "db:database"],
            "label_file": ["a.labels", "b.labels"]})");
}

TEST(Merge, EnvFilesDeduplicateByPath) {
    ExpectServiceMerge(R"({"env_file": ["a.env", {"path": "b.env"}]})",
                       R"({"env_file": [{"path": "a.env", "required": false}, "c.env"]})",
                       R"({"env_file": [{"path": "a.env", "required": false}, {"path": "b.env"}, "c.env"]})");
    ExpectServiceMerge(R"({"env_file": "a.env"})", R"({"env_file": "a.env"})", R"({"env_file": ["a.env"]})");
}

TEST(Merge, DevicesDeduplicateByContainerPath) {
    ExpectServiceMerge(R"({"devices": ["/dev/sda:/dev/xvda:rwm", "/dev/fuse"]})",
                       R"({"devices": ["/dev/sdb:/dev/xvda", {"source": "/dev/fuse", "permissions": "r"}]})",
                       R"({"devices": ["/dev/sdb:/dev/xvda", {"source": "/dev/fuse", "permissions": "r"}]})");
}

TEST(Merge, ServiceNetworksMergeAsMaps) {
    ExpectServiceMerge(R"({"networks": ["front", "back"]})",
                       R"({"networks": {"back": {"aliases": ["db"]}, "extra": null}})",
                       R"({"networks": {"front": null, "back": {"aliases": ["db"]}, "extra": null}})");
    ExpectServiceMerge(R"({"networks": {"n": {"aliases": ["a", "b"], "priority": 1}}})",
                       R"({"networks": ["n", "m"]})",
                       R"({"networks": {"n": {"aliases": ["a", "b"], "priority": 1}, "m": null}})");
    ExpectServiceMerge(R"({"networks": {"n": {"aliases": ["a", "b"], "ipv4_address": "10.0.0.2"}}})",
                       R"({"networks": {"n": {"aliases": ["b", "c"], "ipv4_address": "10.0.0.3"}}})",
                       R"({"networks": {"n": {"aliases": ["a", "b", "c"], "ipv4_address": "10.0.0.3"}}})");
}

TEST(Merge, DependsOnShortFormMeansServiceStartedAndRequired) {
    ExpectServiceMerge(
        R"({"depends_on": ["db"]})",
        R"({"depends_on": {"db": {"condition": "service_healthy"}, "cache": {"condition": "service_started"}}})",
        R"({"depends_on": {"db": {"condition": "service_healthy", "required": true},
                                          "cache": {"condition": "service_started"}}})");
    // As in compose-go, a later short form restates the defaults over the earlier fields.
    ExpectServiceMerge(
        R"({"depends_on": {"db": {"condition": "service_healthy", "restart": true}}})",
        R"({"depends_on": ["db"]})",
        R"({"depends_on": {"db": {"condition": "service_started", "required": true, "restart": true}}})");
}

TEST(Merge, LoggingOptionsMergeOnlyForTheSameDriver) {
    ExpectServiceMerge(R"({"logging": {"driver": "json-file", "options": {"max-size": "1m", "max-file": "3"}}})",
                       R"({"logging": {"driver": "json-file", "options": {"max-size": "5m"}}})",
                       R"({"logging": {"driver": "json-file", "options": {"max-size": "5m", "max-file": "3"}}})");
    ExpectServiceMerge(R"({"logging": {"driver": "json-file", "options": {"max-size": "1m"}}})",
                       R"({"logging": {"driver": "syslog", "options": {"syslog-address": "udp://1.2.3.4:514"}}})",
                       R"({"logging": {"driver": "syslog", "options": {"syslog-address": "udp://1.2.3.4:514"}}})");
    ExpectServiceMerge(R"({"logging": {"driver": "json-file", "options": {"max-size": "1m"}}})",
                       R"({"logging": {"options": {"max-file": "2"}}})",
                       R"({"logging": {"driver": "json-file", "options": {"max-size": "1m", "max-file": "2"}}})");
}

TEST(Merge, BuildStringIsTheContext) {
    ExpectServiceMerge(R"({"build": "./app"})",
                       R"({"build": {"dockerfile": "Dockerfile.dev", "args": ["A=1"]}})",
                       R"({"build": {"context": "./app", "dockerfile": "Dockerfile.dev", "args": {"A": "1"}}})");
    ExpectServiceMerge(R"({"build": {"context": "./app", "target": "prod"}})",
                       R"({"build": "./other"})",
                       R"({"build": {"context": "./other", "target": "prod"}})");
}

TEST(Merge, UlimitsAreReplacedPerName) {
    ExpectServiceMerge(R"({"ulimits": {"nofile": {"soft": 1024, "hard": 2048}, "nproc": 10, "core": 0}})",
                       R"({"ulimits": {"nofile": {"soft": 4096}, "nproc": {"soft": 5, "hard": 6}}})",
                       R"({"ulimits": {"nofile": {"soft": 4096}, "nproc": {"soft": 5, "hard": 6}, "core": 0}})");
}

TEST(Merge, TopLevelResourcesMergeByKeyAndTheLastNameWins) {
    ExpectProjectMerge(
        R"({"name": "first", "networks": {"n": {"driver": "bridge"}}, "volumes": {"v": {"driver": "local"}},
            "secrets": {"s": {"file": "./s"}}, "configs": {"c": {"file": "./c"}}, "x-common": {"a": 1}})",
        R"({"name": "second", "networks": {"n": {"name": "custom"}, "m": {}}, "volumes": {"v": {"external": true}},
            "secrets": {"s": {"file": "./t"}}, "configs": {"d": {"content": "x"}}, "x-common": {"b": 2}})",
        R"({"name": "second", "networks": {"n": {"driver": "bridge", "name": "custom"}, "m": {}},
            "volumes": {"v": {"driver": "local", "external": true}}, "secrets": {"s": {"file": "./t"}},
            "configs": {"c": {"file": "./c"}, "d": {"content": "x"}}, "x-common": {"a": 1, "b": 2}})");
}

TEST(Merge, NullOverrideKeepsTheBase) {
    ExpectServiceMerge(R"({"networks": ["runtime"], "image": "foo"})",
                       R"({"networks": null})",
                       R"({"networks": ["runtime"], "image": "foo"})");
    ExpectServiceMerge(R"({"depends_on": null})",
                       R"({"depends_on": ["runtime"]})",
                       R"({"depends_on": {"runtime": {"condition": "service_started", "required": true}}})");
}

TEST(Merge, ResetRemovesTheKey) {
    // The specification's example (13-merge.md, "Reset value").
    ExpectServiceMerge(R"({"image": "myapp", "ports": ["8080:80"], "environment": {"FOO": "BAR"}})",
                       R"({"image": "myapp", "ports": {"!reset": []}, "environment": {"FOO": {"!reset": null}}})",
                       R"({"image": "myapp", "environment": {}})");
    ExpectServiceMerge(R"({"environment": ["FOO=BAR", "KEEP=1"], "build": {"context": ".", "args": {"A": "1"}}})",
                       R"({"environment": {"FOO": {"!reset": null}}, "build": {"args": {"!reset": {}}}})",
                       R"({"environment": {"KEEP": "1"}, "build": {"context": "."}})");
}

TEST(Merge, ResetOnAServiceRemovesIt) {
    ExpectProjectMerge(R"({"services": {"web": {"image": "a"}, "db": {"image": "b"}}})",
                       R"({"services": {"web": {"!reset": null}}})",
                       R"({"services": {"db": {"image": "b"}}})");
}

TEST(Merge, ResetWithoutABaseValueLeavesNothing) {
    ExpectProjectMerge(R"(null)",
                       R"({"services": {"web": {"image": "a", "ports": {"!reset": ["80"]}, "x-gone": {"!reset": 1}}}})",
                       R"({"services": {"web": {"image": "a"}}})");
}

TEST(Merge, OverrideReplacesWithoutMerging) {
    ExpectServiceMerge(R"({"image": "myapp", "ports": ["8080:80"], "environment": ["A=1"]})",
                       R"({"ports": {"!override": ["8443:443"]}, "environment": {"!override": ["B=2"]}})",
                       R"({"image": "myapp", "ports": ["8443:443"], "environment": ["B=2"]})");
    ExpectProjectMerge(R"({"services": {"web": {"image": "a", "ports": ["80"]}}})",
                       R"({"services": {"web": {"!override": {"image": "b", "x-gone": {"!reset": 1}}}}})",
                       R"({"services": {"web": {"image": "b"}}})");
}

TEST(Merge, StoredValuesHaveNoTags) {
    Value merged = V(R"({"services": {"web": {"ports": ["80"]}}})");
    MergeProject(merged,
                 V(R"({"services": {"web": {"ports": {"!override": ["81"]}, "x-a": {"!override": {"b": 1}}}}})"));
    const Value& web = merged.AsMap().at("services").AsMap().at("web");
    EXPECT_EQ(web.AsMap().at("ports").tag, "");
    EXPECT_EQ(web.AsMap().at("x-a").tag, "");
    EXPECT_TRUE(web.AsMap().at("ports") == V(R"(["81"])"));
}

TEST(Merge, FirstFileIsMergedIntoNothing) {
    // Merging into a null base applies the same rules, so forms do not depend on file order.
    ExpectProjectMerge(
        R"(null)",
        R"({"services": {"web": {"environment": ["A=1"], "ports": ["80:80", {"target": 80, "published": 80}],
                                                "build": "."}}})",
        R"({"services": {"web": {"environment": {"A": "1"}, "ports": [{"target": 80, "published": 80}],
                                                "build": {"context": "."}}}})");
}

TEST(Merge, MarksFollowTheValueThatWins) {
    auto file = std::make_shared<const std::string>("compose.yaml");
    Value base = V(R"({"image": "a", "user": "root", "environment": ["A=1"]})");
    base.AsMap().at("user").mark = {file, 3, 11};
    base.AsMap().at("environment").AsSeq()[0].mark = {file, 5, 9};
    Value override = V(R"({"image": "b", "environment": ["B=2"]})");
    override.AsMap().at("image").mark = {file, 9, 12};
    MergeService(base, override);
    EXPECT_EQ(base.AsMap().at("image").mark.line, 9);
    EXPECT_EQ(base.AsMap().at("user").mark.line, 3);
    const Value& a = base.AsMap().at("environment").AsMap().at("A");
    EXPECT_EQ(a.mark.ToString(), "compose.yaml:5:9");
    EXPECT_EQ(a.key_mark.ToString(), "compose.yaml:5:9");
}

TEST(Merge, ServiceMergeIsWhatExtendsUses) {
    Value base = V(R"({"image": "base", "environment": {"A": "1"}, "ports": ["80"]})");
    MergeService(base, V(R"({"environment": ["B=2"], "ports": [80, "81"], "command": "run"})"));
    EXPECT_TRUE(base == V(R"({"image": "base", "environment": {"A": "1", "B": "2"}, "ports": [80, "81"],
                               "command": "run"})"))
        << Dump(base);
}

TEST(Merge, MismatchedFormsAreAnError) {
    EXPECT_EQ(MergeError(R"({"x-a": {"b": 1}})", R"({"x-a": [1]})"),
              "x-a: cannot merge array into object; write both files in the same form, or tag the later value "
              "!override to replace the earlier one");
    EXPECT_EQ(MergeError(R"({"services": {"web": {"ports": ["80"]}}})", R"({"services": {"web": {"ports": "81"}}})"),
              "no error");
    EXPECT_EQ(
        MergeError(R"({"services": {"web": {"cap_add": ["A"]}}})", R"({"services": {"web": {"cap_add": {"B": 1}}}})"),
        "services.web.cap_add: expected a list or a single value, found object");
}

TEST(Merge, EntriesWithoutTheirKeyAreAnError) {
    EXPECT_EQ(MergeError(R"({"services": {"web": {"ports": ["80"]}}})",
                         R"({"services": {"web": {"ports": [{"published": "8080"}]}}})"),
              "services.web.ports: a port in long syntax needs a target; add `target: <container port>`");
    EXPECT_EQ(MergeError(R"({"services": {"web": {"extra_hosts": ["a:1.1.1.1"]}}})",
                         R"({"services": {"web": {"extra_hosts": ["nohost"]}}})"),
              "services.web.extra_hosts: \"nohost\" has no IP address; write it as host:ip or host=ip");
    EXPECT_EQ(MergeError(R"(null)", R"({"services": {"web": {"volumes": [{"type": "tmpfs"}]}}})"),
              "services.web.volumes: a volume needs a container path; write \"src:/path\" or add `target: /path`");

    Value service = V(R"({"ports": ["80"]})");
    try {
        MergeService(service, V(R"({"ports": [{"published": "8080"}]})"));
        FAIL() << "no error";
    } catch (const LoadError& error) {
        EXPECT_EQ(error.message(), "ports: a port in long syntax needs a target; add `target: <container port>`");
    }
}

TEST(Merge, TopLevelMustBeAMapping) {
    EXPECT_EQ(MergeError(R"(null)", R"(["a"])"), "a compose file must be a mapping at the top level, found array");
}

TEST(Merge, ConstOverrideIsCopiedAndLeftUnchanged) {
    const Value override = V(R"({"services": {"web": {"environment": ["A=1"], "ports": ["80"], "x": {"!reset": 1}}}})");
    const Value before = override;
    Value merged = V(R"({"services": {"web": {"environment": {"B": "2"}, "x": 2}}})");
    MergeProject(merged, override);
    EXPECT_TRUE(override == before);
    EXPECT_TRUE(merged == V(R"({"services": {"web": {"environment": {"A": "1", "B": "2"}, "ports": ["80"]}}})"))
        << Dump(merged);
}

TEST(Merge, ServiceConstAndMovedOverridesAgree) {
    const Value base = V(R"({"labels": ["a=1"], "dns": "8.8.8.8", "build": "./app"})");
    const Value override = V(R"({"labels": {"b": "2"}, "dns": ["8.8.8.8", "1.1.1.1"], "build": {"target": "dev"}})");
    const Value expected = V(R"({"labels": {"a": "1", "b": "2"}, "dns": ["8.8.8.8", "1.1.1.1"],
                                 "build": {"context": "./app", "target": "dev"}})");
    Value copied = base;
    MergeService(copied, override);
    Value moved = base;
    MergeService(moved, Value(override));
    EXPECT_TRUE(copied == expected) << Dump(copied);
    EXPECT_TRUE(moved == expected) << Dump(moved);
}

TEST(Merge, LongUniqueListsDeduplicateInPlace) {
    // More entries than a short list holds: the later duplicate still replaces in place.
    std::string base = "[";
    std::string expected = "[";
    for (int i = 0; i < 20; ++i) {
        base += (i == 0 ? "" : ", ") + std::string("\"") + std::to_string(i) + "\"";
        expected += (i == 0 ? "" : ", ") + (i == 3 ? std::string("3") : "\"" + std::to_string(i) + "\"");
    }
    ExpectServiceMerge(
        R"({"expose": )" + base + "]}", R"({"expose": [3, "20"]})", R"({"expose": )" + expected + R"(, "20"]})");
}

TEST(Merge, TagsInsideNewSubtreesAreApplied) {
    ExpectServiceMerge(R"({"image": "a"})",
                       R"({"deploy": {"labels": ["x=1"], "resources": {"limits": {"cpus": {"!override": "1"}},
                           "gone": {"!reset": null}}}, "healthcheck": {"test": {"!override": ["CMD", "true"]}}})",
                       R"({"image": "a", "deploy": {"labels": {"x": "1"}, "resources": {"limits": {"cpus": "1"}}},
                           "healthcheck": {"test": ["CMD", "true"]}})");
}

}  // namespace
}  // namespace compose::loader
