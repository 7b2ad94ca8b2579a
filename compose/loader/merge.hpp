#pragma once

#include "compose/model/value.hpp"

// Merging compose files (-f a.yaml -f b.yaml) and `extends` (local service over its base), by
// the Compose Specification's merge rules (13-merge.md) as compose-go implements them
// (override/merge.go, override/uncity.go, loader/reset.go). Inputs are raw trees: after parsing,
// interpolation and schema validation, before normalization, so either syntax may appear.
//
// Rules, by path under a service:
// - mappings merge by key; a scalar in the override replaces; sequences append;
// - a null override keeps the base (use !reset to clear);
// - command, entrypoint, healthcheck.test, ulimits.<name>: replaced;
// - environment, labels, annotations, sysctls, build.{args,labels,additional_contexts},
//   deploy.labels (and top-level networks.*.labels, volumes.*.labels): merged as maps by key;
//   list entries "K=V" become K: "V" (split at the first '='), a bare "K" becomes K: null;
// - extra_hosts, build.extra_hosts: merged as maps by host ("host:ip" / "host=ip"); the later
//   file's addresses for a host replace the earlier's; several addresses for one host in the same
//   file become a list;
// - ports, volumes, secrets, configs, devices, env_file, expose, dns, dns_search, dns_opt,
//   cap_add, cap_drop, profiles, tmpfs, links, label_file, networks.*.aliases,
//   networks.*.link_local_ips, build.tags, build.platforms: appended, then de-duplicated by the
//   keys in merge_keys.hpp; a later duplicate replaces the earlier one where it stands;
// - networks, models: a list becomes a map of name: null, then entries merge as maps;
// - depends_on: a list entry "db" becomes db: {condition: service_started, required: true}
//   (compose-go mergeDependsOn), then entries merge as maps, so the later file's fields win;
// - logging: merged as a map when both sides name the same driver or either names none, else
//   the later block replaces the earlier one whole;
// - build: a string is {context: <string>}, then maps merge.
//
// Forms: the rules apply even where the base has no value, so a result never depends on which
// file first mentioned a key: the list-or-map keys above come out in map form, build as a map,
// and unique lists de-duplicated (as compose-go's EnforceUnicity does on every file). Marks stay
// with whichever side's value ends up in the result.
//
// Tags: in the override, a value tagged !reset removes its key (a service, a whole `ports`, one
// environment variable), whether or not the base has it; !override replaces the base value whole,
// skipping every rule. Stored values have their tags cleared. Tags in the base are ignored.

namespace compose::loader {

/// Merges `override` (a later file) into `base` (the project so far; null counts as empty): the
/// top level and each service by the rules above. Start from a null base and merge every file,
/// the first included, so that the first file's tags and list forms are handled too.
/// Throws LoadError (at the override's mark) for values that cannot merge, e.g. a mapping over a
/// list at the same path, or an entry without its unique key (a long-syntax port without target).
void MergeProject(model::Value& base, const model::Value& override);

/// As above, moving the override's nodes into `base` rather than copying them; `override` is
/// left in a valid but unspecified state. Prefer it when the override is not needed afterwards.
void MergeProject(model::Value& base, model::Value&& override);

/// Merges a service definition over another (extends: local over base; files: later over
/// earlier), by the same rules as MergeProject applies to each services.<name>. A null base
/// counts as an empty service. Error messages name paths relative to the service.
void MergeService(model::Value& base, const model::Value& override);

/// As above, moving the override's nodes into `base`; `override` is left valid but unspecified.
void MergeService(model::Value& base, model::Value&& override);

}  // namespace compose::loader
