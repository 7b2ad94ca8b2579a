// One service into its canonical form; the bigger topics live in normalize_{environment,
// ports,volumes,resources}.cpp.

#include <charconv>
#include <set>

#include "compose/loader/normalize_internal.hpp"
#include "compose/loader/relative_paths.hpp"

namespace compose::loader::normalize_internal {
namespace {

void SplitCommand(Value* command, const std::string& where) {
    if (command == nullptr || !command->IsString()) {
        return;
    }
    try {
        Value::Seq words;
        for (std::string& word : SplitShellWords(command->AsString())) {
            words.push_back(Derived(Value(std::move(word)), *command));
        }
        Replace(*command, Value(std::move(words)));
    } catch (const ShellWordsError& error) {
        Fail(*command,
             where + ": can't split " + Quoted(command->AsString()) + " into words: " + error.what() +
                 "; quote it, or use the list form [\"sh\", \"-c\", \"...\"] to run it in a shell");
    }
}

void NormalizeDuration(Value* field, const std::string& where) {
    if (field == nullptr || field->IsNull()) {
        return;
    }
    const std::string text = ScalarString(*field);
    const std::optional<std::int64_t> nanoseconds = ParseDuration(text);
    if (!nanoseconds) {
        Fail(*field,
             where + ": invalid duration " + Quoted(text) +
                 "; use a number with a unit (ns, us, ms, s, m, h, d, w), like 1m30s");
    }
    Replace(*field, Value(FormatDuration(*nanoseconds)));
}

void NormalizeHealthcheck(Value& service, const std::string& path) {
    Value* healthcheck = service.Find("healthcheck");
    if (healthcheck == nullptr || !healthcheck->IsMap()) {
        return;
    }
    if (Value* test = healthcheck->Find("test"); test != nullptr && test->IsString()) {
        Replace(*test, Value(Value::Seq{Derived(Value("CMD-SHELL"), *test), *test}));
    }
    for (const char* key : {"interval", "timeout", "start_period", "start_interval"}) {
        NormalizeDuration(healthcheck->Find(key), path + ".healthcheck." + key);
    }
    if (Value* retries = healthcheck->Find("retries"); retries != nullptr && retries->IsString()) {
        std::int64_t count = 0;
        const std::string& text = retries->AsString();
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
        if (error != std::errc() || end != text.data() + text.size()) {
            Fail(*retries, path + ".healthcheck.retries: invalid number " + Quoted(text) + "; use a whole number");
        }
        Replace(*retries, Value(count));
    }
}

// secrets, configs, build.secrets: a bare name is {source: name}.
void NormalizeFileMounts(Value* mounts) {
    if (mounts == nullptr || !mounts->IsSeq()) {
        return;
    }
    for (Value& entry : mounts->AsSeq()) {
        if (entry.IsString()) {
            Value long_form = Derived(Value::MakeMap(), entry);
            long_form["source"] = entry;
            entry = std::move(long_form);
        }
    }
}

void NormalizeUlimits(Value* ulimits, const std::string& where) {
    if (ulimits == nullptr || !ulimits->IsMap()) {
        return;
    }
    for (auto& [name, limit] : ulimits->AsMap()) {
        if (limit.IsMap()) {
            continue;
        }
        std::int64_t number = 0;
        const std::string text = ScalarString(limit);
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (error != std::errc() || end != text.data() + text.size()) {
            Fail(limit, where + "." + name + ": invalid limit " + Quoted(text) + "; use a number or {soft, hard}");
        }
        Value both = Derived(Value::MakeMap(), limit);
        both.key_mark = limit.key_mark;
        both["soft"] = Derived(Value(number), limit);
        both["hard"] = Derived(Value(number), limit);
        limit = std::move(both);
    }
}

// "host=ip", "host:ip" (IPv6 "host:::1"), several IPs comma-separated, "[::1]" unbracketed.
void AppendHost(const Value& at,
                const std::string& where,
                const std::string& host,
                const std::string& ips,
                std::vector<std::string>& out) {
    if (host.empty() || host.find_first_of(":=") != std::string::npos) {
        Fail(at, where + ": bad host name " + Quoted(host) + "; expected HOST=IP");
    }
    for (std::size_t start = 0;;) {
        const std::size_t comma = ips.find(',', start);
        std::string ip = ips.substr(start, comma - start);
        if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']') {
            ip = ip.substr(1, ip.size() - 2);
        }
        if (ip.empty()) {
            Fail(at, where + ": host " + Quoted(host) + " has no IP address; expected HOST=IP");
        }
        out.push_back(host + "=" + ip);
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
}

void NormalizeExtraHosts(Value& service, const std::string& path) {
    Value* hosts = service.Find("extra_hosts");
    if (hosts == nullptr || hosts->IsNull()) {
        return;
    }
    const std::string where = path + ".extra_hosts";
    std::vector<std::string> entries;
    std::vector<const Value*> origins;
    if (hosts->IsSeq()) {
        for (const Value& entry : hosts->AsSeq()) {
            const std::string text = ScalarString(entry);
            std::size_t cut = text.find('=');
            if (cut == std::string::npos) {
                cut = text.find(':');
            }
            if (cut == std::string::npos) {
                Fail(entry, where + ": invalid extra host " + Quoted(text) + "; expected HOST=IP");
            }
            AppendHost(entry, where, text.substr(0, cut), text.substr(cut + 1), entries);
            origins.resize(entries.size(), &entry);
        }
    } else if (hosts->IsMap()) {
        for (const auto& [host, ips] : hosts->AsMap()) {
            for (const Value& ip : ips.IsSeq() ? ips.AsSeq() : Value::Seq{ips}) {
                AppendHost(ips, where, host, ScalarString(ip), entries);
                origins.resize(entries.size(), &ips);
            }
        }
    }
    Value::Seq list;
    std::set<std::string, std::less<>> seen;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (seen.insert(entries[i]).second) {
            list.push_back(Derived(Value(entries[i]), *origins[i]));
        }
    }
    Replace(*hosts, Value(std::move(list)));
}

void NormalizeNetworks(Value& service) {
    Value* networks = service.Find("networks");
    if (networks != nullptr && networks->IsSeq()) {
        Value map = Derived(Value::MakeMap(), *networks);
        map.key_mark = networks->key_mark;
        for (const Value& entry : networks->AsSeq()) {
            Value& slot = map[ScalarString(entry)];
            slot.mark = entry.mark;
            slot.key_mark = entry.mark;
        }
        *networks = std::move(map);
    }
    if ((networks == nullptr || networks->IsNull()) && service.Find("network_mode") == nullptr) {
        service["networks"] = Value::MakeMap();
        service["networks"]["default"] = Value();
    }
}

}  // namespace

void NormalizeBuild(Value& service, const std::string& path, const NormalizeContext& ctx) {
    Value* build = service.Find("build");
    if (build == nullptr) {
        return;
    }
    if (build->IsString()) {
        Value long_form = Derived(Value::MakeMap(), *build);
        long_form.key_mark = build->key_mark;
        long_form["context"] = *build;
        *build = std::move(long_form);
    }
    if (!build->IsMap()) {
        return;
    }
    Value& context = (*build)["context"];
    if (context.IsNull()) {
        context = Derived(Value("."), *build);
    }
    if (context.IsString() && !IsRemoteContext(context.AsString())) {
        Replace(context, Value(HostPath(context, path + ".build.context", context.AsString(), ctx)));
    }
    if (build->Find("dockerfile") == nullptr && build->Find("dockerfile_inline") == nullptr) {
        (*build)["dockerfile"] = Derived(Value("Dockerfile"), *build);
    }
    if (Value* args = build->Find("args"); args != nullptr) {
        ListOrDictToEnvironment(*args, ctx);
    }
    if (Value* labels = build->Find("labels"); labels != nullptr) {
        ListOrDictToStrings(*labels);
    }
    NormalizeFileMounts(build->Find("secrets"));
    NormalizeUlimits(build->Find("ulimits"), path + ".build.ulimits");
}

void NormalizeService(Value& service, const std::string& name, const NormalizeContext& ctx) {
    if (!service.IsMap()) {
        return;
    }
    const std::string path = "services." + name;
    NormalizeBuild(service, path, ctx);
    SplitCommand(service.Find("command"), path + ".command");
    SplitCommand(service.Find("entrypoint"), path + ".entrypoint");
    NormalizeEnvironment(service, path, ctx);
    for (const char* key : {"labels", "annotations", "sysctls"}) {
        if (Value* field = service.Find(key); field != nullptr) {
            ListOrDictToStrings(*field);
        }
    }
    if (Value* deploy_labels = service.Find("deploy") == nullptr ? nullptr : service.Find("deploy")->Find("labels")) {
        ListOrDictToStrings(*deploy_labels);
    }
    NormalizePorts(service, path);
    NormalizeExpose(service);
    NormalizeVolumes(service, path, ctx);
    StringToList(service.Find("dns"));
    StringToList(service.Find("dns_search"));
    NormalizeNetworks(service);
    NormalizeDependencies(service);
    NormalizeHealthcheck(service, path);
    NormalizeDuration(service.Find("stop_grace_period"), path + ".stop_grace_period");
    NormalizeResources(service, path);
    NormalizeUlimits(service.Find("ulimits"), path + ".ulimits");
    NormalizeExtraHosts(service, path);
    NormalizeFileMounts(service.Find("secrets"));
    NormalizeFileMounts(service.Find("configs"));
    if (Value* pull_policy = service.Find("pull_policy");
        pull_policy != nullptr && pull_policy->IsString() && pull_policy->AsString() == "if_not_present") {
        Replace(*pull_policy, Value("missing"));
    }
}

}  // namespace compose::loader::normalize_internal
