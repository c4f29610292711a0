#!/usr/bin/env bash
# Benchmark: authenticated lists of 50 agents on Open Liberty + PostgreSQL, the canonical resource
# against the two CrewForm adapters:
#   canonical  GET /api/v1/agents?limit=50
#   crewform   GET /functions/v1/api-agents?limit=50        (CrewForm v2: the rewrite to canonical)
#   legacy     GET /rest/v1/agents?select=*&limit=50         (CrewForm legacy: the PostgREST adapter)
#
# Seeds 100 agents in an organization whose rate limit is far above the load (so the limiter is
# exercised but never the bottleneck). The host's speed drifts by tens of percent within minutes,
# so an adapter is never timed after the canonical list but at the same time: each round runs two
# wrk clients at once for DURATION (default 20s), CONNECTIONS/2 connections each, one on the
# canonical list and one on the adapter. Both share the same CPU at every instant, so the ratio of
# their throughputs is the ratio of their costs, whatever the host does meanwhile. ROUNDS (default
# 4) rounds per adapter after a warm-up of WARMUP (default 60s); prints every round and the median
# cost per adapter. Needs: JDK 17, Maven, wrk, the local PostgreSQL.
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
TOKEN=pk_$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')   # made per run: never a committed value
BASE=http://127.0.0.1:$PORT
SERVER=$ROOT/.liberty/wlp/bin/server

if ! command -v wrk >/dev/null; then # from the apt sources the machine has
  $( [ "$(id -u)" = 0 ] || echo sudo ) apt-get install -y -q wrk || { echo "wrk is required (apt-get install -y wrk)"; exit 1; }
fi
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

declare -A URL=(
  [canonical]="$BASE/api/v1/agents?limit=50"
  [crewform]="$BASE/functions/v1/api-agents?limit=50"
  [legacy]="$BASE/rest/v1/agents?select=*&limit=50")
for variant in canonical crewform legacy; do
  items=$(curl -sf "${URL[$variant]}" -H "Authorization: Bearer $TOKEN" | grep -o '"id"' | wc -l)
  echo "$variant: GET ${URL[$variant]#$BASE} returns $items agents"
  [ "$items" = 50 ] || { echo "unexpected page size"; exit 1; }
done

run_wrk() { # variant duration connections
  wrk -t1 -c"$3" -d"$2" --latency -H "Authorization: Bearer $TOKEN" "${URL[$1]}"
}

echo "warm-up (JIT) for $WARMUP..."
run_wrk canonical "$WARMUP" "$CONNECTIONS" >/dev/null &
run_wrk crewform "$WARMUP" 4 >/dev/null &
run_wrk legacy "$WARMUP" 4 >/dev/null &
wait

summary() { # log -> rps p50 p99 non-2xx
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$1")
  p50=$(awk '$1=="50%" {print $2}' "$1")
  p99=$(awk '$1=="99%" {print $2}' "$1")
  errors=$(awk '/Non-2xx/ {print $5}' "$1")
  printf '%s\t%s\t%s\t%s' "$rps" "$p50" "$p99" "${errors:-0}"
}

: > "$OUT/agents-list.tsv"
half=$(( CONNECTIONS / 2 ))
for round in $(seq 1 "$ROUNDS"); do
  for adapter in crewform legacy; do
    run_wrk canonical "$DURATION" "$half" > "$OUT/agents-list-canonical-$adapter-$round.txt" &
    run_wrk "$adapter" "$DURATION" "$half" > "$OUT/agents-list-$adapter-$round.txt" &
    wait
    printf '%s\t%s\t%s\t%s\n' "$round" "$adapter" "$(summary "$OUT/agents-list-canonical-$adapter-$round.txt")" \
      "$(summary "$OUT/agents-list-$adapter-$round.txt")" | tee -a "$OUT/agents-list.tsv"
  done
done

python3 - "$OUT/agents-list.tsv" <<'PY'
import statistics, sys
def ms(v):
    return float(v[:-2]) if v.endswith("ms") else float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-1]) * 1000
rows = [l.split("\t") for l in open(sys.argv[1]).read().split("\n") if l]
print("round adapter   canonical req/s  adapter req/s  cost   (p50 canonical/adapter)")
for r in rows:
    cost = (1 - float(r[6]) / float(r[2])) * 100
    print(f"{r[0]:>5} {r[1]:9s} {float(r[2]):15.0f} {float(r[6]):14.0f} {cost:5.1f}%  ({ms(r[3]):.2f} / {ms(r[7]):.2f} ms)")
for adapter in ("crewform", "legacy"):
    r = [x for x in rows if x[1] == adapter]
    costs = [(1 - float(x[6]) / float(x[2])) * 100 for x in r]
    errors = sum(int(x[5]) + int(x[9]) for x in r)
    print(f"median cost of {adapter:8s}: {statistics.median(costs):5.1f}% of the canonical list's throughput "
          f"(rounds: {', '.join(f'{c:.1f}' for c in costs)}; non-2xx {errors})")
PY
