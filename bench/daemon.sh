#!/usr/bin/env bash
# berthd against Debian's dockerd 20.10 (+ the containerd it starts), in one run, each on its
# own temporary data root with 50 imported images:
#   - idle RSS of the daemon processes, right after start and again after the imports;
#   - GET /v1.41/images/json latency (median of 2,000 keep-alive requests, bench/api_latency.cpp).
# Usage: bench/daemon.sh [IMAGES]   (root; needs scripts/install-deps; dockerd is never left running)
set -euo pipefail
cd "$(dirname "$0")/.."
images=${1:-50}
scripts/install-deps
cmake --preset release >/dev/null
cmake --build --preset release --target berthd api_latency -j "$(nproc)" >/dev/null
bin=$PWD/build/release/bin

work=$(mktemp -d /tmp/berth-bench-XXXXXX)
berthd_pid="" dockerd_pid=""
cleanup() {
  [[ -n "$berthd_pid" ]] && kill "$berthd_pid" 2>/dev/null && wait "$berthd_pid" 2>/dev/null
  if [[ -n "$dockerd_pid" ]]; then
    kill "$dockerd_pid" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  umount -R "$work/docker" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

wait_socket() { for _ in $(seq 300); do [[ -S "$1" ]] && /usr/bin/docker -H "unix://$1" version >/dev/null 2>&1 && return; sleep 0.1; done; echo "no answer on $1" >&2; exit 1; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

"$bin/berthd" --data-root "$work/berth/data" --exec-root "$work/berth/exec" -H "unix://$work/berthd.sock" \
  --log-level warn 2>"$work/berthd.log" &
berthd_pid=$!
/usr/sbin/dockerd --data-root "$work/docker/data" --exec-root "$work/docker/exec" -H "unix://$work/dockerd.sock" \
  --pidfile "$work/dockerd.pid" --bridge=none --iptables=false --ip6tables=false --ip-masq=false \
  --log-level warn >"$work/dockerd.log" 2>&1 &
dockerd_pid=$!
wait_socket "$work/berthd.sock"
wait_socket "$work/dockerd.sock"
sleep 3
containerd_kib() { local sum=0; for child in $(pgrep -P "$dockerd_pid"); do sum=$((sum + $(rss_kib "$child"))); done; echo "$sum"; }
report_rss() {
  local when=$1 berth_rss docker_rss containerd_rss
  berth_rss=$(rss_kib "$berthd_pid") docker_rss=$(rss_kib "$dockerd_pid") containerd_rss=$(containerd_kib)
  echo "RSS $when: berthd $berth_rss KiB; dockerd $docker_rss KiB + containerd $containerd_rss KiB"
  awk -v b="$berth_rss" -v d="$docker_rss" -v c="$containerd_rss" -v w="$when" \
    'BEGIN {printf "RSS ratio %s: dockerd alone %.1fx, dockerd+containerd %.1fx berthd\n", w, d / b, (d + c) / b}'
}
report_rss "idle after start"

# The same N distinct one-file images in both engines.
mkdir -p "$work/layers"
for i in $(seq "$images"); do
  mkdir -p "$work/layers/$i" && echo "$i" >"$work/layers/$i/id"
  tar -C "$work/layers/$i" -cf "$work/layers/$i.tar" id
  for sock in berthd dockerd; do
    /usr/bin/docker -H "unix://$work/$sock.sock" import "$work/layers/$i.tar" "bench/img$i:latest" >/dev/null
  done
done
echo "each engine holds $(/usr/bin/docker -H "unix://$work/berthd.sock" images -q | wc -l) (berthd) and" \
  "$(/usr/bin/docker -H "unix://$work/dockerd.sock" images -q | wc -l) (dockerd) images"

sleep 3
report_rss "idle after the imports"

berth_line=$("$bin/api_latency" "$work/berthd.sock" /v1.41/images/json 2000 | tee /dev/stderr | sed -n 's/MEDIAN_US=//p')
docker_line=$("$bin/api_latency" "$work/dockerd.sock" /v1.41/images/json 2000 | tee /dev/stderr | sed -n 's/MEDIAN_US=//p')
awk -v b="$berth_line" -v d="$docker_line" \
  'BEGIN {printf "GET /images/json median: berthd %.0f us, dockerd %.0f us: %.1fx lower latency\n", b, d, d / b}'
