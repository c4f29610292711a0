#!/usr/bin/env bash
# Restarts the local PostgreSQL cluster (fast shutdown: open sessions are cut, committed work is
# kept) and waits until it answers again. The failover integration test calls it under load.
# Usage: db/restart-postgres.sh        Environment: PGHOST (127.0.0.1), PGPORT (5432)
set -euo pipefail

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

version=$(ls /etc/postgresql | sort -V | tail -n 1)
sudo_if_needed pg_ctlcluster --skip-systemctl-redirect "$version" main restart -m fast
for _ in $(seq 1 300); do
  pg_isready -q -h "$PGHOST" -p "$PGPORT" && exit 0
  sleep 0.1
done
echo "[restart-postgres] PostgreSQL did not answer on $PGHOST:$PGPORT within 30 s" >&2
exit 1
