#!/usr/bin/env bash
# Benchmark: start-up time to ready and idle memory of the server, embedded (H2) and on PostgreSQL.
#
# For each mode: a first start on an empty database (migrations, the first organization), then
# RESTARTS restarts on the same data (default 2). Each start is timed from `server start` to the
# first 200 of /health/ready; after IDLE seconds (default 30) without requests the server's
# resident memory (RSS of its JVM) is read. The server is the WAR of the last build on Open
# Liberty with the project's server.xml and default JVM options. Targets (issue 23): ready within
# 12 s, idle RSS at most 700 MB. Needs: JDK 17, Maven, the local PostgreSQL for the second mode.
# Usage: bench/footprint.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/out
mkdir -p "$OUT"
PORT=${BENCH_PORT:-19090}
RESTARTS=${RESTARTS:-2}
IDLE=${IDLE:-30}
BASE=http://127.0.0.1:$PORT
SERVER=$ROOT/.liberty/wlp/bin/server
DATA=$OUT/footprint-data

if [ "${1:-}" != "--no-build" ]; then
  mvn -B -ntp -q install -DskipTests
fi

stop_server() { "$SERVER" stop agentry-bench >/dev/null 2>&1 || true; }
trap stop_server EXIT

measure() { # mode label
  local t0 t1 pid rss
  t0=$(date +%s%N)
  "$SERVER" start agentry-bench >/dev/null
  until curl -sf -o /dev/null "$BASE/health/ready"; do
    [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt 180 ] || { echo "not ready after 180 s"; exit 1; }
    sleep 0.1
  done
  t1=$(date +%s%N)
  sleep "$IDLE"
  pid=$(cat "$ROOT/.liberty/wlp/usr/servers/.pid/agentry-bench.pid")
  rss=$(ps -o rss= -p "$pid" | tr -d ' ')
  printf '%s\t%s\t%s\t%d\n' "$1" "$2" "$(awk "BEGIN { printf \"%.1f\", ($t1 - $t0) / 1e9 }")" $((rss / 1024)) \
    | tee -a "$OUT/footprint.tsv"
  stop_server
}

: > "$OUT/footprint.tsv"
TOKEN=pk_$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')   # made per run: never a committed value
for mode in embedded postgresql; do
  rm -rf "$DATA"
  mkdir -p "$DATA"
  {
    echo "AGENTRY_HTTP_PORT=$PORT"
    echo "AGENTRY_BOOTSTRAP_TOKEN=$TOKEN"
    echo "AGENTRY_DATA_DIR=$DATA"
    echo "AGENTRY_SECRETS_KEY=$(head -c 32 /dev/urandom | base64)"
    if [ "$mode" = postgresql ]; then
      echo "AGENTRY_DB_URL=jdbc:postgresql://127.0.0.1:5432/agentry_bench"
      echo "AGENTRY_DB_USER=agentry"
      echo "AGENTRY_DB_PASSWORD=agentry"
    fi
  } > "$OUT/bench-server.env"
  [ "$mode" = postgresql ] && AGENTRY_TEST_DB=agentry_bench bash db/setup-postgres.sh --reset >/dev/null
  mvn -B -ntp -q -Pbench -pl api-war liberty:create@bench-server liberty:deploy@bench-server
  measure "$mode" first
  for i in $(seq 1 "$RESTARTS"); do
    measure "$mode" "restart $i"
  done
done

echo
echo "mode        start         ready (s)  idle RSS (MB)"
awk -F'\t' '{ printf "%-11s %-13s %9s  %13s\n", $1, $2, $3, $4 }' "$OUT/footprint.tsv"
