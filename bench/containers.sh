#!/usr/bin/env bash
# Containers: berthd against Debian's dockerd 20.10 (+ the containerd it starts), podman 4.3
# (conmon) and the bare OCI runtime, in one run, each engine on its own temporary roots:
#   - `run --rm --network none busybox true` latency, median and p90 of BENCH_RUNS runs (the
#     engines take turns, so load from other work on the machine hits all of them alike); the
#     raw runtime runs a prepared bundle with a fresh overlayfs mount per run;
#   - `ps -a` with 50 created (not running) containers, median of BENCH_RUNS runs;
#   - memory: RSS and PSS (/proc/<pid>/smaps_rollup) of the per-container monitor of one running
#     `sleep` container (berth-shim, containerd-shim-runc-v2, conmon), then of the daemons and
#     the monitors with 10 running containers per engine.
# Every engine runs with --network none, so the figures compare container start, not networking.
# Engines that are not installed are reported as such and skipped.
# Usage: [BENCH_RUNS=20] [BENCH_TIMEOUT=60] [BERTH_BIN=build/dev/bin] bench/containers.sh
#   (root; needs scripts/install-deps --bench; nothing is left running or mounted; without
#   BERTH_BIN it builds berthd, berth-shim and berth in build/release first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-20}
timeout=${BENCH_TIMEOUT:-60} # seconds one run may take before it counts as a hang
for n in "$runs" "$timeout"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "containers.sh: BENCH_RUNS and BENCH_TIMEOUT must be positive numbers" >&2; exit 2; }
done
[[ $EUID -eq 0 ]] || { echo "containers.sh: run as root" >&2; exit 1; }
scripts/install-deps --bench || echo "containers.sh: scripts/install-deps --bench failed; benchmarking what is installed" >&2
if [[ -n "${BERTH_BIN:-}" ]]; then
  bin=$(realpath "$BERTH_BIN")
else
  cmake --preset release >/dev/null
  cmake --build --preset release --target berthd berth-shim berth -j 2 >/dev/null
  bin=$PWD/build/release/bin
fi
docker=/usr/local/bin/docker # the docker CLI v28 drives berthd and dockerd alike
[[ -x $docker ]] || docker=/usr/bin/docker
have() { command -v "$1" >/dev/null 2>&1; }

work=$(mktemp -d /tmp/berth-bench-XXXXXX)
tag="bench$$" # container names: unique per run
export DOCKER_CONFIG="$work/docker-config"
unset DOCKER_HOST DOCKER_CONTEXT
# Host state the engines create outside their roots (cgroup parents, podman's blob-info cache)
# goes again at exit unless it was there before.
created_outside=()
[[ -e /var/lib/containers ]] || created_outside+=(/var/lib/containers)
for ctrl in /sys/fs/cgroup/*/; do
  for parent in berth docker libpod_parent; do [[ -e "$ctrl$parent" ]] || created_outside+=("$ctrl$parent"); done
done

dk() { local sock=$1; shift; "$docker" -H "unix://$work/$sock.sock" "$@"; }
# Removes every container of berthd or dockerd, remembering their ids (for the cgroup check at exit).
seen_ids=()
remove_all() {
  local ids=()
  mapfile -t ids < <(dk "$1" ps -aq --no-trunc)
  ((${#ids[@]})) || return 0
  seen_ids+=("${ids[@]}")
  dk "$1" rm -f "${ids[@]}" >/dev/null
}
berth() { "$bin/berth" -H "unix://$work/berthd.sock" "$@"; }
pm() {
  podman --root "$work/podman/root" --runroot "$work/podman/run" --tmpdir "$work/podman/tmp" --storage-driver overlay \
    --cgroup-manager cgroupfs --events-backend none --runtime "$podman_runtime" "$@"
}
berthd_pid="" dockerd_pid=""
stop_daemon() {
  [[ -n "$1" ]] || return 0
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 150); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}
cleanup() {
  set +e
  # Containers first, through their engines, so the monitors end with them.
  for sock in berthd dockerd; do [[ -S "$work/$sock.sock" ]] && remove_all "$sock" 2>/dev/null; done
  have podman && [[ -d "$work/podman" ]] && pm rm -a -f -t 0 >/dev/null 2>&1
  stop_daemon "$berthd_pid"
  stop_daemon "$dockerd_pid"
  # Leftover monitors (their command lines name $work), then containers still known to a runtime.
  for pid in $(pgrep -f -- "$work"); do [[ $pid != "$$" ]] && kill -9 "$pid" 2>/dev/null; done
  while read -r dir; do # <runtime root>/<id>/state.json (runc) or .../status (crun)
    for rt in runc crun; do
      have "$rt" && "$rt" --root "${dir%/*}" delete -f "${dir##*/}" >/dev/null 2>&1
    done
  done < <(find "$work" -mindepth 3 -maxdepth 8 -type f \( -name state.json -o -name status \) -printf '%h\n' 2>/dev/null)
  # Mounts under $work, deepest first; rm stays on $work's filesystem, whatever is left mounted.
  awk -v w="$work" 'index($5, w "/") == 1 || $5 == w {print $5}' /proc/self/mountinfo | sort -r |
    while read -r mnt; do umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null; done
  rm -rf --one-file-system "$work"
  # Cgroups of our containers that a failed start or a killed monitor left (empty ones only).
  for id in "${seen_ids[@]}"; do rmdir /sys/fs/cgroup/*/berth/"$id" /sys/fs/cgroup/*/docker/"$id" 2>/dev/null; done
  for path in "${created_outside[@]}"; do
    if [[ "$path" == /sys/fs/cgroup/* ]]; then
      [[ -d "$path" ]] && find "$path" -depth -type d -exec rmdir {} + 2>/dev/null
    else
      rm -rf "$path"
    fi
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
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
pss_kib() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup"; }
# The sums of RSS and PSS of the given processes: "RSS PSS" in KiB.
mem_kib() { local rss=0 pss=0 pid; for pid in "$@"; do rss=$((rss + $(rss_kib "$pid"))) pss=$((pss + $(pss_kib "$pid"))); done; echo "$rss $pss"; }
# "median p90" in ms of the microsecond figures in a file (p90: nearest rank).
stats_ms() { sort -n "$1" | awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
  p = int(0.9 * NR); if (p < 0.9 * NR) p++; printf "%.1f %.1f\n", m / 1000, v[p] / 1000}'; }
median_ms() { stats_ms "$1" | cut -d' ' -f1; }
# "  label  a/b (N.Nx faster)": the ratio of two figures where lower is better.
ratio() { # label a b [better worse]
  awk -v l="$1" -v a="$2" -v b="$3" -v good="${4:-faster}" -v bad="${5:-slower}" \
    'BEGIN {r = a / b; printf "  %-46s %5.2f (%.1fx %s)\n", l, r, r < 1 ? 1 / r : r, r < 1 ? good : bad}'
}
row() { printf "  %-34s %10s %10s  %s\n" "$@"; }

# busybox:latest (CMD sh) from scripts/make-busybox-image, the same tar in every engine.
scripts/make-busybox-image -o "$work/busybox.tar" 2>/dev/null
podman_runtime=runc raw_runtimes=(runc)
# crun refuses hybrid cgroup hosts with controllers on cgroup2 (DESIGN.md section 7); berthd
# then uses runc, and so do podman and the raw runs here.
if have crun && scripts/setup-cgroups --check >/dev/null 2>&1; then podman_runtime=crun raw_runtimes=(crun runc); fi
# podman 4.3 as root asks for 1048576 open files, above the hard limit here (DESIGN.md
# section 7): give it the host's hard limit, and at most the 32768 processes podman runs with.
nproc_hard=$(ulimit -Hu)
[[ $nproc_hard == unlimited || $nproc_hard -gt 32768 ]] && nproc_hard=32768
podman_limits=(--ulimit "nofile=1024:$(ulimit -Hn)" --ulimit "nproc=$nproc_hard")

mkdir -p "$work/berth" "$DOCKER_CONFIG"
echo '{}' >"$DOCKER_CONFIG/config.json" # podman reads it too, and fails when it is missing
"$bin/berthd" --data-root "$work/berth/data" --exec-root "$work/berth/exec" -H "unix://$work/berthd.sock" \
  --pidfile "$work/berthd.pid" --log-level warn 2>"$work/berthd.log" &
berthd_pid=$!
have_dockerd=false have_podman=false
if have dockerd; then
  have_dockerd=true
  dockerd --data-root "$work/docker/data" --exec-root "$work/docker/exec" -H "unix://$work/dockerd.sock" \
    --pidfile "$work/dockerd.pid" --bridge=none --iptables=false --ip6tables=false --ip-masq=false \
    --log-level warn >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
fi
have podman && have_podman=true
wait_socket "$work/berthd.sock" "$work/berthd.log"
$have_dockerd && wait_socket "$work/dockerd.sock" "$work/dockerd.log"
berth_runtime=$(dk berthd info -f '{{.DefaultRuntime}}')
dockerd_runtime=""
$have_dockerd && dockerd_runtime=$(dk dockerd info -f '{{.DefaultRuntime}}')

echo "berthd $("$bin/berthd" --version 2>&1 | head -1) ($bin), runtime $berth_runtime"
if $have_dockerd; then echo "$(dockerd --version), runtime $dockerd_runtime"; else echo "dockerd: not installed"; fi
if $have_podman; then
  echo "$(podman --version), runtime $podman_runtime, conmon $(conmon --version | head -1 | awk '{print $3}')"
else
  echo "podman: not installed"
fi
echo "client: docker CLI $("$docker" version -f '{{.Client.Version}}' 2>/dev/null) ($docker)"
for rt in runc crun; do if have "$rt"; then "$rt" --version | head -1; fi; done
echo "$(uname -r), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at start, BENCH_RUNS=$runs"

dk berthd import --change 'CMD ["sh"]' "$work/busybox.tar" busybox:latest >/dev/null
$have_dockerd && dk dockerd import --change 'CMD ["sh"]' "$work/busybox.tar" busybox:latest >/dev/null
$have_podman && pm import --change 'CMD ["sh"]' "$work/busybox.tar" busybox:latest >/dev/null 2>&1

# The raw runtime: one bundle (runc spec, running `true`), its rootfs a fresh overlayfs per run.
mkdir -p "$work/raw/lower" "$work/raw/bundle/rootfs"
tar -C "$work/raw/lower" -xf "$work/busybox.tar"
(cd "$work/raw/bundle" && runc spec)
/usr/bin/python3 - "$work/raw/bundle/config.json" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    c = json.load(f)
c["process"].update(args=["true"], terminal=False)
c["root"] = {"path": "rootfs", "readonly": False}
with open(sys.argv[1], "w") as f:
    json.dump(c, f, indent=1)
PY

# --- 1. run --rm ---------------------------------------------------------------------------
# Each function runs one container; $1 is the iteration, for a unique name.
run_berthd_docker() { dk berthd run --rm --network none --name "$tag-d$1" busybox true; }
run_berthd_berth() { berth run --rm --network none --name "$tag-b$1" busybox true; }
run_dockerd() { dk dockerd run --rm --network none --name "$tag-d$1" busybox true; }
run_podman() { pm run --rm --network none "${podman_limits[@]}" --name "$tag-p$1" busybox true; }
run_raw() {
  local rt=$1 run="$work/raw/run" rc=0
  mkdir -p "$run/upper" "$run/work"
  mount -t overlay overlay -o "lowerdir=$work/raw/lower,upperdir=$run/upper,workdir=$run/work" "$work/raw/bundle/rootfs" || return 1
  "$rt" --root "$work/raw/state-$rt" run --bundle "$work/raw/bundle" "$tag-$rt$2" </dev/null || rc=$?
  umount "$work/raw/bundle/rootfs" && rm -rf "$run" && return "$rc"
}
run_raw_runc() { run_raw runc "$1"; }
run_raw_crun() { run_raw crun "$1"; }

# Times one call of a function in microseconds into $work/samples/<key>; on failure, or when it
# takes more than BENCH_TIMEOUT seconds (a hang: it is killed), prints the output, marks the key
# failed and returns 1.
declare -A failed=()
kill_tree() {
  local children child
  children=$(pgrep -P "$1") || true
  kill -9 "$1" 2>/dev/null || true
  for child in $children; do kill_tree "$child"; done
}
time_into() {
  local key=$1 start end pid watchdog rc=0
  shift
  start=$(date +%s%N)
  "$@" >"$work/out" 2>&1 &
  pid=$!
  (sleep "$timeout" && echo "killed after ${timeout} s: a hang" >>"$work/out" && kill_tree "$pid") &
  watchdog=$!
  disown "$watchdog" # no "Killed" notice from bash when it goes
  { wait "$pid"; } 2>/dev/null || rc=$? # (no "Killed" notice from bash)
  end=$(date +%s%N)
  kill_tree "$watchdog"
  if ((rc != 0)); then
    { echo "FAILED: $key, iteration $2, exit status $rc, of:"; declare -f "$1"; echo "output:"; tail -20 "$work/out"; } >&2
    failed[$key]=1
    return 1
  fi
  echo $(((end - start) / 1000)) >>"$work/samples/$key"
}
# Runs each "key fn" pair once as a warm-up, then BENCH_RUNS rounds in turns.
measure() {
  local i key fn
  for ((i = 0; i <= runs; i++)); do
    for pair in "$@"; do
      read -r key fn <<<"$pair"
      [[ -n "${failed[$key]:-}" ]] && continue
      time_into "$key" "$fn" "$i" || continue
      if ((i == 0)); then : >"$work/samples/$key"; fi # the warm-up does not count
    done
  done
}
mkdir -p "$work/samples"

run_set=("berth-docker run_berthd_docker" "berth-berth run_berthd_berth")
$have_dockerd && run_set+=("dockerd run_dockerd")
$have_podman && run_set+=("podman run_podman")
for rt in "${raw_runtimes[@]}"; do run_set+=("raw-$rt run_raw_$rt"); done
measure "${run_set[@]}"

show() { # key label runtime
  if [[ -n "${failed[$1]:-}" ]]; then row "$2" FAILED "" "$3"; return; fi
  read -r med p90 < <(stats_ms "$work/samples/$1")
  row "$2" "$med ms" "$p90 ms" "$3"
}
echo
echo "run --rm --network none busybox true, $runs runs each"
row "" median p90 runtime
show berth-docker "berthd (docker CLI v28)" "$berth_runtime"
show berth-berth "berthd (berth CLI)" "$berth_runtime"
if $have_dockerd; then show dockerd "dockerd 20.10 (docker CLI v28)" "$dockerd_runtime"; else row "dockerd 20.10" "not installed" "" ""; fi
if $have_podman; then show podman "podman 4.3" "$podman_runtime"; else row "podman 4.3" "not installed" "" ""; fi
for rt in "${raw_runtimes[@]}"; do show "raw-$rt" "$rt run + overlayfs mount" "$rt"; done
if have crun && [[ " ${raw_runtimes[*]} " != *" crun "* ]]; then
  row "crun run + overlayfs mount" "skipped" "" "(hybrid cgroups: scripts/setup-cgroups)"
fi

ok() { [[ -z "${failed[$1]:-}" && -s "$work/samples/$1" ]]; }
echo "ratios of the medians (lower is better for berth):"
ok berth-docker && ok dockerd && ratio "berthd/dockerd (both docker CLI v28)" "$(median_ms "$work/samples/berth-docker")" "$(median_ms "$work/samples/dockerd")"
ok berth-berth && ok podman && ratio "berth/podman (each its own CLI)" "$(median_ms "$work/samples/berth-berth")" "$(median_ms "$work/samples/podman")"
ok berth-docker && ok podman && ratio "berthd (docker CLI)/podman" "$(median_ms "$work/samples/berth-docker")" "$(median_ms "$work/samples/podman")"
if ok "raw-$berth_runtime"; then
  echo "above the raw runtime berthd uses ($berth_runtime run + overlayfs mount), medians:"
  raw=$(median_ms "$work/samples/raw-$berth_runtime")
  for pair in "berth-docker berthd (docker CLI v28)" "berth-berth berthd (berth CLI)" "dockerd dockerd 20.10" "podman podman 4.3"; do
    read -r key label <<<"$pair"
    ok "$key" && awk -v a="$(median_ms "$work/samples/$key")" -v b="$raw" -v l="$label" 'BEGIN {printf "  %-46s %+7.1f ms\n", l, a - b}'
  done
fi

# --- 2. ps -a with 50 created containers ------------------------------------------------------
for i in $(seq 50); do
  dk berthd create --network none --name "$tag-c$i" busybox true >/dev/null
  $have_dockerd && dk dockerd create --network none --name "$tag-c$i" busybox true >/dev/null
  $have_podman && pm create --network none "${podman_limits[@]}" --name "$tag-c$i" busybox true >/dev/null
done
ps_berthd_docker() { dk berthd ps -a; }
ps_berthd_berth() { berth ps -a; }
ps_dockerd() { dk dockerd ps -a; }
ps_podman() { pm ps -a; }
ps_set=("ps-berth-docker ps_berthd_docker" "ps-berth-berth ps_berthd_berth")
$have_dockerd && ps_set+=("ps-dockerd ps_dockerd")
$have_podman && ps_set+=("ps-podman ps_podman")
measure "${ps_set[@]}"
count() { echo $(($("$@" | wc -l) - 1)); }
echo
echo "ps -a with 50 created containers, $runs runs each"
row "" median p90 "containers listed"
show ps-berth-docker "berthd (docker CLI v28)" "$(count ps_berthd_docker)"
show ps-berth-berth "berthd (berth ps -a)" "$(count ps_berthd_berth)"
if $have_dockerd; then show ps-dockerd "dockerd 20.10 (docker CLI v28)" "$(count ps_dockerd)"; else row "dockerd 20.10" "not installed" "" ""; fi
if $have_podman; then show ps-podman "podman 4.3 (podman ps -a)" "$(count ps_podman)"; else row "podman 4.3" "not installed" "" ""; fi
echo "ratios of the medians (lower is better for berth):"
ok ps-berth-docker && ok ps-dockerd && ratio "berthd/dockerd (both docker CLI v28)" "$(median_ms "$work/samples/ps-berth-docker")" "$(median_ms "$work/samples/ps-dockerd")"
ok ps-berth-berth && ok ps-dockerd && ratio "berth ps -a/docker ps -a on dockerd" "$(median_ms "$work/samples/ps-berth-berth")" "$(median_ms "$work/samples/ps-dockerd")"
ok ps-berth-berth && ok ps-podman && ratio "berth/podman (each its own CLI)" "$(median_ms "$work/samples/ps-berth-berth")" "$(median_ms "$work/samples/ps-podman")"

# --- 3. memory ------------------------------------------------------------------------------
# Only running containers from here on.
remove_all berthd
if $have_dockerd; then remove_all dockerd; fi
if $have_podman; then pm rm -a -f >/dev/null; fi
engines=(berthd)
$have_dockerd && engines+=(dockerd)
$have_podman && engines+=(podman)
start_sleep() { # engine name
  if [[ $1 == podman ]]; then
    pm run -d --network none "${podman_limits[@]}" --name "$2" busybox sleep 86400
  else
    dk "$1" run -d --network none --name "$2" busybox sleep 86400
  fi
}
# Starts container NAME in every engine still in the list; an engine that fails leaves it.
start_everywhere() {
  local engine out kept=()
  for engine in "${engines[@]}"; do
    if out=$(start_sleep "$engine" "$1" 2>&1); then
      kept+=("$engine")
    else
      { echo "FAILED: memory, $engine, of:"; declare -f start_sleep; echo "with $engine $1; output:"; echo "$out"; } >&2
      failed[memory-$engine]=1
    fi
  done
  engines=("${kept[@]}")
}
# The monitor of a container: the parent of its init process (all three are subreapers).
monitor_of() { # engine name
  local pid
  if [[ $1 == podman ]]; then pid=$(pm inspect -f '{{.State.Pid}}' "$2"); else pid=$(dk "$1" inspect -f '{{.State.Pid}}' "$2"); fi
  ps -o ppid= -p "$pid" | tr -d ' '
}
monitor_name() { tr -d '\n' <"/proc/$1/comm"; }
declare -A one_shim=() shims_mem=() daemon_mem=() monitors=()
start_everywhere "$tag-s1"
sleep 2
for engine in "${engines[@]}"; do
  pid=$(monitor_of "$engine" "$tag-s1")
  monitors[$engine]=$(monitor_name "$pid")
  one_shim[$engine]=$(mem_kib "$pid")
done
for i in $(seq 2 10); do start_everywhere "$tag-s$i"; done
sleep 3
for engine in "${engines[@]}"; do
  pids=()
  for i in $(seq 10); do pids+=("$(monitor_of "$engine" "$tag-s$i")"); done
  shims_mem[$engine]=$(mem_kib "${pids[@]}")
  # dockerd's children: the containerd it starts (the shims are not among them)
  # shellcheck disable=SC2046 # pgrep prints pids
  case $engine in
    berthd) daemon_mem[$engine]=$(mem_kib "$berthd_pid") ;;
    dockerd) daemon_mem[$engine]=$(mem_kib "$dockerd_pid" $(pgrep -P "$dockerd_pid")) ;;
  esac
done
echo
echo "memory in KiB, 'sleep' containers"
row "" RSS PSS ""
for engine in berthd dockerd podman; do
  [[ -n "${one_shim[$engine]:-}" ]] || continue
  read -r rss pss <<<"${one_shim[$engine]}"
  row "${monitors[$engine]}, 1 running" "$rss" "$pss" "($engine)"
done
for engine in berthd dockerd podman; do
  [[ -n "${shims_mem[$engine]:-}" ]] || continue
  read -r rss pss <<<"${shims_mem[$engine]}"
  row "10 x ${monitors[$engine]}, 10 running" "$rss" "$pss" "($engine)"
done
if [[ -n "${daemon_mem[berthd]:-}" ]]; then
  read -r rss pss <<<"${daemon_mem[berthd]}"
  row "berthd, 10 running" "$rss" "$pss" ""
fi
if [[ -n "${daemon_mem[dockerd]:-}" ]]; then
  read -r rss pss <<<"${daemon_mem[dockerd]}"
  row "dockerd + containerd, 10 running" "$rss" "$pss" ""
fi
if [[ -n "${shims_mem[podman]:-}" ]]; then row "podman" "no daemon" "" ""; fi
echo "ratios (lower is better for berth):"
if [[ -n "${one_shim[berthd]:-}" ]]; then
  read -r b_rss b_pss <<<"${one_shim[berthd]}"
  for engine in dockerd podman; do
    [[ -n "${one_shim[$engine]:-}" ]] || continue
    read -r rss pss <<<"${one_shim[$engine]}"
    ratio "berth-shim/${monitors[$engine]} RSS, 1 running" "$b_rss" "$rss" smaller larger
    ratio "berth-shim/${monitors[$engine]} PSS, 1 running" "$b_pss" "$pss" smaller larger
  done
fi
if [[ -n "${daemon_mem[berthd]:-}" && -n "${daemon_mem[dockerd]:-}" ]]; then
  read -r b_rss b_pss <<<"${daemon_mem[berthd]}"
  read -r d_rss d_pss <<<"${daemon_mem[dockerd]}"
  ratio "berthd/(dockerd+containerd) RSS, 10 running" "$b_rss" "$d_rss" smaller larger
  read -r _ bs_pss <<<"${shims_mem[berthd]}"
  read -r _ ds_pss <<<"${shims_mem[dockerd]}"
  ratio "berthd+shims/dockerd+containerd+shims PSS, 10" "$((b_pss + bs_pss))" "$((d_pss + ds_pss))" smaller larger
fi
if [[ -n "${shims_mem[berthd]:-}" ]]; then
  read -r _ bs_pss <<<"${shims_mem[berthd]}"
  for engine in dockerd podman; do
    [[ -n "${shims_mem[$engine]:-}" ]] || continue
    read -r _ pss <<<"${shims_mem[$engine]}"
    ratio "10 berth-shims/10 ${monitors[$engine]}s PSS" "$bs_pss" "$pss" smaller larger
  done
fi
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
((${#failed[@]} == 0)) || { echo "failed: ${!failed[*]} (see above)" >&2; exit 1; }
