#pragma once

#include <string>
#include <string_view>

#include "compose/model/value.hpp"

// List entries for the merge (compose/loader/merge.hpp): their identity, and the list-to-map
// conversions of the list-or-map attributes. Identity: two entries with the same key are "the
// same resource", and the later replaces the earlier (Compose Specification, 13-merge.md "Unique
// resources"; compose-go override/uncity.go). Every function accepts both the short and the long
// syntax, since merging happens before normalization. `where` names the attribute in error
// messages ("services.web.ports"); errors are LoadError at the offending entry's mark.

namespace compose::loader {

/// `ports`: "<host ip>|<published>|<target>|<protocol>". Short syntax
/// "[ip:][host[-range]:]ctr[-range][/proto]" (IPv6 hosts bracketed, "[::1]:80:80", or not); long
/// syntax fields `host_ip`, `published`, `target`, `protocol`. A missing ip or published part is
/// empty, a missing protocol is "tcp"; protocols compare lowercased.
std::string PortMergeKey(const model::Value& port, std::string_view where);

/// `volumes`: the container path. "src:dst[:mode]" → dst, "dst" alone → dst, long → `target`.
std::string VolumeMergeKey(const model::Value& volume, std::string_view where);

/// `secrets`: the target, defaulting to /run/secrets/<source> (a bare name is a source).
std::string SecretMergeKey(const model::Value& secret, std::string_view where);

/// `configs`: the target, defaulting to /<source>.
std::string ConfigMergeKey(const model::Value& config, std::string_view where);

/// `devices`: the container path. "host:ctr[:perms]" → ctr, "path" alone → path, long → `target`
/// (else `source`, which is what the device appears as when no target is given).
std::string DeviceMergeKey(const model::Value& device, std::string_view where);

/// `env_file`: the path ("file" or `{path, required}`).
std::string EnvFileMergeKey(const model::Value& env_file, std::string_view where);

/// Plain lists (dns, cap_add, expose, aliases, ...): the scalar itself, so 80 and "80" are one.
std::string ScalarMergeKey(const model::Value& item, std::string_view where);

/// The items of a list-or-single-value attribute (`dns: 8.8.8.8` is a one-item list); empty for
/// null. A mapping is an error.
model::Value::Seq ListItems(const model::Value& value, std::string_view where);

// The list-or-map attributes as maps. A mapping is returned as it is (values keep their tags);
// list entries become entries whose marks and key marks are the item's.

/// environment, labels, build.args, ...: "KEY=VALUE" → KEY: "VALUE" (split at the first '=',
/// "a=b=c" → a: "b=c"), a bare "KEY" → KEY: null; a later duplicate in the list wins.
model::Value::Map KeyValueEntries(const model::Value& value, std::string_view where);

/// extra_hosts: "host=ip" or "host:ip" (IPv6 "host:::1" → host: "::1"); several addresses for one
/// host become a list, as in the map form.
model::Value::Map HostEntries(const model::Value& value, std::string_view where);

/// networks, models (depends_on when `depends_on` is set): a name → name: null (depends_on:
/// name: {condition: service_started, required: true}, the short form's meaning).
model::Value::Map NameEntries(const model::Value& value, std::string_view where, bool depends_on);

}  // namespace compose::loader
