#!/usr/bin/env bash
# The interop scenario done by hand with curl against the real servers: proof that each server
# supports every step, and the source of the transcripts in tests/interop/SERVERS.md.
#
# Usage: tests/interop/walkthrough.sh [prefect|todo|all] [port]     (default: all, ports 4410/4411)
#
# Installs nothing (run tests/interop/install.sh first). For each server it starts a fresh
# instance with start.sh on 127.0.0.1 in target/interop/walkthrough/<server>, runs the steps,
# prints each request and response, stops the server with stop.sh (also on error or Ctrl-C),
# and checks every HTTP status against the one expected. Exit code 0 when all statuses matched,
# 1 otherwise. Needs curl and python3 (to read ids out of JSON).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${INTEROP_TARGET:-$root/target/interop}/walkthrough"
which_servers="${1:-all}"
port_arg="${2:-}"

failures=0
running_dir=""

cleanup() {
  if [[ -n "$running_dir" ]]; then
    "$here/stop.sh" "$running_dir" >/dev/null || true
  fi
}
trap cleanup EXIT

# call EXPECTED METHOD PATH [JSON-BODY]: prints the request and the response, records a
# mismatch, and leaves the response body in $body.
call() {
  local expected="$1" method="$2" path="$3" data="${4:-}"
  local out status
  out="$(mktemp)"
  local args=(--silent --show-error --max-time 30 -X "$method" -o "$out" -w '%{http_code}')
  if [[ -n "$data" ]]; then
    args+=(-H 'content-type: application/json' --data-binary "$data")
  fi
  status="$(curl "${args[@]}" "$base$path")"
  body="$(cat "$out")"
  rm -f "$out"
  echo "\$ $method $path"
  [[ -z "$data" ]] || echo "  > $data"
  echo "  < $status ${body:-(empty body)}"
  if [[ "$status" != "$expected" ]]; then
    echo "  !! expected $expected" >&2
    failures=$((failures + 1))
  fi
}

# A query string parameter holding JSON, percent-encoded.
q() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

# json EXPR: evaluates a Python expression over the last response body (as `d`).
json() { python3 -c "import json, sys; d = json.loads(sys.argv[1]); print($1)" "$body"; }

start() {
  local server="$1" port="$2"
  rm -rf "${work:?}/$server"
  local info
  info="$("$here/start.sh" "$server" "$port" "$work/$server")"
  running_dir="$work/$server"
  echo "$info" | sed 's/^/  /'
  base="$(echo "$info" | sed -n 's/^base_url=//p')"
}

stop() {
  "$here/stop.sh" "$running_dir" | sed 's/^/  /'
  running_dir=""
}

walk_todo() {
  echo "## todo (LoopBack 4 example, @loopback/example-todo)"
  start todo "${port_arg:-4410}"

  echo "### create"
  call 200 POST /todos '{"title":"buy milk","desc":"2 litres","isComplete":false,"tag":{"prio":1}}'
  local id
  id="$(json 'd["id"]')"
  call 200 POST /todos '{"title":"walk dog","isComplete":true}'
  call 200 POST /todos '{"title":"write report","desc":"Q3"}'

  echo "### read"
  call 200 GET "/todos/$id"

  echo "### list with a filter (filter = JSON in the query string)"
  echo "  filter={\"where\":{\"isComplete\":true}}"
  call 200 GET "/todos?filter=$(q '{"where":{"isComplete":true}}')"
  call 200 GET "/todos/count?where=$(q '{"isComplete":true}')"

  echo "### list with pagination (limit = page size, skip = offset)"
  echo "  filter={\"order\":[\"id ASC\"],\"limit\":2,\"skip\":1}"
  call 200 GET "/todos?filter=$(q '{"order":["id ASC"],"limit":2,"skip":1}')"

  echo "### PATCH: title and desc absent, tag explicit null"
  call 204 PATCH "/todos/$id" '{"isComplete":true,"tag":null}'
  call 200 GET "/todos/$id"
  echo "### PATCH: desc explicit null (desc is a plain string in the schema)"
  call 422 PATCH "/todos/$id" '{"desc":null}'

  echo "### server-side validation errors"
  call 422 POST /todos '{"desc":"no title"}'
  call 422 POST /todos '{"title":5,"colour":"red"}'

  echo "### not found"
  call 404 GET /todos/999
  call 404 PATCH /todos/999 '{"desc":"x"}'

  echo "### values the document constrains (Todo.Filter: limit minimum 1, skip minimum 0)"
  echo "  filter={\"limit\":0}"
  call 400 GET "/todos?filter=$(q '{"limit":0}')"
  echo "  filter={\"skip\":-1}"
  call 400 GET "/todos?filter=$(q '{"skip":-1}')"

  echo "### delete"
  call 204 DELETE /todos/2
  call 404 GET /todos/2
  call 404 DELETE /todos/2

  stop
}

walk_prefect() {
  echo "## prefect (Prefect API server, variables resource)"
  start prefect "${port_arg:-4411}"

  echo "### create"
  call 201 POST /variables/ '{"name":"region","value":"eu-west-1","tags":["infra","prod"]}'
  local id
  id="$(json 'd["id"]')"
  call 201 POST /variables/ '{"name":"retries","value":3,"tags":["prod"]}'
  call 201 POST /variables/ '{"name":"feature_flags","value":{"beta":true},"tags":[]}'

  echo "### read"
  call 200 GET "/variables/$id"
  call 200 GET /variables/name/region

  echo "### list with a filter (POST .../filter, JSON body)"
  call 200 POST /variables/filter '{"variables":{"tags":{"all_":["prod"]}},"sort":"NAME_ASC"}'
  call 200 POST /variables/filter '{"variables":{"name":{"any_":["retries","feature_flags"]}},"sort":"NAME_DESC"}'
  call 200 POST /variables/count '{"variables":{"tags":{"all_":["prod"]}}}'

  echo "### list with pagination (limit = page size, offset)"
  call 200 POST /variables/filter '{"sort":"NAME_ASC","offset":1,"limit":1}'

  echo "### PATCH: name and tags absent, value explicit null"
  call 204 PATCH "/variables/$id" '{"value":null}'
  call 200 GET "/variables/$id"
  echo "### PATCH: tags explicit null (the schema allows null; the database column does not)"
  call 409 PATCH "/variables/$id" '{"tags":null}'

  echo "### server-side validation errors"
  call 422 POST /variables/ '{"name":"Bad Name!","value":1}'
  call 422 POST /variables/ '{"name":"novalue"}'
  call 409 POST /variables/ '{"name":"retries","value":1}'

  echo "### not found"
  call 404 GET /variables/00000000-0000-0000-0000-000000000000
  call 404 PATCH /variables/00000000-0000-0000-0000-000000000000 '{"value":1}'

  echo "### values the document constrains (name maxLength 255, offset minimum 0, sort enum)"
  call 422 POST /variables/ "{\"name\":\"$(printf 'a%.0s' $(seq 256))\",\"value\":1}"
  call 422 POST /variables/filter '{"offset":-1}'
  call 422 POST /variables/filter '{"sort":"NAME_SIDEWAYS"}'
  echo "### a limit the document does not bound (server maximum 200)"
  call 422 POST /variables/filter '{"limit":201}'

  echo "### delete"
  call 204 DELETE "/variables/$id"
  call 404 GET "/variables/$id"
  call 404 DELETE "/variables/$id"

  stop
}

case "$which_servers" in
  todo) walk_todo ;;
  prefect) walk_prefect ;;
  all)
    walk_todo
    walk_prefect
    ;;
  *)
    echo "usage: $0 [prefect|todo|all] [port]" >&2
    exit 2
    ;;
esac

if ((failures > 0)); then
  echo "walkthrough: $failures response(s) with an unexpected status" >&2
  exit 1
fi
echo "walkthrough: every status as expected"
