#!/usr/bin/env bash
# Networks: berthd against Debian's dockerd 20.10, side by side in one run, each on its own
# temporary roots and its own bridges:
#   - the time networking adds to a container's life: `run --rm busybox true` on the default
#     bridge, and on a user-defined network, minus the same with --network none (medians of
#     BENCH_RUNS runs; the engines take turns so load from other work hits both alike);
#   - DNS lookup latency from inside a container: a client on a user-defined network resolves
#     another container's name BENCH_LOOKUPS times with busybox nslookup (a process per
#     lookup, the same for both engines); the figure is the time per lookup.
# Only names the engines answer themselves are looked up: nothing goes to the host's resolver.
# dockerd runs with --iptables=false (its rules would change the host's FORWARD policy);
# berthd runs with its own nftables table, which it removes when it stops.
# Usage: [BENCH_RUNS=20] [BENCH_LOOKUPS=200] [BERTH_BIN=build/dev/bin] bench/network.sh
#   (root; needs scripts/install-deps --bench; without BERTH_BIN it builds the release binaries)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-20}
lookups=${BENCH_LOOKUPS:-200}
for n in "$runs" "$lookups"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "network.sh: BENCH_RUNS and BENCH_LOOKUPS must be positive numbers" >&2; exit 2; }
done
[[ $EUID -eq 0 ]] || { echo "network.sh: run as root" >&2; exit 1; }
scripts/install-deps --bench || echo "network.sh: scripts/install-deps --bench failed; benchmarking what is installed" >&2
if [[ -n "${BERTH_BIN:-}" ]]; then
  bin=$(realpath "$BERTH_BIN")
else
  cmake --preset release >/dev/null
  cmake --build --preset release --target berthd berth-shim berth -j 2 >/dev/null
  bin=$PWD/build/release/bin
fi
docker=/usr/local/bin/docker
[[ -x $docker ]] || docker=/usr/bin/docker
have() { command -v "$1" >/dev/null 2>&1; }

work=$(mktemp -d /tmp/berth-netbench-XXXXXX)
tag="nb$$"
export DOCKER_CONFIG="$work/docker-config"
unset DOCKER_HOST DOCKER_CONTEXT
dk() { local sock=$1; shift; "$docker" -H "unix://$work/$sock.sock" "$@"; }
berthd_pid="" dockerd_pid=""
stop_daemon() {
  [[ -n "$1" ]] || return 0
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 150); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}
cleanup() {
  set +e
  for sock in berthd dockerd; do
    [[ -S "$work/$sock.sock" ]] || continue
    mapfile -t ids < <(dk "$sock" ps -aq)
    ((${#ids[@]})) && dk "$sock" rm -f "${ids[@]}" >/dev/null 2>&1
    dk "$sock" network rm "$tag-net" >/dev/null 2>&1
  done
  stop_daemon "$berthd_pid"
  stop_daemon "$dockerd_pid"
  for pid in $(pgrep -f -- "$work"); do [[ $pid != "$$" ]] && kill -9 "$pid" 2>/dev/null; done
  ip link delete "${tag}b0" 2>/dev/null
  ip link delete "${tag}d0" 2>/dev/null
  awk -v w="$work" 'index($5, w "/") == 1 || $5 == w {print $5}' /proc/self/mountinfo | sort -r |
    while read -r mnt; do umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null; done
  rm -rf --one-file-system "$work"
  return 0
}
trap cleanup EXIT

wait_socket() { # socket log
  for _ in $(seq 300); do [[ -S "$1" ]] && "$docker" -H "unix://$1" version >/dev/null 2>&1 && return; sleep 0.1; done
  echo "no answer on $1; $2 says:" >&2
  tail -20 "$2" >&2
  exit 1
}
median_ms() { sort -n "$1" | awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m / 1000}'; }
row() { printf "  %-44s %12s %12s\n" "$@"; }

scripts/make-busybox-image -o "$work/busybox.tar" 2>/dev/null
mkdir -p "$work/berth" "$DOCKER_CONFIG"
echo '{}' >"$DOCKER_CONFIG/config.json"
# Subnets of their own for both engines, off the pools a running engine may use.
"$bin/berthd" --data-root "$work/berth/data" --exec-root "$work/berth/exec" -H "unix://$work/berthd.sock" \
  --pidfile "$work/berthd.pid" --log-level warn --bridge "${tag}b0" --bip 10.231.0.1/24 \
  --default-address-pool base=10.232.0.0/16,size=24 --nft-table "berth_$tag" --dns-forward none \
  2>"$work/berthd.log" &
berthd_pid=$!
have_dockerd=false
if have dockerd; then
  have_dockerd=true
  ip link add "${tag}d0" type bridge && ip addr add 10.233.0.1/24 dev "${tag}d0" && ip link set "${tag}d0" up
  dockerd --data-root "$work/docker/data" --exec-root "$work/docker/exec" -H "unix://$work/dockerd.sock" \
    --pidfile "$work/dockerd.pid" --bridge "${tag}d0" --iptables=false --ip6tables=false --ip-masq=false \
    --default-address-pool base=10.234.0.0/16,size=24 --log-level warn >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
fi
wait_socket "$work/berthd.sock" "$work/berthd.log"
$have_dockerd && wait_socket "$work/dockerd.sock" "$work/dockerd.log"
engines=(berthd)
$have_dockerd && engines+=(dockerd)

echo "berthd ($bin), runtime $(dk berthd info -f '{{.DefaultRuntime}}')"
if $have_dockerd; then echo "$(dockerd --version), runtime $(dk dockerd info -f '{{.DefaultRuntime}}')"; else echo "dockerd: not installed"; fi
echo "client: docker CLI $("$docker" version -f '{{.Client.Version}}' 2>/dev/null) ($docker)"
echo "$(uname -r), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at start, BENCH_RUNS=$runs, BENCH_LOOKUPS=$lookups"
for engine in "${engines[@]}"; do
  dk "$engine" import --change 'CMD ["sh"]' "$work/busybox.tar" busybox:latest >/dev/null
  dk "$engine" network create "$tag-net" >/dev/null
done

# --- 1. what networking adds to run --rm ------------------------------------------------------
mkdir -p "$work/samples"
time_into() { # key command...
  local key=$1 start end
  shift
  start=$(date +%s%N)
  "$@" >"$work/out" 2>&1 || { echo "FAILED: $key: $*" >&2; tail -5 "$work/out" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(((end - start) / 1000)) >>"$work/samples/$key"
}
modes=(none default "$tag-net")
for ((i = 0; i <= runs; i++)); do
  for engine in "${engines[@]}"; do
    for mode in "${modes[@]}"; do
      key="$engine-${mode/$tag-/}"
      time_into "$key" dk "$engine" run --rm --network "$mode" busybox true
      ((i == 0)) && : >"$work/samples/$key" # the warm-up does not count
    done
  done
done
echo
echo "run --rm busybox true, median of $runs runs (ms); networking = mode minus --network none"
row "" berthd dockerd
for mode in none default net; do
  b=$(median_ms "$work/samples/berthd-$mode")
  d="-"
  $have_dockerd && d=$(median_ms "$work/samples/dockerd-$mode")
  row "--network ${mode/default/default (bridge)}" "$b" "$d"
done
for mode in default net; do
  b=$(awk -v a="$(median_ms "$work/samples/berthd-$mode")" -v n="$(median_ms "$work/samples/berthd-none")" 'BEGIN {printf "%.1f", a - n}')
  d="-"
  $have_dockerd && d=$(awk -v a="$(median_ms "$work/samples/dockerd-$mode")" -v n="$(median_ms "$work/samples/dockerd-none")" 'BEGIN {printf "%.1f", a - n}')
  row "networking added, ${mode/default/default bridge}" "$b" "$d"
  [[ $d != "-" ]] && awk -v b="$b" -v d="$d" -v m="$mode" 'BEGIN {if (d > 0) printf "  %-44s %11.2f  (goal: at most 0.5)\n", "berthd / dockerd, " m, b / d}'
done

# --- 2. DNS lookups from inside a container -------------------------------------------------------
echo
echo "DNS: $lookups lookups of a container's name with busybox nslookup, inside a container"
row "" berthd dockerd
results=()
for engine in "${engines[@]}"; do
  dk "$engine" run -d --name "$tag-target" --network "$tag-net" busybox sleep 600 >/dev/null
  out=$(dk "$engine" run --rm --network "$tag-net" busybox sh -c \
    "nslookup $tag-target >/dev/null || exit 1; time sh -c 'i=0; while [ \$i -lt $lookups ]; do nslookup $tag-target >/dev/null || exit 1; i=\$((i+1)); done'" 2>&1) ||
    { echo "FAILED: $engine lookups: $out" >&2; exit 1; }
  # busybox time: "real\t0m 1.23s"
  seconds=$(awk '/^real/ {sub(/s$/, "", $3); split($2, m, "m"); print m[1] * 60 + $3}' <<<"$out")
  results+=("$(awk -v s="$seconds" -v n="$lookups" 'BEGIN {printf "%.2f", s * 1000 / n}')")
  dk "$engine" rm -f "$tag-target" >/dev/null
done
row "ms per lookup (incl. starting nslookup)" "${results[0]}" "${results[1]:--}"
