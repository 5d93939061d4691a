#!/usr/bin/env bash
# Runs the conformance check (tests/generator/conformance/check.rs) on any OpenAPI document, not
# only the fixtures: generates a client for it (flat, or `--layout split`: two crates), then
# checks every generated type's examples and random schema-valid samples round-trip, as a
# response and as a request. Prints each failure, each type-direction it could not sample, and a
# summary; exits 1 on any failure.
#
#   scripts/conformance.sh SPEC [--config FILE] [--tag TAG]... [--cases N] [--layout flat|split]
#
# Work goes to target/conformance/<spec file stem>/ (the client, and a harness crate whose
# build script asks the generator which types it made and where in the spec each comes from);
# builds to target/conformance/target, or to $CONFORMANCE_TARGET_DIR.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
usage() { echo "usage: $0 SPEC [--config FILE] [--tag TAG]... [--cases N] [--layout flat|split]" >&2; exit 2; }
[ $# -ge 1 ] || usage
spec="$(realpath "$1")"
shift
config="" tags="" cases=48 layout=flat flags=()
while [ $# -gt 0 ]; do
  case "$1" in
    --config) config="$(realpath "$2")"; flags+=(--config "$config"); shift 2 ;;
    --tag) tags="${tags:+$tags,}$2"; flags+=(--tag "$2"); shift 2 ;;
    --cases) cases="$2"; shift 2 ;;
    --layout) layout="$2"; shift 2 ;;
    *) usage ;;
  esac
done
name="$(basename "${spec%.*}")"
work="$root/target/conformance/$name"
mkdir -p "$work/harness/src"

# $CONFORMANCE_CLIENT: a client already generated so (the test suite writes its own, as cargo
# cannot run here while the suite holds the workspace's build directory).
client="${CONFORMANCE_CLIENT:-$work/client}"
if [ -z "${CONFORMANCE_CLIENT:-}" ]; then
  cargo run --quiet --manifest-path "$root/Cargo.toml" -p openapi-rust-gen -- generate \
    --spec "$spec" --out "$client" --crate-name conformance-client --layout "$layout" --no-examples \
    --force --quiet "${flags[@]}"
fi

cat > "$work/harness/Cargo.toml" <<EOF
[package]
name = "conformance-harness"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
client = { package = "conformance-client", path = "$client" }
generator = { path = "$root/generator" }
chrono = { version = "0.4", default-features = false, features = ["std"] }
uuid = "1"
jsonschema = { version = "0.61", default-features = false }
proptest = { version = "1.11", default-features = false, features = ["std"] }
serde = "1"
serde_json = { version = "1", features = ["preserve_order"] }

[build-dependencies]
generator = { path = "$root/generator" }

[workspace]
EOF
# The project's pins, so the harness builds what the tests build.
[ -f "$work/harness/Cargo.lock" ] || cp "$root/Cargo.lock" "$work/harness/Cargo.lock"

cat > "$work/harness/build.rs" <<'EOF'
//! Lists the generated types (as the generator made them for these settings) and their origins.
use std::fmt::Write;
fn main() {
    for var in ["CONFORMANCE_SPEC", "CONFORMANCE_CONFIG", "CONFORMANCE_TAGS"] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    let spec = std::env::var("CONFORMANCE_SPEC").unwrap();
    println!("cargo:rerun-if-changed={spec}");
    let mut settings = generator::Settings::default();
    if let Some(config) = std::env::var("CONFORMANCE_CONFIG").ok().filter(|c| !c.is_empty()) {
        generator::Config::read(config.as_ref()).unwrap().apply(&mut settings);
    }
    let tags = std::env::var("CONFORMANCE_TAGS").unwrap_or_default();
    settings.tags = tags.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect();
    let text = std::fs::read_to_string(&spec).unwrap();
    let (api, _) = generator::lower_selected(&spec, &text, &settings).unwrap();
    let names: Vec<&str> = api.types.keys().map(String::as_str).collect();
    let mut out = format!("pub fn codecs() -> Vec<check::Codec> {{ codecs!(client: {}) }}\n", names.join(", "));
    out.push_str("pub fn origin(name: &str) -> String {\n    match name {\n");
    for (name, def) in &api.types {
        writeln!(out, "        {name:?} => {:?}.to_owned(),", def.origin).unwrap();
    }
    out.push_str("        _ => unreachable!(),\n    }\n}\n");
    std::fs::write(format!("{}/types.rs", std::env::var("OUT_DIR").unwrap()), out).unwrap();
}
EOF

cat > "$work/harness/src/main.rs" <<EOF
//! The conformance check on one spec's generated client (written by scripts/conformance.sh).
#[path = "$root/tests/generator/conformance/sampler.rs"]
mod sampler;
#[macro_use]
#[path = "$root/tests/generator/conformance/check.rs"]
mod check;
mod types {
    use super::check;
    include!(concat!(env!("OUT_DIR"), "/types.rs"));
}

fn main() {
    let text = std::fs::read_to_string("$spec").unwrap();
    let document = generator::load::tree(&text).unwrap();
    let codecs = types::codecs();
    let (mut checked, mut failures, mut unsampled, mut skipped) = (0, 0, 0, 0);
    // One type at a time, printed as it goes, so a long run shows where it is.
    for codec in &codecs {
        eprintln!("checking {}", codec.name);
        let report = check::check(&document, std::slice::from_ref(codec), &types::origin, $cases);
        for line in &report.skipped { println!("skipped: {line}"); }
        for line in &report.unsampled { println!("unsampled: {line}"); }
        for line in &report.failures { println!("FAILED: {line}"); }
        checked += report.checked;
        failures += report.failures.len();
        unsampled += report.unsampled.len();
        skipped += report.skipped.len();
    }
    println!(
        "$name: {} types, {checked} valid values checked, {failures} failures, {unsampled} unsampled, {skipped} skipped",
        codecs.len()
    );
    std::process::exit(if failures == 0 { 0 } else { 1 });
}
EOF

CONFORMANCE_SPEC="$spec" CONFORMANCE_CONFIG="$config" CONFORMANCE_TAGS="$tags" \
  CARGO_TARGET_DIR="${CONFORMANCE_TARGET_DIR:-$root/target/conformance/target}" \
  cargo run --quiet --manifest-path "$work/harness/Cargo.toml"
