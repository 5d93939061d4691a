#!/usr/bin/env bash
# Instructions per iteration of each runtime benchmark (tests/benches/validation.rs), counted by
# callgrind, which the VM's speed does not move. Each case runs 200 and 1,200 times; the
# difference over 1,000 leaves the set-up out. Cases come in pairs (ours, then its baseline), so
# each pair's ratio is printed too. Installs valgrind (Debian) when missing.
# Usage: scripts/instructions.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind; }

# The bench binary, as `cargo bench` builds it (release, the bench profile).
bin=$(cargo bench --quiet --no-run --message-format=json -p tests --bench validation |
  python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("executable") and m["target"]["name"] == "validation": print(m["executable"])')

count() { # case iterations → instructions
  BENCH_CASE=$1 BENCH_ITERATIONS=$2 valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

printf '%-48s %14s %8s\n' "case" "instr/iter" "ratio"
ours=""
while read -r case; do
  per=$(( ($(count "$case" 1200) - $(count "$case" 200)) / 1000 ))
  if [[ $case == */baseline_* && -n $ours ]]; then
    printf '%-48s %14d %8s\n' "$case" "$per" "$(python3 -c "print(f'{$ours / $per:.2f}x')")"
  else
    printf '%-48s %14d\n' "$case" "$per"
    ours=$per
  fi
done < <(BENCH_ITERATIONS=0 "$bin")
