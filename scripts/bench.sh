#!/usr/bin/env bash
# Reproduces every figure in BENCHMARKS.md. Needs the full Cloudflare spec beside the project
# (../shared/specs/cloudflare-openapi-2024-08.json) for the large-spec rows; installs hyperfine
# (Debian) for the generation section, cargo-progenitor (crates.io, pinned) for the generation and
# compile sections, and valgrind for the runtime's instruction counts, when missing. Takes about
# 40 minutes.
# Usage: scripts/bench.sh [generation] [compile] [runtime]   (default: all three)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Sections to run (default: all): generation, compile, runtime.
SECTIONS=" ${*:-generation compile runtime} "
want() { [[ $SECTIONS == *" $1 "* ]]; }

PROGENITOR_VERSION=0.15.1
FULL=../shared/specs/cloudflare-openapi-2024-08.json
SMALL=spec/zero-trust-organization.yaml
OUT=target/bench
mkdir -p "$OUT"

if want generation; then # the timer only the generation section needs
  command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
fi
if want generation || want compile; then # the peer both sections compare with
  command -v cargo-progenitor >/dev/null ||
    cargo install cargo-progenitor --version "$PROGENITOR_VERSION" --locked --quiet
fi

cargo build --release --quiet --package xtask
gen=target/release/xtask

echo "== machine"
nproc; grep -m1 'model name' /proc/cpuinfo || true; free -g | head -2
# A shared VM's speed drifts by 1.5x over hours: this fixed loop says how fast it is right now.
/usr/bin/time -f "reference loop (python, 10M additions): %e s" python3 -c 's = 0
for i in range(10_000_000): s += i' 

if want generation; then
echo "== generation time (hyperfine: mean ± σ, min … max), peak memory (/usr/bin/time)"
hyperfine --warmup 2 --runs 10 --style basic \
  -n "ours: small spec" "$gen codegen --spec $SMALL --out $OUT/small" \
  -n "progenitor: small spec" "cargo progenitor -i $SMALL -o $OUT/progenitor-small -n small -v 0.1.0"
hyperfine --warmup 1 --runs 5 --style basic -i \
  -n "ours: full Cloudflare spec, warm (output up to date)" "$gen codegen --spec $FULL --out $OUT/full" \
  -n "progenitor: full Cloudflare spec" "cargo progenitor -i $FULL -o $OUT/progenitor-full -n full -v 0.1.0"
# Cold: each run into a directory that does not exist. The last run's output is moved aside, not
# deleted, until the end: ext4 will not reuse an inode for a while after it is freed, and
# scanning past the 1,450 just freed adds about half a second to creating as many files
# (`recently_deleted` in perf), which is the benchmark's doing, not the generator's. So this
# section deletes what it generated at its end only.
mkdir -p "$OUT/cold-aside"
hyperfine --warmup 1 --runs 10 --style basic \
  --prepare "if [ -d $OUT/cold ]; then mv $OUT/cold $OUT/cold-aside/\$(date +%s%N); fi" \
  -n "ours: full Cloudflare spec, cold (new directory)" "$gen codegen --spec $FULL --out $OUT/cold"
for spec in "$SMALL" "$FULL"; do
  /usr/bin/time -f "peak memory %M KB, wall %e s: $spec" "$gen" codegen --spec "$spec" --out "$OUT/mem" >/dev/null 2>"$OUT/time.log" || true
  tail -1 "$OUT/time.log"
done

echo "== stages on the full spec, cold (5 runs, each into a new directory, deleted at the end)"
for run in 1 2 3 4 5; do
  "$gen" codegen --spec "$FULL" --out "$OUT/stages-$run-$(date +%s%N)" --timings 2>&1 | grep -E '^ +[a-z +]+:' | tr -s ' ' | tr '\n' ';'; echo
done

echo "== scaling on synthetic specs"
for n in 10 100 1000 10000; do
  python3 scripts/synth-spec.py "$n" "$OUT/synth-$n.json"
  /usr/bin/time -f "$n operations: wall %e s, peak %M KB" "$gen" codegen --spec "$OUT/synth-$n.json" --out "$OUT/synth-$n" \
    >/dev/null 2>"$OUT/time.log" || true
  tail -1 "$OUT/time.log"
done
rm -rf "$OUT/cold" "$OUT/cold-aside" "$OUT"/stages-*

fi

if want compile; then
# Always from this binary: an older output would measure older code.
"$gen" codegen --spec "$FULL" --out "$OUT/full" 2>/dev/null
echo "== compile cost of the generated crates: the crate alone, its dependencies built first"
# cargo build (debug), so code generation counts too; /usr/bin/time's peak is rustc's.
# Whole-crate compiles, as a user's first build is (incremental state only adds cost here).
# A split crate is built with its models crate (`models/`): the peak is the larger rustc's.
export CARGO_INCREMENTAL=0
compile_cost() { # label manifest-dir cargo-feature-args...
  local label=$1 dir=$2; shift 2
  cargo build --quiet --manifest-path "$dir/Cargo.toml" --target-dir "$OUT/build-target" "$@" 2>/dev/null || true
  local manifest name
  for manifest in "$dir/Cargo.toml" "$dir/models/Cargo.toml"; do
    [[ -f $manifest ]] || continue
    name=$(awk -F'"' '/^name = /{print $2; exit}' "$manifest")
    cargo clean --quiet --manifest-path "$dir/Cargo.toml" --target-dir "$OUT/build-target" -p "$name"
  done
  if /usr/bin/time -f "$label: wall %e s, peak %M KB" \
    cargo build --quiet --manifest-path "$dir/Cargo.toml" --target-dir "$OUT/build-target" "$@" \
    2>"$OUT/time.log"; then
    tail -1 "$OUT/time.log"
  else
    echo "$label: BUILD FAILED"; tail -30 "$OUT/time.log"
  fi
}
rm -rf "$OUT/build-target"
compile_cost "endpoint crate (generated/)" generated
compile_cost "full spec, no group (client only)" "$OUT/full" --no-default-features --features client
compile_cost "full spec, one group (zero-trust-organization)" "$OUT/full" \
  --no-default-features --features client,zero-trust-organization
compile_cost "full spec, one large group (radar-http)" "$OUT/full" --no-default-features --features client,radar-http
compile_cost "full spec, every group (default features), two crates (the default)" "$OUT/full"
"$gen" codegen --spec "$FULL" --out "$OUT/full-one-crate" --layout one-crate 2>/dev/null
compile_cost "full spec, every group (default features), one crate (--layout one-crate)" "$OUT/full-one-crate"
# The Zero Trust cut beside progenitor: every operation under /access/ except the seven that
# progenitor 0.15.1 cannot generate (four run it out of memory, three fail), 109 operations.
# Three interleaved runs each; the ratios are ours over progenitor's.
python3 scripts/cut-spec.py "$FULL" /access/ "$OUT/zt109.json" \
  --skip access-applications-add-an-application --skip access-applications-update-an-access-application \
  --skip zone-level-access-applications-add-a-bookmark-application \
  --skip zone-level-access-applications-update-a-bookmark-application \
  --skip "access-bookmark-applications-(-deprecated)-create-a-bookmark-application" \
  --skip "access-bookmark-applications-(-deprecated)-update-a-bookmark-application" \
  --skip "access-bookmark-applications-(-deprecated)-delete-a-bookmark-application"
rm -rf "$OUT/zt109-ours" "$OUT/zt109-progenitor"
"$gen" codegen --quiet --no-examples --crate-name zt109-ours --spec "$OUT/zt109.json" --out "$OUT/zt109-ours"
cargo progenitor -i "$OUT/zt109.json" -o "$OUT/zt109-progenitor" -n zt109-progenitor -v 0.1.0 >/dev/null
echo '[workspace]' >>"$OUT/zt109-progenitor/Cargo.toml" # its own workspace, as ours is
for _ in 1 2 3; do
  compile_cost "Zero Trust cut (109 operations), ours" "$OUT/zt109-ours"
  compile_cost "Zero Trust cut (109 operations), progenitor $PROGENITOR_VERSION" "$OUT/zt109-progenitor"
done
# Stripe's public document, from the corpus (scripts/fetch-corpus.sh target/corpus-docs).
STRIPE=target/corpus-docs/stripe.yaml
if [[ -f $STRIPE ]]; then
  "$gen" codegen --quiet --no-examples --crate-name bench-stripe --spec "$STRIPE" --out "$OUT/stripe"
  "$gen" codegen --quiet --no-examples --crate-name bench-stripe-flat --layout flat --spec "$STRIPE" \
    --out "$OUT/stripe-flat"
  compile_cost "stripe (468 operations), two crates (the default)" "$OUT/stripe"
  compile_cost "stripe (468 operations), one crate (--layout flat)" "$OUT/stripe-flat"
else
  echo "stripe: skipped ($STRIPE missing; scripts/fetch-corpus.sh target/corpus-docs fetches it)"
fi

fi

if want runtime; then
echo "== runtime (criterion): each row beside its serde_json baseline"
cargo bench --quiet --package tests --bench validation -- --warm-up-time 1 --measurement-time 3 2>&1 |
  grep -E '^[a-z_]+/|time:'
echo "== runtime, instructions per iteration (callgrind): what the VM's speed does not move"
scripts/instructions.sh
fi
