#!/usr/bin/env bash
# Benchmark of the work engine, tasks and webhooks (issue 19), one server on the local PostgreSQL:
#
#  1. The engine alone: JOBS no-op jobs (kind bench.noop; the server runs them with
#     AGENTRY_BENCH_NOOP_JOBS=true) written in one transaction, drained by the server: jobs per
#     second from the commit to an empty queue. Target: >= 2,000/s.
#  2. Tasks against a zero-latency model (bench/chat's fake, in the load client): sync chat
#     throughput at CLIENTS clients, then TASKS tasks created by CLIENTS clients, tasks/s to the
#     last completion. Target: >= 0.6 x chat. Then tasks created one at a time at RATE/s: the time
#     from a create's answer to its model request's arrival. Targets: p50 <= 10 ms, p99 <= 50 ms.
#  3. Webhooks, SUBSCRIPTIONS (default 1) subscriptions to every event on a local receiver; two
#     measures per round, 10,000 deliveries each (with one subscription, 10,000 events):
#     a. queued: the events queued in one transaction, as the outbox writes them (delivery rows
#        and their jobs), then delivered: the delivery engine alone;
#     b. tasks: enough tasks (same zero-latency model) for 10,000 deliveries, each sending
#        task.started and task.completed; the events' own tasks share the two cores.
#     SUBSCRIPTIONS=10 measures fan-out (1,000 events, 10 deliveries each). Targets: 0 lost,
#     >= 500 deliveries/s (first to last receipt).
#  4. Team runs (issue 20): a 3-step pipeline on the same zero-latency model; RUNS runs one after
#     the other, each timed from its POST to the done event of its stream, against the model call
#     itself; then CONCURRENT (100) runs at once. Targets: <= 15 ms per step over the model calls
#     (p50); 0 errors.
# Each part runs ROUNDS times (default 2); the script prints every run. Needs: JDK 17, Maven, psql.
# Usage: bench/work.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/out
mkdir -p "$OUT"
PORT=${BENCH_PORT:-19090}
FAKE_PORT=${BENCH_FAKE_PORT:-19520}
RECEIVER_PORT=${BENCH_RECEIVER_PORT:-19530}
ROUNDS=${ROUNDS:-2}
JOBS=${JOBS:-20000}
CLIENTS=${CLIENTS:-32}
SECONDS_PER_RUN=${DURATION_SECONDS:-30}
TASKS=${TASKS:-3000}
RATE=${RATE:-20}
SUBSCRIPTIONS=${SUBSCRIPTIONS:-1}
WARMUP=${WARMUP_SECONDS:-60}
RUNS=${RUNS:-300}
CONCURRENT=${CONCURRENT:-100}
PARTS=${PARTS:-engine tasks webhooks runs}   # which parts run
DB=agentry_bench_work
TOKEN=pk_$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')   # made per run: never a committed value
BASE=http://127.0.0.1:$PORT
SERVER=$ROOT/.liberty/wlp/bin/server
BUILD=1
for arg in "$@"; do
  case $arg in --no-build) BUILD=0 ;; *) echo "unknown option $arg"; exit 2 ;; esac
done
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U "${PGSUPERUSER:-postgres}" -d "$DB" "$@"; }

[ $BUILD = 1 ] && mvn -B -ntp -q install -DskipTests
javac -d "$OUT/workbench" bench/chat/ChatBench.java bench/work/WorkBench.java
AGENTRY_TEST_DB=$DB bash db/setup-postgres.sh --reset
cat > "$OUT/bench-server.env" <<ENV
AGENTRY_HTTP_PORT=$PORT
AGENTRY_DB_URL=jdbc:postgresql://127.0.0.1:5432/$DB
AGENTRY_DB_USER=agentry
AGENTRY_DB_PASSWORD=agentry
AGENTRY_DB_POOL_SIZE=80
AGENTRY_BOOTSTRAP_TOKEN=$TOKEN
AGENTRY_SECRETS_KEY=$(head -c 32 /dev/urandom | base64)
AGENTRY_OPENAI_COMPATIBLE_BASE_URL=http://127.0.0.1:$FAKE_PORT/v1
AGENTRY_OUTBOUND_ALLOW_LOOPBACK=true
AGENTRY_BENCH_NOOP_JOBS=true
AGENTRY_LLM_TIMEOUT_SECONDS=60
${EXTRA_SERVER_ENV:-}
ENV
cleanup() { "$SERVER" stop agentry-bench >/dev/null 2>&1 || true; }
trap cleanup EXIT
mvn -B -ntp -q -Pbench -pl api-war liberty:create@bench-server liberty:deploy@bench-server
cp "$OUT/bench-server.env" "$ROOT/.liberty/wlp/usr/servers/agentry-bench/server.env"
"$SERVER" start agentry-bench >/dev/null
for _ in $(seq 1 120); do curl -sf "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 1; done
ORG=$(curl -sf "$BASE/api/v1/me" -H "Authorization: Bearer $TOKEN" | sed -E 's/.*"workspace_id":"([^"]+)".*/\1/')
curl -sf -X PATCH "$BASE/api/v1/organizations/$ORG" -H "Authorization: Bearer $TOKEN" \
  -d '{"rate_limit_per_minute": 10000000}' >/dev/null
AGENT=$(curl -sf "$BASE/api/v1/agents" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
  -d '{"name": "bench", "provider": "openai_compatible", "model": "fake"}' | sed -E 's/.*"id":"([^"]+)".*/\1/' | cut -c1-36)
bench_tool() { java -cp "$OUT/workbench" WorkBench "$@"; }

if [[ " $PARTS " == *" engine "* ]]; then
echo "== 1. the engine alone: $JOBS no-op jobs per round"
: > "$OUT/work-engine.tsv"
for round in $(seq 0 "$ROUNDS"); do   # round 0 warms the server up
  start=$(date +%s.%N)
  psql_db -c "insert into jobs (id, kind, subject_id, state, priority, run_at, attempts, max_attempts, created_at)
              select gen_random_uuid(), 'bench.noop', gen_random_uuid(), 'queued', 0, now(), 0, 1, now()
              from generate_series(1, $JOBS); select pg_notify('agentry_jobs', 'w')" >/dev/null
  committed=$(date +%s.%N)
  while [ "$(psql_db -tAc "select count(*) from jobs where kind = 'bench.noop'")" != 0 ]; do sleep 0.05; done
  done_at=$(date +%s.%N)
  if [ "$round" -gt 0 ]; then
    printf '%s\t%s\t%.1f\t%.2f\n' "$round" "$JOBS" "$(echo "$JOBS / ($done_at - $committed)" | bc -l)" \
      "$(echo "$committed - $start" | bc -l)" | tee -a "$OUT/work-engine.tsv"
  fi
done

fi

if [[ " $PARTS " == *" tasks "* ]]; then
echo "== 2. tasks and sync chat against a zero-latency model ($CLIENTS clients; warm-up $WARMUP s)"
bench_tool tasks "$BASE" "$TOKEN" "$FAKE_PORT" "$AGENT" "$CLIENTS" "$WARMUP" "$TASKS" "$RATE" > "$OUT/work-warmup.tsv"
: > "$OUT/work-tasks.tsv"
for round in $(seq 1 "$ROUNDS"); do
  bench_tool tasks "$BASE" "$TOKEN" "$FAKE_PORT" "$AGENT" "$CLIENTS" "$SECONDS_PER_RUN" "$TASKS" "$RATE" \
    | sed "s/^/$round\t/" | tee -a "$OUT/work-tasks.tsv"
done

fi

if [[ " $PARTS " == *" webhooks "* ]]; then
echo "== 3. webhooks: $SUBSCRIPTIONS subscription(s), 10,000 deliveries per round, queued at once and from tasks"
: > "$OUT/work-webhooks.tsv"
for round in $(seq 1 "$ROUNDS"); do
  # a. the delivery engine alone: 10,000 events queued in one transaction, as the outbox writes them
  psql_db -c "delete from webhook_subscriptions"
  rm -f "$OUT/webhooks.ready"
  bench_tool webhooks "$BASE" "$TOKEN" "$FAKE_PORT" "$AGENT" "$SUBSCRIPTIONS" 0 "$RECEIVER_PORT" "$OUT/webhooks.ready" 10000 \
    > "$OUT/webhooks-queued.out" &
  client=$!
  while [ ! -f "$OUT/webhooks.ready" ]; do sleep 0.1; done
  psql_db >/dev/null <<SQL
begin;
with events as (
  insert into webhook_deliveries (id, organization_id, subscription_id, target_url, event_type, message_id, body, status,
                                  attempts, created_at)
  select gen_random_uuid(), s.organization_id, s.id, s.target_url, 'task.completed',
         'msg_' || replace(gen_random_uuid()::text, '-', ''),
         json_build_object('type', 'task.completed', 'timestamp', now(),
                           'data', json_build_object('task_id', gen_random_uuid(), 'status', 'completed'))::text,
         'pending', 0, now()
  from webhook_subscriptions s, generate_series(1, 10000 / $SUBSCRIPTIONS)
  returning id, organization_id)
insert into jobs (id, kind, subject_id, organization_id, state, priority, run_at, attempts, max_attempts, created_at)
select gen_random_uuid(), 'webhook.deliver', id, organization_id, 'queued', 0, now(), 0, 15, now() from events;
select pg_notify('agentry_jobs', 'w:webhook.deliver');
commit;
SQL
  wait $client
  sed "s/^/$round\tqueued\t/" "$OUT/webhooks-queued.out" | tee -a "$OUT/work-webhooks.tsv"
  # b. end to end: the events of tasks run meanwhile (each sends task.started and task.completed)
  psql_db -c "delete from webhook_subscriptions"
  bench_tool webhooks "$BASE" "$TOKEN" "$FAKE_PORT" "$AGENT" "$SUBSCRIPTIONS" "$((10000 / SUBSCRIPTIONS / 2))" "$RECEIVER_PORT" \
    | sed "s/^/$round\ttasks\t/" | tee -a "$OUT/work-webhooks.tsv"
done
fi

if [[ " $PARTS " == *" runs "* ]]; then
echo "== 4. team runs: a 3-step pipeline, $RUNS runs one at a time, then $CONCURRENT at once"
: > "$OUT/work-runs.tsv"
for round in $(seq 1 "$ROUNDS"); do
  # nodelay: without it the fake answers each streamed call 40 ms late (Nagle against delayed ACKs)
  java -Dsun.net.httpserver.nodelay=true -cp "$OUT/workbench" WorkBench runs "$BASE" "$TOKEN" "$FAKE_PORT" "$AGENT" "$RUNS" "$CONCURRENT" \
    | sed "s/^/$round\t/" | tee -a "$OUT/work-runs.tsv"
done
fi
