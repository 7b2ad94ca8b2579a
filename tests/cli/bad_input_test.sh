#!/usr/bin/env bash
# berth-compose must answer bad input with exactly one clear error line and exit code 1,
# never a crash or a hang. Usage: bad_input_test.sh PATH/TO/berth-compose
set -uo pipefail
bin=${1:?usage: bad_input_test.sh BERTH_COMPOSE}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0
passed=0

# expect NAME FILE EXPECTED_STDERR
expect() {
  local name=$1 file=$2 want=$3 got rc
  got=$(timeout 30 "$bin" -f "$file" config 2>&1 >/dev/null)
  rc=$?
  if [[ $rc -ne 1 || "$got" != "$want" ]]; then
    printf 'FAIL %s: rc=%s\n  want: %s\n  got:  %s\n' "$name" "$rc" "$want" "$got"
    failures=$((failures + 1))
  else
    passed=$((passed + 1))
  fi
}

printf 'services:\n  web:\n    image: [unclosed\n' >syntax.yaml
expect "yaml syntax error" syntax.yaml \
  "error: $work/syntax.yaml:4:1: invalid YAML: a \`[\` list is not closed, or a \`,\` is missing"

printf 'services:\n  web:\n    image: nginx\n    ports: 80\n' >type.yaml
expect "wrong type" type.yaml "error: $work/type.yaml:4:12: services.web.ports: must be an array, not an integer"

printf 'services:\n\tweb:\n\t\timage: x\n' >tab.yaml
expect "tab indentation" tab.yaml "error: $work/tab.yaml:2:1: tab character in indentation; YAML indents with spaces only"

{
  echo 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
  prev=a
  for cur in b c d e f g h i j; do
    printf '%s: &%s [' "$cur" "$cur"
    for i in 1 2 3 4 5 6 7 8; do printf '*%s,' "$prev"; done
    printf '*%s]\n' "$prev"
    prev=$cur
  done
  echo 'services: {}'
} >bomb.yaml
expect "alias bomb" bomb.yaml "error: $work/bomb.yaml:7:11: file expands to more than 2000000 nodes through aliases \
(an alias bomb?); use fewer aliases of large anchored blocks"

printf 'services:\n  web:\n    image: x\x00\x01\x02\x89PNG\n' >binary.yaml
expect "binary file" binary.yaml "error: $work/binary.yaml:3:13: not a text file (binary data at byte 30)"

# 50 MB of valid-looking YAML.
{
  echo 'services:'
  yes '  s: {image: x}' | head -n 3300000
} >big.yaml
expect "50 MB file" big.yaml "error: $work/big.yaml:1:1: file is 50.4 MiB, larger than the 8 MiB limit for a compose file"

printf 'services:\n  web:\n    image: ${TAG:?set TAG first}\n' >required.yaml
expect "required variable" required.yaml \
  "error: $work/required.yaml:3:12: services.web.image: required variable TAG is missing a value: set TAG first"

echo "$passed passed, $failures failed"
[[ $failures -eq 0 ]]
