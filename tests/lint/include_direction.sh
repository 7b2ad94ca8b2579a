#!/usr/bin/env bash
# Fails when a source file includes a header from a layer it must not depend on, so the
# dependency direction of DESIGN.md ("linking only downward") holds mechanically, not by
# review. Each folder lists the folders it may include from (itself implied). A folder that
# is not in the table fails too: add it with its allowed dependencies.
set -uo pipefail
cd "$(dirname "$0")/../.."

declare -A allowed=(
  [compose/model]=""
  [compose/loader]="compose/model"
  [compose/graph]="compose/model"
  [compose/reconcile]="compose/model compose/graph engine/base engine/api engine/client"
  [compose/cli]="compose/model compose/loader compose/graph compose/reconcile engine/base engine/api engine/client"
  [engine/base]=""
  [engine/api]="engine/base"
  [engine/http]="engine/base"
  [engine/store]="engine/base"
  [engine/sys/linux]="engine/base"
  [engine/image]="engine/base engine/sys/linux"
  [engine/runtime/spec]="engine/base engine/sys/linux"
  [engine/runtime/monitor]="engine/base engine/sys/linux"
  [engine/volume]="engine/base engine/store engine/sys/linux"
  [engine/net/ipam]="engine/base"
  [engine/net/dns]="engine/base engine/net/ipam"
  [engine/net/publish]="engine/base engine/sys/linux"
  [engine/client]="engine/base engine/api"
  [engine/daemon/container]="engine/base engine/api engine/store engine/image engine/sys/linux engine/runtime/spec engine/runtime/monitor engine/volume"
  [engine/daemon/network]="engine/base engine/api engine/store engine/sys/linux engine/net/ipam engine/net/dns engine/net/publish engine/daemon/container"
  [engine/daemon]="engine/base engine/api engine/http engine/store engine/image engine/sys/linux engine/runtime/spec engine/runtime/monitor engine/volume engine/net/ipam engine/net/dns engine/net/publish engine/daemon/container engine/daemon/network"
  [engine/cli]="engine/base engine/api engine/client engine/image"
)

failures=0
checked=0
while IFS= read -r file; do
  dir=$(dirname "$file")
  if [[ ! -v "allowed[$dir]" ]]; then
    echo "FAIL $file: folder $dir is not in tests/lint/include_direction.sh; add it with its allowed dependencies"
    failures=$((failures + 1))
    continue
  fi
  while IFS= read -r header; do
    header_dir=$(dirname "$header")
    [[ "$header_dir" == "$dir" ]] && continue
    ok=0
    for dep in ${allowed[$dir]}; do
      [[ "$header_dir" == "$dep" ]] && ok=1
    done
    if ((ok == 0)); then
      echo "FAIL $file includes $header: $dir may include only from: ${allowed[$dir]:-nothing outside itself}"
      failures=$((failures + 1))
    fi
  done < <(sed -n 's/^#include "\(\(compose\|engine\)\/[^"]*\)"/\1/p' "$file")
  checked=$((checked + 1))
done < <(git ls-files -co --exclude-standard -- 'compose/*.cpp' 'compose/*.hpp' 'engine/*.cpp' 'engine/*.hpp')

echo "include direction: $checked files checked, $failures violations"
((failures == 0))
