#!/usr/bin/env bash
# Benchmark: authenticated GET /api/v1/agents?limit=50 on Open Liberty + PostgreSQL.
#
# Seeds 100 agents in an organization whose rate limit is far above the load (so the limiter is
# exercised but never the bottleneck), then runs wrk with 32 connections, alternating two
# variants against the same server in one run, both authenticated as clients are:
#   canonical  GET /api/v1/agents?limit=50
#   crewform   GET /functions/v1/api-agents?limit=50  (CrewForm's v2 function: the same resource
#              behind the compatibility adapter's rewrite)
# Each variant runs ROUNDS times (default 4, in ABBA order) for DURATION (default 20s) after a
# warm-up of WARMUP (default 60s; the JIT needs it on 2 cores); the script prints every run and
# the medians. Needs: JDK 17, Maven, wrk, the local PostgreSQL.
# Usage: bench/agents-list.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/out
mkdir -p "$OUT"
PORT=${BENCH_PORT:-19090}
ROUNDS=${ROUNDS:-4}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-60s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
TOKEN=pk_$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')   # made per run: never a committed value
BASE=http://127.0.0.1:$PORT
SERVER=$ROOT/.liberty/wlp/bin/server

command -v wrk >/dev/null || { echo "wrk is required (apt-get install -y wrk)"; exit 1; }
if [ "${1:-}" != "--no-build" ]; then
  mvn -B -ntp -q install -DskipTests
fi
AGENTRY_TEST_DB=agentry_bench bash db/setup-postgres.sh --reset

write_env() {
  cat > "$OUT/bench-server.env" <<ENV
AGENTRY_HTTP_PORT=$PORT
AGENTRY_DB_URL=jdbc:postgresql://127.0.0.1:5432/agentry_bench
AGENTRY_DB_USER=agentry
AGENTRY_DB_PASSWORD=agentry
AGENTRY_BOOTSTRAP_TOKEN=$TOKEN
$1
ENV
}

wait_ready() {
  for _ in $(seq 1 120); do
    curl -sf "$BASE/health/ready" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "server did not become ready"; exit 1
}

stop_server() { "$SERVER" stop agentry-bench >/dev/null 2>&1 || true; }
trap stop_server EXIT

write_env ""
mvn -B -ntp -q -Pbench -pl api-war liberty:create@bench-server liberty:deploy@bench-server
"$SERVER" start agentry-bench >/dev/null
wait_ready

ORG=$(curl -sf "$BASE/api/v1/me" -H "Authorization: Bearer $TOKEN" | sed -E 's/.*"workspace_id":"([^"]+)".*/\1/')
curl -sf -X PATCH "$BASE/api/v1/organizations/$ORG" -H "Authorization: Bearer $TOKEN" \
  -d '{"rate_limit_per_minute": 10000000}' >/dev/null
for i in $(seq 1 100); do
  curl -sf -o /dev/null -X POST "$BASE/api/v1/agents" -H "Authorization: Bearer $TOKEN" -d "{
    \"name\": \"Bench agent $i\", \"description\": \"Agent $i of the list benchmark\",
    \"provider\": \"openai\", \"model\": \"gpt-4o-mini\",
    \"system_prompt\": \"You are a concise assistant. Answer in at most three sentences.\",
    \"temperature\": 0.4, \"max_tokens\": 1024, \"tags\": [\"bench\", \"demo\"],
    \"tools\": [\"search_knowledge_base\"]}"
done

URL_CANONICAL="$BASE/api/v1/agents?limit=50"
URL_CREWFORM="$BASE/functions/v1/api-agents?limit=50"
for url in "$URL_CANONICAL" "$URL_CREWFORM"; do
  items=$(curl -sf "$url" -H "Authorization: Bearer $TOKEN" | grep -o '"id"' | wc -l)
  echo "GET ${url#$BASE} returns $items agents"
  [ "$items" = 50 ] || { echo "unexpected page size"; exit 1; }
done

run_wrk() { # variant duration
  local url=$URL_CANONICAL
  [ "$1" = crewform ] && url=$URL_CREWFORM
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency -H "Authorization: Bearer $TOKEN" "$url"
}

echo "warm-up (JIT) for $WARMUP + a third of it..."
run_wrk canonical "$WARMUP" >/dev/null
run_wrk crewform "$(( ${WARMUP%s} / 3 ))s" >/dev/null

: > "$OUT/agents-list.tsv"
for round in $(seq 1 "$ROUNDS"); do
  # ABBA order, so a machine that speeds up or slows down during the run favours neither variant.
  order="canonical crewform"; [ $((round % 2)) = 0 ] && order="crewform canonical"
  for variant in $order; do
    log="$OUT/agents-list-$variant-$round.txt"
    run_wrk "$variant" "$DURATION" > "$log"
    rps=$(awk '/Requests\/sec/ {print $2}' "$log")
    p50=$(awk '$1=="50%" {print $2}' "$log")
    p99=$(awk '$1=="99%" {print $2}' "$log")
    errors=$(awk '/Non-2xx/ {print $5}' "$log"); errors=${errors:-0}
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$variant" "$rps" "$p50" "$p99" "$errors" | tee -a "$OUT/agents-list.tsv"
  done
done

python3 - "$OUT/agents-list.tsv" <<'PY'
import statistics, sys
def ms(v):
    return float(v[:-2]) if v.endswith("ms") else float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-1]) * 1000
rows = [l.split("\t") for l in open(sys.argv[1]).read().split("\n") if l]
med = {}
for variant in ("canonical", "crewform"):
    r = [x for x in rows if x[1] == variant]
    med[variant] = (statistics.median(float(x[2]) for x in r), statistics.median(ms(x[3]) for x in r),
                    statistics.median(ms(x[4]) for x in r), sum(int(x[5]) for x in r))
for variant, (rps, p50, p99, err) in med.items():
    print(f"median {variant:9s}: {rps:8.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  non-2xx {err}")
cost = (1 - med["crewform"][0] / med["canonical"][0]) * 100
print(f"CrewForm v2 adapter cost (throughput): {cost:.1f}%")
PY
