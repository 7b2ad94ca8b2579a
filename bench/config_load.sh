#!/usr/bin/env bash
# Times `berth-compose config` on a generated 1,000-service project (extends + interpolation)
# against Debian's `docker-compose config` (1.29) on the same files, in the same run, with
# hyperfine. Usage: bench/config_load.sh [SERVICES]   (needs: scripts/install-deps --bench)
set -euo pipefail
cd "$(dirname "$0")/.."
services=${1:-1000}
scripts/install-deps --bench
cmake --preset release >/dev/null
cmake --build --preset release --target berth-compose -j "$(nproc)" >/dev/null
berth=$PWD/build/release/bin/berth-compose

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_project.py "$work" --services "$services"
cd "$work"
"$berth" config -q
/usr/bin/docker-compose config -q

hyperfine --warmup 2 --min-runs 5 --export-json "$work/result.json" \
  --command-name berth-compose "$berth config >/dev/null" \
  --command-name docker-compose "/usr/bin/docker-compose config >/dev/null"

python3 - "$work/result.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
berth, ref = results["berth-compose"], results["docker-compose"]
print(f"berth-compose config: median {berth['median']*1000:.1f} ms")
print(f"docker-compose config: median {ref['median']*1000:.1f} ms")
print(f"ratio (docker-compose / berth-compose): {ref['median']/berth['median']:.0f}x faster")
PY
/usr/bin/time -f "berth-compose config peak RSS: %M KiB" "$berth" config >/dev/null
