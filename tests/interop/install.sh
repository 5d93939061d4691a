#!/usr/bin/env bash
# Installs the real API servers of the interop suite at pinned versions into target/interop/
# (see tests/interop/SERVERS.md):
#
#   prefect  Prefect's API server (Python, FastAPI), from PyPI: every package version pinned in
#            tests/interop/requirements.txt, installed into the virtualenv target/interop/venv,
#            plus an empty, already-migrated SQLite database at
#            target/interop/prefect-template/prefect.db that start.sh copies into each fresh data
#            directory (it saves the ~10 s of migrations on every start).
#   todo     LoopBack 4's Todo example (Node, LoopBack 4), from the npm registry: pinned by
#            tests/interop/node/package-lock.json, installed with `npm ci` into target/interop/node.
#
# Usage: tests/interop/install.sh [all|prefect|todo]     (default: all)
#        INTEROP_TARGET=DIR installs into DIR instead of target/interop.
#
# Idempotent: a server whose pin file is unchanged since its last successful install is skipped
# without touching the network. Prints one line per step.
#
# Exit codes:
#   0  installed (or already installed)
#   1  an install step failed (its log is printed)
#   2  bad usage
#   3  a package registry could not be reached: one line `install.sh: registry unreachable: ...`
#      (a local run may skip the interop suite on this; CI must fail)
#   4  a tool the install needs is missing (python3 >= 3.10 with venv, node >= 18 with npm)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dest="${INTEROP_TARGET:-$root/target/interop}" # overridable for testing this script
python="${PYTHON:-python3}"
what="${1:-all}"

case "$what" in
  all | prefect | todo) ;;
  *)
    echo "usage: $0 [all|prefect|todo]" >&2
    exit 2
    ;;
esac

mkdir -p "$dest"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# What pip and npm print when they cannot reach their registry (as opposed to a real failure).
pip_net_errors='ConnectionError|NewConnectionError|ConnectTimeout|ReadTimeout|timed out|name resolution|Name or service not known|Max retries exceeded|ProxyError|SSLError'
npm_net_errors='ENOTFOUND|ETIMEDOUT|ECONNREFUSED|ECONNRESET|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|network|socket hang up'

say() { echo "install.sh: $*"; }

fail_with_log() {
  echo "install.sh: $1" >&2
  cat "$log" >&2
  exit 1
}

unreachable() {
  echo "install.sh: registry unreachable: $1" >&2
  exit 3
}

missing_tool() {
  echo "install.sh: missing tool: $1" >&2
  exit 4
}

# Two test processes may install at the same time: serialize on a lock in target/interop.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$dest/.install.lock"
  flock 9
fi

install_prefect() {
  local venv="$dest/venv"
  local requirements="$here/requirements.txt"
  local stamp="$venv/requirements.installed"
  local template="$dest/prefect-template"

  if cmp -s "$requirements" "$stamp" && [[ -x "$venv/bin/prefect" ]] &&
    cmp -s "$requirements" "$template/requirements.installed" && [[ -f "$template/prefect.db" ]]; then
    say "prefect: already installed ($(grep -E '^prefect==' "$requirements")) in $venv"
    return 0
  fi

  command -v "$python" >/dev/null 2>&1 || missing_tool "$python (CPython >= 3.10) for the Prefect server"
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
    missing_tool "$python is older than 3.10; Prefect needs 3.10+"

  if ! cmp -s "$requirements" "$stamp" || [[ ! -x "$venv/bin/prefect" ]]; then
    say "prefect: creating virtualenv $venv"
    rm -rf "$venv"
    "$python" -m venv "$venv" >"$log" 2>&1 || {
      grep -q ensurepip "$log" && missing_tool "the venv module with ensurepip (Debian: python3-venv)"
      fail_with_log "could not create $venv"
    }

    # Ask the configured index about the pinned package first, with a short timeout, so an
    # unreachable registry is reported at once rather than after pip's long retries.
    say "prefect: checking that PyPI answers"
    if ! "$venv/bin/pip" index versions prefect --timeout 15 --retries 1 \
      --disable-pip-version-check >"$log" 2>&1; then
      rm -rf "$venv"
      if grep -qE "$pip_net_errors" "$log"; then
        unreachable "PyPI (pip index versions prefect: $(grep -E "$pip_net_errors" "$log" | tail -n 1 | cut -c1-300))"
      fi
      fail_with_log "the package index did not list prefect"
    fi

    say "prefect: pip install -r tests/interop/requirements.txt ($(grep -cE '^[A-Za-z0-9]' "$requirements") pinned packages)"
    local started=$SECONDS
    if ! "$venv/bin/pip" install --no-input --disable-pip-version-check --timeout 60 \
      --requirement "$requirements" >"$log" 2>&1; then
      if grep -qE "$pip_net_errors" "$log"; then
        unreachable "PyPI (pip install: $(grep -E "$pip_net_errors" "$log" | tail -n 1 | cut -c1-300))"
      fi
      fail_with_log "pip install failed for $requirements"
    fi
    cp "$requirements" "$stamp"
    say "prefect: installed in $((SECONDS - started)) s, $(du -sh "$venv" | cut -f1) in $venv"
  fi

  # An empty database with every migration applied and Prefect's block types registered, which
  # is what a first start would make: start.sh copies it, so each start gets a fresh database
  # without paying for the migrations again.
  say "prefect: building the empty database template in $template"
  rm -rf "$template"
  mkdir -p "$template"
  if ! PREFECT_HOME="$template" \
    PREFECT_SERVER_DATABASE_CONNECTION_URL="sqlite+aiosqlite:///$template/prefect.db" \
    PREFECT_SERVER_ANALYTICS_ENABLED=false \
    "$venv/bin/python" - >"$log" 2>&1 <<'EOF'; then
import asyncio

from prefect.server.database import provide_database_interface
from prefect.server.models.block_registration import run_block_auto_registration


async def main() -> None:
    db = provide_database_interface()
    await db.create_db()  # runs every Alembic migration
    async with await db.session() as session:
        await run_block_auto_registration(session=session)
        await session.commit()
    await (await db.engine()).dispose()


asyncio.run(main())
EOF
    fail_with_log "could not build the Prefect database template"
  fi
  # Keep only the database itself (the template directory doubles as a PREFECT_HOME above).
  find "$template" -mindepth 1 ! -name 'prefect.db' -exec rm -rf {} +
  cp "$requirements" "$template/requirements.installed"
  say "prefect: ready ($(grep -E '^prefect==' "$requirements"))"
}

install_todo() {
  local prefix="$dest/node"
  local pinned="$here/node"
  local entry="$prefix/node_modules/@loopback/example-todo/dist/index.js"

  if cmp -s "$pinned/package-lock.json" "$prefix/package-lock.json" && [[ -f "$entry" ]]; then
    say "todo: already installed (@loopback/example-todo@6.0.0) in $prefix"
    return 0
  fi

  command -v node >/dev/null 2>&1 || missing_tool "node (>= 18) for the LoopBack server"
  command -v npm >/dev/null 2>&1 || missing_tool "npm for the LoopBack server"
  node -e 'process.exit(Number(process.versions.node.split(".")[0]) < 18 ? 1 : 0)' ||
    missing_tool "node $(node --version) is older than 18"

  say "todo: checking that the npm registry answers"
  if ! npm ping --fetch-timeout=15000 --fetch-retries=1 >"$log" 2>&1; then
    if grep -qE "$npm_net_errors" "$log"; then
      unreachable "npm registry (npm ping: $(grep -E "$npm_net_errors" "$log" | head -n 1 | cut -c1-300))"
    fi
    fail_with_log "npm ping failed"
  fi

  say "todo: npm ci from tests/interop/node/package-lock.json into $prefix"
  local started=$SECONDS
  mkdir -p "$prefix"
  rm -f "$prefix/package-lock.json"
  cp "$pinned/package.json" "$pinned/package-lock.json" "$prefix/"
  # The package declares engines node 14-18; newer Node only warns (engine-strict is off).
  if ! (cd "$prefix" && npm ci --no-audit --no-fund --loglevel=error --engine-strict=false) >"$log" 2>&1; then
    rm -f "$prefix/package-lock.json" # so the next run retries
    if grep -qE "$npm_net_errors" "$log"; then
      unreachable "npm registry (npm ci: $(grep -E "$npm_net_errors" "$log" | head -n 1 | cut -c1-300))"
    fi
    fail_with_log "npm ci failed in $prefix"
  fi
  [[ -f "$entry" ]] || fail_with_log "npm ci succeeded but $entry is missing"
  say "todo: installed in $((SECONDS - started)) s, $(du -sh "$prefix/node_modules" | cut -f1) in $prefix"
}

case "$what" in
  all)
    install_prefect
    install_todo
    ;;
  prefect) install_prefect ;;
  todo) install_todo ;;
esac
