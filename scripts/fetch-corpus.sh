#!/usr/bin/env bash
# Fetches the real-world OpenAPI documents listed in tests/corpus/MANIFEST.tsv into a directory
# (default: target/corpus-docs), each at the commit the manifest records, for
# `cargo xtask corpus --docs <dir> [--build]`. Needs git and access to github.com; the documents
# are not committed here, as their licenses vary.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/target/corpus-docs}"
cache="$root/target/corpus-repos"
mkdir -p "$out" "$cache"
tail -n +2 "$root/tests/corpus/MANIFEST.tsv" | while IFS=$'\t' read -r name file _domain _version _operations _webhooks _size repo commit path _license; do
  dir="$cache/${repo//\//+}"
  if [ ! -d "$dir" ]; then
    git clone --quiet --filter=blob:none --no-checkout "https://github.com/$repo.git" "$dir"
  fi
  git -C "$dir" cat-file -e "$commit^{commit}" 2>/dev/null || git -C "$dir" fetch --quiet origin "$commit"
  git -C "$dir" show "$commit:$path" > "$out/$file"
  echo "$name: $repo@${commit:0:12} $path -> $out/$file"
done
