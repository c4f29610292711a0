#!/usr/bin/env bash
# Benchmark: what Agentry adds to a chat, against a local fake OpenAI-compatible provider that
# answers after 200 ms with 20 tokens (bench/chat/ChatBench.java, "fake").
#
#  1. Latency and throughput at 32 closed-loop clients, sync and streamed, ABAB: each round calls
#     the fake directly, then through Agentry (POST /api/v1/chat/{agent}, which stores both
#     messages and a usage record in PostgreSQL). Targets: added p50 latency <= 5 ms, throughput
#     >= 0.97 x direct, added time to first streamed token <= 5 ms (p50).
#  2. 2,000 chat streams opened at once and held (the fake streams one token a second for 20 s),
#     each read to its message_end. Target: 0 errors, heap <= 1 GB (the server runs with -Xmx1g;
#     its heap use is sampled while the streams are open).
# Needs: JDK 17, Maven, the local PostgreSQL. Results go to bench/out/chat-*.
# Usage: bench/chat.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/out
mkdir -p "$OUT"
PORT=${BENCH_PORT:-19090}
FAKE_PORT=${BENCH_FAKE_PORT:-19520}
ROUNDS=${ROUNDS:-2}
SECONDS_PER_RUN=${DURATION_SECONDS:-30}
CLIENTS=${CLIENTS:-32}
STREAMS=${STREAMS:-2000}
TOKEN=pk_$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')   # made per run: never a committed value
BASE=http://127.0.0.1:$PORT
SERVER=$ROOT/.liberty/wlp/bin/server
BUILD=1
for arg in "$@"; do
  case $arg in --no-build) BUILD=0 ;; *) echo "unknown option $arg"; exit 2 ;; esac
done

[ $BUILD = 1 ] && mvn -B -ntp -q install -DskipTests
javac -d "$OUT/chatbench" bench/chat/ChatBench.java
bench_tool() { java -Xss512k -cp "$OUT/chatbench" ChatBench "$@"; }

AGENTRY_TEST_DB=agentry_chatbench bash db/setup-postgres.sh --reset
cat > "$OUT/chat-server.env" <<ENV
AGENTRY_HTTP_PORT=$PORT
AGENTRY_DB_URL=jdbc:postgresql://127.0.0.1:5432/agentry_chatbench
AGENTRY_DB_USER=agentry
AGENTRY_DB_PASSWORD=agentry
AGENTRY_BOOTSTRAP_TOKEN=$TOKEN
AGENTRY_OPENAI_COMPATIBLE_BASE_URL=http://127.0.0.1:$FAKE_PORT/v1
AGENTRY_LLM_TIMEOUT_SECONDS=60
# Each open stream holds a request thread: room for all of them at once (see README).
AGENTRY_REQUEST_THREADS=$((STREAMS + 100))
AGENTRY_DB_POOL_SIZE=40
AGENTRY_CHAT_MAX_IN_FLIGHT_PER_ORGANIZATION=$((STREAMS + 1000))
ENV
FAKE_PID=
cleanup() {
  "$SERVER" stop agentry-bench >/dev/null 2>&1 || true
  [ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null || true
}
trap cleanup EXIT
# nodelay: without it the JDK HttpServer answers up to 40 ms late (Nagle against the client's delayed ACK)
java -Dsun.net.httpserver.nodelay=true -cp "$OUT/chatbench" ChatBench fake "$FAKE_PORT" 200 20 & FAKE_PID=$!   # java itself, so the trap stops it
mvn -B -ntp -q -Pbench -pl api-war liberty:create@bench-server liberty:deploy@bench-server
cp "$OUT/chat-server.env" "$ROOT/.liberty/wlp/usr/servers/agentry-bench/server.env"
"$SERVER" start agentry-bench >/dev/null
for _ in $(seq 1 120); do curl -sf "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 1; done
ORG=$(curl -sf "$BASE/api/v1/me" -H "Authorization: Bearer $TOKEN" | sed -E 's/.*"workspace_id":"([^"]+)".*/\1/')
curl -sf -X PATCH "$BASE/api/v1/organizations/$ORG" -H "Authorization: Bearer $TOKEN" \
  -d '{"rate_limit_per_minute": 10000000}' >/dev/null
agent() {
  curl -sf "$BASE/api/v1/agents" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
    -d "{\"name\": \"bench $1\", \"provider\": \"openai_compatible\", \"model\": \"$1\"}" | sed -E 's/.*"id":"([^"]+)".*/\1/' | cut -c1-36
}
AGENT=$(agent fake)
HOLD_AGENT=$(agent hold)

# Liberty's JIT keeps compiling for minutes on these cores (C2 threads still took a third of the
# server's CPU after two minutes of load): measure the steady state
WARMUP=${WARMUP_SECONDS:-90}
echo "== warm-up, $WARMUP s per mode"
bench_tool load "$BASE" "$TOKEN" sync "$CLIENTS" "$WARMUP" "$AGENT" >/dev/null
bench_tool load "$BASE" "$TOKEN" stream "$CLIENTS" "$WARMUP" "$AGENT" >/dev/null

echo "== 1. $CLIENTS clients, $SECONDS_PER_RUN s per run (target, mode, clients, req/s, p50, p99, first-token p50, p99, errors)"
: > "$OUT/chat-load.tsv"
for round in $(seq 1 "$ROUNDS"); do
  for mode in sync stream; do
    for target in - "$AGENT"; do
      printf '%s\t%s\n' "$round" "$(bench_tool load "http://127.0.0.1:$([ "$target" = - ] && echo "$FAKE_PORT" || echo "$PORT")" \
        "$TOKEN" "$mode" "$CLIENTS" "$SECONDS_PER_RUN" "$target")" | tee -a "$OUT/chat-load.tsv"
    done
  done
done

echo "== 2. $STREAMS streams held open (streams, most open at once, completed, failed, s to the last start, s in all)"
PID=$(pgrep -f "ws-server.jar.*agentry-bench" | head -1)
( sleep 25; jcmd "$PID" GC.heap_info > "$OUT/chat-heap.txt" 2>&1
  echo "server RSS (KiB) and threads: $(ps -o rss=,nlwp= -p "$PID")" >> "$OUT/chat-heap.txt" ) & SAMPLER=$!
bench_tool hold "$BASE" "$TOKEN" "$HOLD_AGENT" "$STREAMS" | tee "$OUT/chat-hold.tsv"
wait $SAMPLER
echo "heap while the streams were open:"; cat "$OUT/chat-heap.txt"

python3 - "$OUT" <<'PY'
import statistics, sys
out = sys.argv[1]
rows = [l.split("\t") for l in open(out + "/chat-load.tsv").read().split("\n") if l]
for mode in ("sync", "stream"):
    d = [r for r in rows if r[1] == "direct" and r[2] == mode]
    a = [r for r in rows if r[1] == "agentry" and r[2] == mode]
    med = lambda rs, i: statistics.median(float(r[i]) for r in rs)
    print("%-6s direct %.1f req/s p50 %.2f ms | agentry %.1f req/s p50 %.2f ms | added p50 %.2f ms, throughput ratio %.3f,"
          " added first-token p50 %.2f ms, errors %d" % (mode, med(d, 4), med(d, 5), med(a, 4), med(a, 5),
          med(a, 5) - med(d, 5), med(a, 4) / med(d, 4), med(a, 7) - med(d, 7), sum(int(r[9]) for r in a)))
PY
