#!/usr/bin/env bash
# Starts one of the interop suite's real API servers (installed by tests/interop/install.sh) in
# the background on 127.0.0.1, with a fresh data directory, and waits until it serves its
# OpenAPI document. See tests/interop/SERVERS.md.
#
# Usage: tests/interop/start.sh <prefect|todo> <port> <data-dir> [timeout-seconds]
#
#   prefect   Prefect's API server: `prefect server start --no-services --no-ui --analytics-off`
#             with PREFECT_HOME=<data-dir>/prefect and a SQLite database there, copied from the
#             empty template that install.sh built. API base <url>/api, OpenAPI
#             <url>/api/openapi.json (3.1.0). Default timeout 90 s.
#   todo      LoopBack 4's Todo example: `node dist/index.js` run in <data-dir>, with the
#             in-memory store persisted to <data-dir>/data/db.json (absent, so empty). API base
#             <url>, OpenAPI <url>/openapi.json (3.0.0). Default timeout 30 s.
#
# <data-dir> must not exist or be empty; it receives server.pid, server.log and the store.
# The server runs in its own session and process group (setsid) with stdin from /dev/null and
# its output in <data-dir>/server.log, so this script's stdout closes when it exits.
#
# On success it prints key=value lines on stdout and exits 0:
#   server=todo
#   pid=12345
#   base_url=http://127.0.0.1:4010
#   openapi_url=http://127.0.0.1:4010/openapi.json
#   data_dir=/abs/data-dir
#   log=/abs/data-dir/server.log
#   pid_file=/abs/data-dir/server.pid
#   startup_ms=1870
# Stop it with tests/interop/stop.sh <data-dir> (or: kill <pid>; it exits on SIGTERM).
#
# Exit codes: 0 ready; 1 the server failed or timed out (the end of its log is printed on
# stderr, and a server still running is killed); 2 bad usage, port in use or data-dir not fresh;
# 5 the server is not installed (run tests/interop/install.sh).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dest="${INTEROP_TARGET:-$root/target/interop}"

usage() {
  echo "usage: $0 <prefect|todo> <port> <data-dir> [timeout-seconds]" >&2
  exit 2
}

[[ $# -ge 3 && $# -le 4 ]] || usage
server="$1"
port="$2"
data_dir="$3"
case "$server" in
  prefect) timeout="${4:-90}" ;;
  todo) timeout="${4:-30}" ;;
  *) usage ;;
esac
[[ "$port" =~ ^[0-9]+$ ]] && ((port >= 1 && port <= 65535)) || usage
[[ "$timeout" =~ ^[0-9]+$ ]] || usage

# Refuse a port that something already listens on: otherwise the readiness check below could
# succeed against that other process.
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "start.sh: port $port on 127.0.0.1 is already in use" >&2
  exit 2
fi

# A fresh data directory: absent or empty.
if [[ -e "$data_dir" ]] && [[ -n "$(ls -A "$data_dir")" ]]; then
  echo "start.sh: data directory $data_dir is not empty; give a fresh one" >&2
  exit 2
fi
mkdir -p "$data_dir"
data_dir="$(cd "$data_dir" && pwd)"
log="$data_dir/server.log"
pid_file="$data_dir/server.pid"

# The environment the server gets: ours, minus settings that could point it elsewhere.
env_args=()
case "$server" in
  prefect)
    venv="$dest/venv"
    template="$dest/prefect-template/prefect.db"
    if [[ ! -x "$venv/bin/prefect" || ! -f "$template" ]]; then
      echo "start.sh: Prefect is not installed in $dest; run tests/interop/install.sh" >&2
      exit 5
    fi
    home="$data_dir/prefect"
    mkdir -p "$home"
    cp "$template" "$home/prefect.db"
    # Drop every PREFECT_* variable of the caller (a profile, an API URL, another database).
    while IFS= read -r name; do env_args+=(-u "$name"); done < <(compgen -e | grep '^PREFECT_' || true)
    env_args+=(
      PREFECT_HOME="$home"
      PREFECT_SERVER_DATABASE_CONNECTION_URL="sqlite+aiosqlite:///$home/prefect.db"
      # No telemetry (the machine has no network anyway), no UI, and no re-registration of the
      # block types the template already holds.
      PREFECT_SERVER_ANALYTICS_ENABLED=false
      PREFECT_SERVER_UI_ENABLED=false
      PREFECT_SERVER_REGISTER_BLOCKS_ON_START=false
      PREFECT_SERVER_LOGGING_LEVEL=WARNING
    )
    # With one worker (the default) the CLI runs uvicorn in its own process: the PID is the server.
    cmd=("$venv/bin/prefect" server start --host 127.0.0.1 --port "$port"
      --no-services --no-ui --analytics-off)
    base_url="http://127.0.0.1:$port/api"
    openapi_url="$base_url/openapi.json"
    ;;
  todo)
    entry="$dest/node/node_modules/@loopback/example-todo/dist/index.js"
    if [[ ! -f "$entry" ]]; then
      echo "start.sh: the LoopBack Todo example is not installed in $dest; run tests/interop/install.sh" >&2
      exit 5
    fi
    # dist/index.js reads PORT and HOST; its memory datasource persists to ./data/db.json
    # relative to the working directory, which is the fresh data directory.
    mkdir -p "$data_dir/data"
    env_args+=(-u DEBUG PORT="$port" HOST=127.0.0.1 NODE_ENV=production)
    cmd=(node "$entry")
    base_url="http://127.0.0.1:$port"
    openapi_url="$base_url/openapi.json"
    ;;
esac

# True when the URL answers 2xx.
http_ok() {
  curl --silent --fail --output /dev/null --max-time 10 "$1"
}

started_ms=$(($(date +%s%N) / 1000000))
# No job control here, so the background child is not a process-group leader and setsid makes
# it one without forking: $! is the server's PID, and `kill -- -PID` reaches any children.
(cd "$data_dir" && exec setsid env "${env_args[@]}" "${cmd[@]}") </dev/null >"$log" 2>&1 &
pid=$!
echo "$pid" >"$pid_file"

fail() {
  echo "start.sh: $server on port $port: $1; last lines of $log:" >&2
  tail -n 40 "$log" >&2 || true
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    sleep 2
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  exit 1
}

deadline=$((SECONDS + timeout))
until http_ok "$openapi_url"; do
  kill -0 "$pid" 2>/dev/null || fail "the server exited before serving $openapi_url"
  ((SECONDS < deadline)) || fail "no answer from $openapi_url within $timeout s"
  sleep 0.2
done
kill -0 "$pid" 2>/dev/null || fail "the server exited"
ready_ms=$(($(date +%s%N) / 1000000))

echo "server=$server"
echo "pid=$pid"
echo "base_url=$base_url"
echo "openapi_url=$openapi_url"
echo "data_dir=$data_dir"
echo "log=$log"
echo "pid_file=$pid_file"
echo "startup_ms=$((ready_ms - started_ms))"
