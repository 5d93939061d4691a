#!/usr/bin/env bash
# Stops a server that tests/interop/start.sh started.
#
# Usage: tests/interop/stop.sh <data-dir|pid> [grace-seconds]     (default grace: 15 s)
#
# With a data directory it reads <data-dir>/server.pid and only signals that process if it still
# runs in that directory (so a PID reused by another process is left alone). It sends SIGTERM to
# the server's process group (start.sh makes the server a group leader), waits up to the grace
# period, then sends SIGKILL. Both servers exit cleanly on SIGTERM (Prefect/uvicorn in about a
# second, LoopBack at once). Exit codes: 0 stopped or already gone; 1 still running after
# SIGKILL; 2 bad usage.
set -euo pipefail

[[ $# -ge 1 && $# -le 2 ]] || {
  echo "usage: $0 <data-dir|pid> [grace-seconds]" >&2
  exit 2
}
grace="${2:-15}"

# True while the process exists and is not a zombie (an exited server whose new parent has not
# reaped it yet counts as stopped).
alive() {
  kill -0 "$pid" 2>/dev/null || return 1
  [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" != Z* ]]
}

pid_file=""
if [[ "$1" =~ ^[0-9]+$ ]]; then
  pid="$1"
else
  data_dir="$(cd "$1" && pwd)"
  pid_file="$data_dir/server.pid"
  if [[ ! -f "$pid_file" ]]; then
    echo "stop.sh: no $pid_file: nothing to stop"
    exit 0
  fi
  pid="$(cat "$pid_file")"
  # start.sh runs the server with the data directory as its working directory.
  if alive && [[ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" != "$data_dir" ]]; then
    echo "stop.sh: PID $pid no longer belongs to the server of $data_dir; not signalling it"
    rm -f "$pid_file"
    exit 0
  fi
fi

if ! alive; then
  echo "stop.sh: PID $pid is not running"
  [[ -z "$pid_file" ]] || rm -f "$pid_file"
  exit 0
fi

# Signal the whole process group when the server leads one, else the process alone.
signal() {
  if [[ "$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')" == "$pid" ]]; then
    kill "-$1" -- "-$pid" 2>/dev/null || true
  else
    kill "-$1" "$pid" 2>/dev/null || true
  fi
}

signal TERM
deadline=$((SECONDS + grace))
while alive && ((SECONDS < deadline)); do
  sleep 0.1
done
if alive; then
  echo "stop.sh: PID $pid still running after ${grace} s; sending SIGKILL"
  signal KILL
  sleep 0.5
fi
if alive; then
  echo "stop.sh: PID $pid did not stop" >&2
  exit 1
fi
[[ -z "$pid_file" ]] || rm -f "$pid_file"
echo "stop.sh: stopped PID $pid"
