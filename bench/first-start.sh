#!/usr/bin/env bash
# How long a newcomer waits: from a clean clone (Liberty already in the local Maven repository)
# to the first 200 of GET /api/v1/me under `./agentry run`, on the embedded H2 default.
# Usage: bench/first-start.sh [REV]   (a commit of this repository; default HEAD)
# Prints one line: the revision and the seconds. Needs git and curl; port BENCH_PORT (18490).
set -euo pipefail
cd "$(dirname "$0")/.."
REV=${1:-HEAD}
PORT=${BENCH_PORT:-18490}
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill -TERM -- "-$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

git clone -q --no-checkout . "$work/clone"
git -C "$work/clone" checkout -q "$(git rev-parse "$REV")"
token=pk_$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')

start=$(date +%s.%N)
(cd "$work/clone" && AGENTRY_HTTP_PORT=$PORT AGENTRY_BOOTSTRAP_TOKEN=$token exec setsid ./agentry run) \
  > "$work/run.log" 2>&1 &
pid=$!
until curl -sf -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/api/v1/me"; do
  if ! kill -0 "$pid" 2>/dev/null; then
    tail -n 30 "$work/run.log"; echo "./agentry run ended before answering"; exit 1
  fi
  sleep 0.5
done
end=$(date +%s.%N)
printf '%s %.1f s\n' "$(git rev-parse --short "$REV")" "$(echo "$end - $start" | bc)"
