#!/usr/bin/env bash
# Compose: `up -d`, a no-op `up -d` and `down` of a generated 30-service stack (gen_stack.py:
# depends_on chains and fan-out, healthcheck gates, one network, 3 published ports), for
#   - berth-compose on berthd,
#   - Debian's docker-compose 1.29 on Debian's dockerd 20.10,
#   - Debian's podman-compose 1.0.3 on podman 4.3,
# in one run, each engine on its own temporary roots, the tools taking turns round by round.
# `up -d` counts until every container runs and every healthcheck says healthy (polled with
# `ps`, the same way for every tool: docker-compose 1.29 and podman-compose have no --wait).
# Without systemd, podman has no timer to run healthchecks, so the poll runs `podman
# healthcheck run` for containers still "starting"; podman-compose 1.0.3 also ignores
# depends_on conditions, so its `up -d` does less work than the others.
# dockerd runs with --iptables=false, podman's CNI rules and networks go at exit, berthd uses
# its own nftables table, removed when it stops.
# Usage: [BENCH_RUNS=3] [BENCH_SERVICES=30] [BENCH_TIMEOUT=300] [BERTH_BIN=build/dev/bin] bench/compose.sh
#   (root; needs scripts/install-deps --bench and podman-compose; without BERTH_BIN it builds
#   the release binaries)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-3}
services=${BENCH_SERVICES:-30}
timeout=${BENCH_TIMEOUT:-300} # seconds one phase may take before it counts as a hang
for n in "$runs" "$services" "$timeout"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "compose.sh: BENCH_RUNS, BENCH_SERVICES and BENCH_TIMEOUT must be positive numbers" >&2; exit 2; }
done
[[ $EUID -eq 0 ]] || { echo "compose.sh: run as root" >&2; exit 1; }
scripts/install-deps --bench || echo "compose.sh: scripts/install-deps --bench failed; benchmarking what is installed" >&2
have() { command -v "$1" >/dev/null 2>&1; }
if ! have podman-compose; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends podman-compose >/dev/null ||
    echo "compose.sh: could not install podman-compose" >&2
fi
if [[ -n "${BERTH_BIN:-}" ]]; then
  bin=$(realpath "$BERTH_BIN")
else
  cmake --preset release >/dev/null
  cmake --build --preset release --target berthd berth-shim berth berth-compose -j 2 >/dev/null
  bin=$PWD/build/release/bin
fi
docker=/usr/local/bin/docker # the docker CLI v28 polls berthd and dockerd alike
[[ -x $docker ]] || docker=/usr/bin/docker

work=$(mktemp -d /tmp/berth-composebench-XXXXXX)
tag="cb$$" # the project name, and the prefix of everything else made here
export DOCKER_CONFIG="$work/docker-config"
unset DOCKER_HOST DOCKER_CONTEXT BERTH_HOST CONTAINERS_CONF
# Host state podman and CNI make outside their roots goes again at exit unless it was there.
created_outside=()
for dir in /var/lib/containers /var/lib/cni /etc/cni; do [[ -e $dir ]] || created_outside+=("$dir"); done
for ctrl in /sys/fs/cgroup/*/; do
  for parent in berth docker libpod_parent; do [[ -e "$ctrl$parent" ]] || created_outside+=("$ctrl$parent"); done
done
nft_tables_before=$(nft list tables 2>/dev/null || true)
chains_before=$( (iptables-save; ip6tables-save) 2>/dev/null | awk '/^:/ {print $1}' | sort -u)

dk() { local sock=$1; shift; "$docker" -H "unix://$work/$sock.sock" "$@"; }
pm() { "$work/bin/podman" "$@"; }
berthd_pid="" dockerd_pid=""
stop_daemon() {
  [[ -n "$1" ]] || return 0
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 150); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}
# Rules and chains a reference added to iptables (CNI's portmap and firewall plugins; dockerd
# if it were run with iptables): jumps to new chains go, then the chains, then new tables
# left empty. Chains that were there before the run are not touched.
strip_new_chains() { # iptables|ip6tables
  local ipt=$1 table rule chain
  for table in filter nat mangle; do
    "$ipt" -t "$table" -S >/dev/null 2>&1 || continue
    mapfile -t new < <("$ipt" -t "$table" -S | awk '$1 == "-N" {print ":" $2}' | grep -vxF -f <(echo "$chains_before") | cut -c2-)
    ((${#new[@]})) || continue
    for chain in "${new[@]}"; do
      while read -r rule; do eval "\"$ipt\" -t $table ${rule/#-A/-D}"; done < <("$ipt" -t "$table" -S | grep -E -- "-j $chain( |$)")
    done
    for chain in "${new[@]}"; do "$ipt" -t "$table" -F "$chain"; done
    for chain in "${new[@]}"; do "$ipt" -t "$table" -X "$chain"; done
  done
}
drop_new_empty_tables() {
  local family name ipt
  while read -r _ family name; do
    grep -qxF "table $family $name" <<<"$nft_tables_before" && continue
    case $family in ip) ipt=iptables ;; ip6) ipt=ip6tables ;; *) continue ;; esac
    [[ $name == filter || $name == nat || $name == mangle ]] || continue
    "$ipt" -t "$name" -S 2>/dev/null | grep -qv '^-P' && continue # rules or chains of others
    nft delete table "$family" "$name"
  done < <(nft list tables 2>/dev/null)
}
cleanup() {
  set +e
  for sock in berthd dockerd; do
    [[ -S "$work/$sock.sock" ]] || continue
    mapfile -t ids < <(dk "$sock" ps -aq)
    ((${#ids[@]})) && dk "$sock" rm -f "${ids[@]}" >/dev/null 2>&1
    mapfile -t nets < <(dk "$sock" network ls -q --filter "label=com.docker.compose.project=$tag")
    ((${#nets[@]})) && dk "$sock" network rm "${nets[@]}" >/dev/null 2>&1
  done
  if [[ -x "$work/bin/podman" ]]; then
    pm rm -a -f -t 0 >/dev/null 2>&1
    mapfile -t nets < <(pm network ls -q --filter "label=io.podman.compose.project=$tag" 2>/dev/null)
    ((${#nets[@]})) && pm network rm -f "${nets[@]}" >/dev/null 2>&1
    for net in "${nets[@]}"; do rm -rf "/var/lib/cni/networks/$net"; done
  fi
  stop_daemon "$berthd_pid"
  stop_daemon "$dockerd_pid"
  for pid in $(pgrep -f -- "$work"); do [[ $pid != "$$" ]] && kill -9 "$pid" 2>/dev/null; done
  ip link delete "${tag}b0" 2>/dev/null
  ip link delete "${tag}d0" 2>/dev/null
  strip_new_chains iptables
  strip_new_chains ip6tables
  drop_new_empty_tables
  awk -v w="$work" 'index($5, w "/") == 1 || $5 == w {print $5}' /proc/self/mountinfo | sort -r |
    while read -r mnt; do umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null; done
  rm -rf --one-file-system "$work"
  for dir in "${created_outside[@]}"; do
    case $dir in /sys/*) find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null ;; *) rm -rf "$dir" ;; esac
  done
  return 0
}
trap cleanup EXIT

wait_socket() { # socket log
  for _ in $(seq 300); do [[ -S "$1" ]] && "$docker" -H "unix://$1" version >/dev/null 2>&1 && return; sleep 0.1; done
  echo "no answer on $1; $2 says:" >&2
  tail -20 "$2" >&2
  exit 1
}
median_ms() { sort -n "$1" | awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.0f", m / 1000}'; }
row() { printf "  %-38s %14s %14s %14s\n" "$@"; }

scripts/make-busybox-image -o "$work/busybox.tar" 2>/dev/null
python3 bench/gen_stack.py "$work/stack" --services "$services"
mkdir -p "$work/berth" "$work/bin" "$work/podman" "$DOCKER_CONFIG" "$work/samples"
echo '{}' >"$DOCKER_CONFIG/config.json"
tools=()

# --- engines ---------------------------------------------------------------------------------
"$bin/berthd" --data-root "$work/berth/data" --exec-root "$work/berth/exec" -H "unix://$work/berthd.sock" \
  --pidfile "$work/berthd.pid" --log-level warn --bridge "${tag}b0" --bip 10.236.0.1/24 \
  --default-address-pool base=10.237.0.0/16,size=24 --nft-table "berth_$tag" --dns-forward none \
  2>"$work/berthd.log" &
berthd_pid=$!
# A real check: `up --help` must succeed and describe `up` (unknown verbs print help)
berth_compose_verbs() {
  local verb
  for verb in up down; do
    "$bin/berth-compose" "$verb" --help 2>/dev/null | grep -q "^Usage: .*berth-compose $verb" || return 1
  done
}
if [[ -x "$bin/berth-compose" ]] && berth_compose_verbs; then tools+=(berth); else echo "berth-compose: up not available"; fi
if have dockerd && [[ -x /usr/bin/docker-compose ]]; then
  ip link add "${tag}d0" type bridge && ip addr add 10.238.0.1/24 dev "${tag}d0" && ip link set "${tag}d0" up
  dockerd --data-root "$work/docker/data" --exec-root "$work/docker/exec" -H "unix://$work/dockerd.sock" \
    --pidfile "$work/dockerd.pid" --bridge "${tag}d0" --iptables=false --ip6tables=false --ip-masq=false \
    --default-address-pool base=10.239.0.0/16,size=24 --log-level warn >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  tools+=(docker)
else
  echo "docker-compose: skipped (needs dockerd and /usr/bin/docker-compose: scripts/install-deps --bench)"
fi
# podman on its own roots through a wrapper podman-compose calls (--podman-path). Limits as in
# containers.sh (DESIGN.md section 7): podman's default rlimits exceed the hard limits here.
if have podman && have podman-compose; then
  nproc_hard=$(ulimit -Hu)
  [[ $nproc_hard == unlimited || $nproc_hard -gt 32768 ]] && nproc_hard=32768
  podman_runtime=runc
  have crun && scripts/setup-cgroups --check >/dev/null 2>&1 && podman_runtime=crun
  cat >"$work/podman/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=1024:$(ulimit -Hn)", "nproc=$nproc_hard:$nproc_hard"]
[network]
network_config_dir = "$work/podman/networks"
default_subnet = "10.240.0.0/24"
default_subnet_pools = [{"base" = "10.241.0.0/16", "size" = 24}]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$work/podman/events.log"
runtime = "$podman_runtime"
EOF
  cat >"$work/bin/podman" <<EOF
#!/bin/sh
export CONTAINERS_CONF="$work/podman/containers.conf"
exec podman --root "$work/podman/root" --runroot "$work/podman/run" --tmpdir "$work/podman/tmp" --storage-driver overlay "\$@"
EOF
  chmod +x "$work/bin/podman"
  if pm import --change 'CMD ["sh"]' "$work/busybox.tar" busybox:latest >"$work/podman-check.log" 2>&1 &&
    pm run --rm --network none busybox true >>"$work/podman-check.log" 2>&1; then
    tools+=(podman)
  else
    echo "podman-compose: skipped, podman cannot run a container here:"
    tail -3 "$work/podman-check.log" 2>/dev/null | sed 's/^/  /'
  fi
else
  echo "podman-compose: skipped (needs podman and podman-compose)"
fi
wait_socket "$work/berthd.sock" "$work/berthd.log"
dk berthd import --change 'CMD ["sh"]' "$work/busybox.tar" busybox:latest >/dev/null
if [[ " ${tools[*]} " == *" docker "* ]]; then
  wait_socket "$work/dockerd.sock" "$work/dockerd.log"
  dk dockerd import --change 'CMD ["sh"]' "$work/busybox.tar" busybox:latest >/dev/null
fi

echo "berthd ($bin), runtime $(dk berthd info -f '{{.DefaultRuntime}}')"
[[ " ${tools[*]} " == *" docker "* ]] &&
  echo "$(dockerd --version), runtime $(dk dockerd info -f '{{.DefaultRuntime}}'), $(/usr/bin/docker-compose version --short 2>/dev/null | sed 's/^/docker-compose /')"
[[ " ${tools[*]} " == *" podman "* ]] &&
  echo "$(podman --version), runtime $podman_runtime, podman-compose $(podman-compose --version 2>/dev/null | awk '/^podman-compose/ {print $NF}')"
echo "$(uname -r), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at start, BENCH_RUNS=$runs, BENCH_SERVICES=$services"


# --- the rounds ---------------------------------------------------------------------------------
# The compose command of a tool, in the array `cmd`; the environment points it at its engine.
compose_argv() {
  local stack=(-p "$tag" -f "$work/stack/compose.yaml")
  case $1 in
    berth) cmd=(env "BERTH_HOST=unix://$work/berthd.sock" "DOCKER_HOST=unix://$work/berthd.sock" "$bin/berth-compose" "${stack[@]}") ;;
    docker) cmd=(env "DOCKER_HOST=unix://$work/dockerd.sock" /usr/bin/docker-compose "${stack[@]}") ;;
    podman) cmd=(podman-compose --podman-path "$work/bin/podman" "${stack[@]}") ;;
  esac
}
# "name status" per container of the project (podman-compose sets the same label); the
# status reads "Up ... (healthy)" on every engine (podman's {{.State}} does not say "running").
states() {
  local format='{{.Names}} {{.Status}}' filter="label=com.docker.compose.project=$tag"
  case $1 in
    berth) dk berthd ps -a --filter "$filter" --format "$format" ;;
    docker) dk dockerd ps -a --filter "$filter" --format "$format" ;;
    podman) pm ps -a --filter "$filter" --format "$format" ;;
  esac
}
# Polls until all $services containers run and none is unhealthy or still starting its
# healthcheck; podman's checks are run here, standing in for the systemd timer it lacks.
wait_ready() { # tool deadline(ns)
  local lines name
  while (($(date +%s%N) < $2)); do
    lines=$(states "$1" 2>/dev/null) || lines=""
    if (($(grep -c . <<<"$lines") == services)) && ! grep -qvE '^[^ ]+ Up ' <<<"$lines" &&
      ! grep -qE 'starting|unhealthy' <<<"$lines"; then
      return 0
    fi
    if [[ $1 == podman ]]; then
      awk '/\(starting\)/ {print $1}' <<<"$lines" | while read -r name; do pm healthcheck run "$name" >/dev/null 2>&1 || true; done
    fi
    sleep 0.1
  done
  echo "not ready after ${timeout} s:" >>"$work/out"
  states "$1" >>"$work/out" 2>&1
  return 1
}
# Runs one phase of a tool, timed into $work/samples/<tool>-<phase> (microseconds).
phase() { # tool phase(up|noop|down)
  local start deadline end rc=0
  compose_argv "$1"
  start=$(date +%s%N)
  deadline=$((start + timeout * 1000000000))
  case $2 in
    up | noop) timeout "$timeout" "${cmd[@]}" up -d >"$work/out" 2>&1 || rc=$? ;;
    down) timeout "$timeout" "${cmd[@]}" down >"$work/out" 2>&1 || rc=$? ;;
  esac
  # up counts until the stack is ready; a no-op up starts from a ready stack, so only the
  # command is timed (readiness is still checked below, untimed: a no-op must leave it ready).
  [[ $2 == up ]] && ((rc == 0)) && { wait_ready "$1" "$deadline" || rc=1; }
  end=$(date +%s%N)
  [[ $2 == noop ]] && ((rc == 0)) && { wait_ready "$1" "$deadline" || rc=1; }
  if ((rc != 0)); then
    { echo "FAILED: $1 $2, exit status $rc, of: ${cmd[*]}"; echo "output:"; tail -25 "$work/out"; } >&2
    return 1
  fi
  echo $(((end - start) / 1000)) >>"$work/samples/$1-$2"
  printf ' %s %s' "$2" "$(((end - start) / 1000000))"
}
declare -A failed=() recreated=() leftover=()
one_round() { # tool
  local before after
  phase "$1" up || return 1
  before=$(container_ids "$1")
  phase "$1" noop || return 1
  after=$(container_ids "$1")
  recreated[$1]=$(($(comm -3 <(echo "$before") <(echo "$after") | grep -c .) / 2))
  phase "$1" down || return 1
  leftover[$1]=$(states "$1" 2>/dev/null | grep -c . || true)
}
container_ids() {
  case $1 in
    berth) dk berthd ps -aq --no-trunc --filter "label=com.docker.compose.project=$tag" ;;
    docker) dk dockerd ps -aq --no-trunc --filter "label=com.docker.compose.project=$tag" ;;
    podman) pm ps -aq --no-trunc --filter "label=com.docker.compose.project=$tag" ;;
  esac | sort
}
echo
for ((i = 1; i <= runs; i++)); do
  for tool in "${tools[@]}"; do
    [[ -n "${failed[$tool]:-}" ]] && continue
    printf 'round %d, %-6s (ms):' "$i" "$tool"
    if ! one_round "$tool"; then
      failed[$tool]=1
      compose_argv "$tool"
      timeout "$timeout" "${cmd[@]}" down >/dev/null 2>&1 || true
    fi
    echo
  done
done

# --- the figures ----------------------------------------------------------------------------------
label() {
  case $1 in
    berth) echo "berth-compose (berthd)" ;;
    docker) echo "docker-compose 1.29 (dockerd 20.10)" ;;
    podman) echo "podman-compose 1.0.3 (podman 4.3)" ;;
  esac
}
ok() { [[ -z "${failed[$1]:-}" && -s "$work/samples/$1-up" ]]; }
echo
echo "$services-service stack, medians of $runs rounds in ms; up -d counts until all run and are healthy"
row "" "up -d" "no-op up -d" "down"
[[ " ${tools[*]} " == *" berth "* ]] || row "berth-compose (berthd)" "up not available" "" ""
for tool in "${tools[@]}"; do
  if ok "$tool"; then
    row "$(label "$tool")" "$(median_ms "$work/samples/$tool-up")" "$(median_ms "$work/samples/$tool-noop")" "$(median_ms "$work/samples/$tool-down")"
  else
    row "$(label "$tool")" FAILED "" ""
  fi
done
for tool in "${tools[@]}"; do
  ok "$tool" || continue
  echo "  $(label "$tool"): the no-op up -d replaced ${recreated[$tool]} of $services containers; ${leftover[$tool]} left after down"
done
[[ " ${tools[*]} " == *" podman "* ]] && echo "  (podman-compose 1.0.3 starts dependents without waiting for service_healthy)"
if ok berth; then
  echo "ratios of the medians, berth-compose / reference (lower is better for berth):"
  for ref in docker podman; do
    ok "$ref" || continue
    for p in up noop down; do
      awk -v a="$(median_ms "$work/samples/berth-$p")" -v b="$(median_ms "$work/samples/$ref-$p")" -v l="berth/$ref-compose, ${p/noop/no-op up -d}" \
        'BEGIN {r = a / b; printf "  %-40s %5.2f (%.1fx %s)\n", l, r, r < 1 ? 1 / r : r, r < 1 ? "faster" : "slower"}'
    done
  done
fi
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
((${#failed[@]} == 0)) || { echo "failed: ${!failed[*]} (see above)" >&2; exit 1; }
