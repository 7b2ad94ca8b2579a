#pragma once

#include <functional>
#include <map>
#include <string>

#include "compose/loader/warnings.hpp"
#include "compose/model/value.hpp"

namespace compose::loader {

/// What normalization needs besides the tree itself.
struct NormalizeContext final {
    std::string project_name;
    /// Absolute project directory; relative paths are resolved against it.
    std::string working_dir;
    /// The project environment (OS environment over .env): bare `KEY` entries of
    /// `environment` and `build.args` take their value from here, `~` expands with its HOME,
    /// and env_file contents interpolate against it.
    std::map<std::string, std::string> environment;
    /// Returns the contents of the file at an absolute path; throws LoadError if it is missing.
    std::function<std::string(const std::string& abs_path)> read_file;
};

/// Rewrites a merged, interpolated, schema-valid project tree (`version` already removed) in
/// place into the canonical form below. Every short syntax becomes its long form, every
/// implicit default is written out, and every relative path becomes absolute, so that later
/// stages read one shape only. Normalizing a canonical tree changes nothing (idempotence):
/// `berth-compose config` prints this tree, and loading that printout gives it back.
/// New nodes carry the mark of the node they came from, so later errors still point at the
/// user's file. Throws LoadError (at the offending node) for values that cannot be read.
///
/// Canonical shape. Keys not listed are kept as written.
///
/// Project:
/// - `name`: the project name from the context.
/// - `networks.<key>`: a map with `name` ("{project}_{key}", or the key itself when
///   `external: true`, unless `name` is given). The legacy `external: {name: x}` becomes
///   `external: true, name: x` (with a warning). An external network with creation attributes
///   (driver, driver_opts, ipam, internal, attachable, enable_ipv4, enable_ipv6, labels) is an
///   error. `default` is added as `{name: "{project}_default"}` when a service is attached to
///   it and it is not declared.
/// - `volumes.<key>`: the same naming and external rules (creation attributes: driver,
///   driver_opts, labels).
/// - `secrets.<key>`, `configs.<key>`: `name` as above; `file` absolute.
///
/// Service (`services.<name>`):
/// - `build`: always a map; `context` absolute (default: the project directory) unless it is a
///   remote URL; `dockerfile` defaults to "Dockerfile" unless `dockerfile_inline` is set;
///   `args` and `labels` maps (see environment); `secrets` as service secrets below.
/// - `command`, `entrypoint`: a list of strings (a string is split with shell-word rules:
///   whitespace separates, single quotes are literal, double quotes group and backslash
///   escapes the next character). An unquoted `;`, `&`, `|`, `<` or `>` is an error, as no
///   shell runs the string. null stays null, [] stays [].
/// - `environment`: a map of name to string, or to null for a bare `KEY` that is not in the
///   project environment. Numbers and bools are written as text ("1", "true").
///   `env_file`: a list of `{path: <absolute>, required: <bool>, format?}`; each file is read
///   (a missing `required: false` file is skipped) and its variables are folded into
///   `environment` under the explicit ones: a key given in `environment`, even as a bare
///   `KEY` left null, wins over every file; among files, later ones win. `env_file` stays in
///   the tree for reference; re-normalizing folds the same values again.
/// - `labels`, `annotations`, `sysctls`, `deploy.labels`: maps of name to string
///   (`KEY` alone in a list gives "").
/// - `ports`: a list of `{mode: "ingress", target: <int>, protocol: "tcp"|"udp"|"sctp",
///   published?: "<port or range>", host_ip?: "<ip>", name?, app_protocol?}`. A short entry
///   with ranges on both sides of equal length gives one entry per port ("8000-8001:80-81"
///   gives two); a host range with a single target keeps the range in `published`; a target
///   range without host ports gives one entry per port, in ascending port order.
/// - `expose`: a list of strings.
/// - `volumes`: a list of long-form mounts `{type, source?, target, read_only?, bind?,
///   volume?, tmpfs?}`. The short "SRC:DST[:OPTS]" is a bind mount when SRC starts with ".",
///   "/" or "~" (source absolute, `bind.create_host_path: true`, `bind.propagation` and
///   `bind.selinux` from the options), else a named volume; "DST" alone is an anonymous
///   volume. `read_only: true` appears only for `ro`; `volume: {nocopy: true}` only for
///   `nocopy`. Long-form bind sources become absolute (no create_host_path default, as in
///   Docker Compose); `tmpfs.size` is in bytes. Targets are lexically cleaned.
/// - `tmpfs`, `dns`, `dns_search`: lists of strings.
/// - `depends_on`: a map of service to `{condition, required: <bool>, restart?: true}`
///   (`condition` defaults to service_started, `required` to true; `restart` appears only
///   when true). Implicit dependencies are added unless declared: `network_mode`, `ipc`,
///   `pid` or `uts` "service:X" give X `{service_started, required, restart: true}`;
///   `volumes_from` "X[:ro|rw]" (not "container:...") and `links` "X[:alias]" give X
///   `{service_started, required}`.
/// - `networks`: a map of network to null or to its settings; without `networks` and
///   without `network_mode` the service gets `{default: null}`.
/// - `healthcheck.test`: a list (a string S becomes ["CMD-SHELL", S]). Durations
///   (`healthcheck.interval`, `timeout`, `start_period`, `start_interval`,
///   `stop_grace_period`) are strings in Go's time.Duration form ("1m30s", "500ms",
///   "1h0m0s"); input accepts Go duration syntax plus `d` and `w` units, as Compose does.
/// - Resource limits live in one place, `deploy.resources`: `mem_limit`, `cpus`,
///   `pids_limit` and `mem_reservation` move to `limits.memory`, `limits.cpus`,
///   `limits.pids` and `reservations.memory` and are removed; giving both spellings with
///   different values is an error. Memory sizes ("1.5g", "512mb": powers of 1024) become
///   byte counts: integers for `memswap_limit`, `shm_size` and `tmpfs.size`, but decimal
///   strings ("536870912") for `deploy.resources.limits.memory` and `reservations.memory`,
///   because the schema types those as strings only and `config` output must load again
///   (Docker Compose prints them the same way). cpus are floats; pids integers.
/// - `scale`: the replica count, an integer (absent means 1); `deploy.replicas` moves here
///   (an empty `deploy` is then dropped); both with different values is an error.
/// - `ulimits.<name>`: `{soft, hard}` (a single number n gives both).
/// - `extra_hosts`: a list of "host=ip" strings, in input order, without duplicates.
/// - `secrets`, `configs`: lists of maps with at least `source`.
/// - `pull_policy: if_not_present` becomes `missing`.
/// - `restart`, `deploy.restart_policy`, `logging`, `devices` and the rest: as written.
void NormalizeProject(model::Value& project, const NormalizeContext& ctx, Warnings& warnings);

}  // namespace compose::loader
