#include "compose/loader/merge_keys.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>
#include <vector>

#include "compose/loader/load_error.hpp"

namespace compose::loader {
namespace {

using model::Value;

std::vector<std::string_view> Split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t pos = text.find(separator); pos != std::string_view::npos; pos = text.find(separator, start)) {
        parts.push_back(text.substr(start, pos - start));
        start = pos + 1;
    }
    parts.push_back(text.substr(start));
    return parts;
}

std::string Lowercase(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

/// Text of an optional scalar field of a long-syntax entry; `fallback` when absent or null.
std::string FieldText(const Value& entry, std::string_view field, std::string_view fallback) {
    const Value* value = entry.Find(field);
    return value != nullptr && value->IsScalar() && !value->IsNull() ? value->ScalarText() : std::string(fallback);
}

std::string JoinKey(std::string_view ip, std::string_view published, std::string_view target, std::string_view proto) {
    std::string key(ip);
    key.append("|").append(published).append("|").append(target).append("|").append(proto);
    return key;
}

std::string ShortPortKey(std::string_view text) {
    std::string protocol = "tcp";
    if (auto slash = text.rfind('/'); slash != std::string_view::npos) {
        protocol = Lowercase(text.substr(slash + 1));
        text = text.substr(0, slash);
    }
    // Split from the right, as Docker does: the last part is the container port, the one before
    // it the host port, and whatever precedes those (colons included, for IPv6) the host ip.
    auto parts = Split(text, ':');
    std::string_view target = parts.back();
    std::string_view published = parts.size() >= 2 ? parts[parts.size() - 2] : std::string_view();
    std::string_view ip;
    if (parts.size() >= 3) {
        ip = text.substr(0, text.size() - target.size() - published.size() - 2);
    }
    if (ip.size() >= 2 && ip.front() == '[' && ip.back() == ']') {
        ip = ip.substr(1, ip.size() - 2);
    }
    return JoinKey(ip, published, target, protocol);
}

std::string MountKey(const Value& mount, std::string_view where, std::string_view default_dir) {
    if (mount.IsString()) {
        return std::string(default_dir) + "/" + mount.AsString();
    }
    if (mount.IsMap()) {
        if (const Value* target = mount.Find("target"); target != nullptr && target->IsString()) {
            return target->AsString();
        }
        if (const Value* source = mount.Find("source"); source != nullptr && source->IsString()) {
            return std::string(default_dir) + "/" + source->AsString();
        }
    }
    throw LoadError(mount.mark, std::string(where) + ": an entry needs a source; write the name, or `source: <name>`");
}

/// A map entry made from a list item: both marks point at the item.
Value FromItem(Value value, const Value& item) {
    value.mark = item.mark;
    value.key_mark = item.mark;
    return value;
}

[[noreturn]] void ThrowKind(std::string_view where, const Value& value, std::string_view expected) {
    throw LoadError(value.mark,
                    std::string(where) + ": expected " + std::string(expected) + ", found " +
                        std::string(Value::KindName(value.kind())));
}

/// "KEY=VALUE" → {"KEY", "VALUE"} (split at the first '='); a bare "KEY" has no value.
std::pair<std::string, std::optional<std::string>> SplitKeyValue(const Value& item, std::string_view where) {
    std::string text = ScalarMergeKey(item, where);
    auto equals = text.find('=');
    if (equals == std::string::npos) {
        return {std::move(text), std::nullopt};
    }
    return {text.substr(0, equals), text.substr(equals + 1)};
}

/// "host=ip" or "host:ip" (IPv6 "host:::1" → {"host", "::1"}).
std::pair<std::string, std::string> SplitExtraHost(const Value& item, std::string_view where) {
    std::string text = ScalarMergeKey(item, where);
    // '=' first: "host=::1" is unambiguous, whereas ':' also occurs inside IPv6 addresses.
    auto separator = text.find('=');
    if (separator == std::string::npos) {
        separator = text.find(':');
    }
    if (separator == std::string::npos) {
        throw LoadError(item.mark,
                        std::string(where) + ": \"" + text + "\" has no IP address; write it as host:ip or host=ip");
    }
    return {text.substr(0, separator), text.substr(separator + 1)};
}

/// The second ':'-separated part of "a:b[:c...]", or the whole text when it has no ':'.
std::string_view SecondPart(std::string_view text) {
    auto colon = text.find(':');
    if (colon == std::string_view::npos) {
        return text;
    }
    text.remove_prefix(colon + 1);
    return text.substr(0, text.find(':'));
}

}  // namespace

std::string PortMergeKey(const Value& port, std::string_view where) {
    if (port.IsString() || port.IsInt()) {
        return ShortPortKey(port.ScalarText());
    }
    if (port.IsMap()) {
        const Value* target = port.Find("target");
        if (target == nullptr || !target->IsScalar() || target->IsNull()) {
            throw LoadError(
                port.mark,
                std::string(where) + ": a port in long syntax needs a target; add `target: <container port>`");
        }
        return JoinKey(FieldText(port, "host_ip", ""),
                       FieldText(port, "published", ""),
                       target->ScalarText(),
                       Lowercase(FieldText(port, "protocol", "tcp")));
    }
    throw LoadError(port.mark,
                    std::string(where) + ": a port must be a string like \"8080:80\", a number or a mapping");
}

std::string VolumeMergeKey(const Value& volume, std::string_view where) {
    if (volume.IsString()) {
        return std::string(SecondPart(volume.AsString()));
    }
    if (volume.IsMap()) {
        if (const Value* target = volume.Find("target"); target != nullptr && target->IsString()) {
            return target->AsString();
        }
    }
    throw LoadError(
        volume.mark,
        std::string(where) + ": a volume needs a container path; write \"src:/path\" or add `target: /path`");
}

std::string SecretMergeKey(const Value& secret, std::string_view where) {
    return MountKey(secret, where, "/run/secrets");
}

std::string ConfigMergeKey(const Value& config, std::string_view where) {
    return MountKey(config, where, "");
}

std::string DeviceMergeKey(const Value& device, std::string_view where) {
    if (device.IsString()) {
        return std::string(SecondPart(device.AsString()));
    }
    if (device.IsMap()) {
        for (std::string_view field : {"target", "source"}) {
            if (const Value* path = device.Find(field); path != nullptr && path->IsString()) {
                return path->AsString();
            }
        }
    }
    throw LoadError(device.mark,
                    std::string(where) + ": a device needs a path; write \"/dev/x:/dev/y\" or add `source: /dev/x`");
}

std::string EnvFileMergeKey(const Value& env_file, std::string_view where) {
    if (env_file.IsString()) {
        return env_file.AsString();
    }
    if (const Value* path = env_file.Find("path"); path != nullptr && path->IsString()) {
        return path->AsString();
    }
    throw LoadError(env_file.mark, std::string(where) + ": an env file needs a path; add `path: <file>`");
}

std::string ScalarMergeKey(const Value& item, std::string_view where) {
    if (item.IsScalar() && !item.IsNull()) {
        return item.ScalarText();
    }
    throw LoadError(
        item.mark,
        std::string(where) + ": list entries must be strings, found " + std::string(Value::KindName(item.kind())));
}

/// The items of a list-or-single-value attribute (`dns: 8.8.8.8` is a one-item list).
Value::Seq ListItems(const Value& value, std::string_view where) {
    if (value.IsSeq()) {
        return value.AsSeq();
    }
    if (value.IsMap()) {
        ThrowKind(where, value, "a list or a single value");
    }
    return value.IsNull() ? Value::Seq{} : Value::Seq{value};
}

Value::Map KeyValueEntries(const Value& value, std::string_view where) {
    if (value.IsMap()) {
        return value.AsMap();
    }
    Value::Map map;
    for (const Value& item : ListItems(value, where)) {
        auto [key, text] = SplitKeyValue(item, where);
        map.insert_or_assign(std::move(key), FromItem(text ? Value(std::move(*text)) : Value(), item));
    }
    return map;
}

Value::Map HostEntries(const Value& value, std::string_view where) {
    if (value.IsMap()) {
        return value.AsMap();
    }
    Value::Map map;
    for (const Value& item : ListItems(value, where)) {
        auto [host, ip] = SplitExtraHost(item, where);
        Value address = FromItem(Value(std::move(ip)), item);
        auto [it, inserted] = map.try_emplace(std::move(host), address);
        if (inserted) {
            continue;
        }
        // One host with several addresses (IPv4 and IPv6, say): the map form's list value.
        if (!it->second.IsSeq()) {
            model::Mark first = it->second.mark;
            it->second = Value(Value::Seq{std::move(it->second)});
            it->second.mark = first;
            it->second.key_mark = first;
        }
        it->second.AsSeq().push_back(std::move(address));
    }
    return map;
}

Value::Map NameEntries(const Value& value, std::string_view where, bool depends_on) {
    if (value.IsMap()) {
        return value.AsMap();
    }
    if (!value.IsSeq() && !value.IsNull()) {
        ThrowKind(where, value, "a list or a mapping");
    }
    Value::Map map;
    for (const Value& item : ListItems(value, where)) {
        Value entry;
        if (depends_on) {
            // The short form's meaning, spelled out (compose-go mergeDependsOn).
            entry = Value::MakeMap();
            entry.AsMap().emplace("condition", FromItem(Value("service_started"), item));
            entry.AsMap().emplace("required", FromItem(Value(true), item));
        }
        map.insert_or_assign(ScalarMergeKey(item, where), FromItem(std::move(entry), item));
    }
    return map;
}

}  // namespace compose::loader
