#!/usr/bin/env bash
# Prepares the local PostgreSQL for Agentry's tests and benchmarks. Idempotent: every step is
# skipped when its result is already there.
#   1. starts the local PostgreSQL 15 cluster if it is down;
#   2. builds and installs pgvector from Debian's source package when the extension is missing
#      (Debian 12 ships no binary package for it);
#   3. creates the role and database (and the vector extension in it).
# Usage: db/setup-postgres.sh [--reset]   (--reset drops and recreates the database)
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGSUPERUSER (postgres),
#              AGENTRY_TEST_DB (agentry_test), AGENTRY_TEST_USER (agentry), AGENTRY_TEST_PASSWORD (agentry)
set -euo pipefail

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
SUPER=${PGSUPERUSER:-postgres}
DB=${AGENTRY_TEST_DB:-agentry_test}
ROLE=${AGENTRY_TEST_USER:-agentry}
PASSWORD=${AGENTRY_TEST_PASSWORD:-agentry}
RESET=false
[ "${1:-}" = "--reset" ] && RESET=true

log() { echo "[setup-postgres] $*"; }
psql_super() { psql -v ON_ERROR_STOP=1 -X -q -h "$PGHOST" -p "$PGPORT" -U "$SUPER" "$@"; }
sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
  log "PostgreSQL is not answering on $PGHOST:$PGPORT; starting the local cluster"
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  sudo_if_needed pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 1; done
fi

available=$(psql_super -d postgres -tAc "select count(*) from pg_available_extensions where name = 'vector'")
if [ "$available" = "0" ]; then
  major=$(psql_super -d postgres -tAc "show server_version_num" | cut -c1-2)
  log "pgvector is not installed; building it from Debian's source package for PostgreSQL $major"
  export DEBIAN_FRONTEND=noninteractive
  src_list=/etc/apt/sources.list.d/agentry-pgvector-src.list
  if [ ! -f "$src_list" ]; then
    # Debian 12 has no pgvector; trixie's source package builds cleanly against PostgreSQL 15. It
    # comes from the Debian archive the machine's apt sources already name, never from a host of ours.
    mirror=$({ awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true
               awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }' \
                 /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true
             } | grep -E '/debian/?$' | head -n 1 || true)
    [ -n "$mirror" ] || { log "no Debian archive in the apt sources (/etc/apt/sources.list*): cannot fetch pgvector's source"; exit 1; }
    echo "deb-src $mirror trixie main" | sudo_if_needed tee "$src_list" >/dev/null
  fi
  sudo_if_needed apt-get update -q
  sudo_if_needed apt-get install -y -q "postgresql-server-dev-$major" build-essential dpkg-dev
  work=$(mktemp -d)
  (cd "$work" && apt-get source -q pgvector)
  dir=$(find "$work" -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
  make -C "$dir" -s PG_CONFIG="/usr/lib/postgresql/$major/bin/pg_config"
  sudo_if_needed make -C "$dir" -s install PG_CONFIG="/usr/lib/postgresql/$major/bin/pg_config"
  rm -rf "$work"
fi

if [ "$(psql_super -d postgres -tAc "select count(*) from pg_roles where rolname = '$ROLE'")" = "0" ]; then
  log "creating role $ROLE"
  psql_super -d postgres -c "create role \"$ROLE\" login password '$PASSWORD'"
fi
if $RESET; then
  log "dropping database $DB"
  psql_super -d postgres -c "drop database if exists \"$DB\" with (force)"
fi
if [ "$(psql_super -d postgres -tAc "select count(*) from pg_database where datname = '$DB'")" = "0" ]; then
  log "creating database $DB"
  psql_super -d postgres -c "create database \"$DB\" owner \"$ROLE\""
fi
# The extension needs a superuser to create; the application role then only uses it.
psql_super -d "$DB" -c "create extension if not exists vector"
log "ready: postgresql://$ROLE@$PGHOST:$PGPORT/$DB (pgvector $(psql_super -d "$DB" -tAc "select extversion from pg_extension where extname = 'vector'"))"
