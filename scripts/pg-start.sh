#!/usr/bin/env bash
# Starts a private PostgreSQL cluster for development and tests, and prints its URL.
# Usage: bash scripts/pg-start.sh   (idempotent: an already running cluster is reused)
# Settings: FATHOM_PG_DIR (data folder, default /tmp/fathom-pg), FATHOM_PG_PORT (default 54329).
set -euo pipefail

dir="${FATHOM_PG_DIR:-/tmp/fathom-pg}"
port="${FATHOM_PG_PORT:-54329}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (install the 'postgresql' package)." >&2
  exit 1
fi

# The server refuses to run as root, so as root it runs as the postgres user.
as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ ! -s "$dir/PG_VERSION" ]; then
  mkdir -p "$dir"
  if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$dir"; fi
  chmod 700 "$dir"
  as_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi

if ! as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  as_owner "$bin/pg_ctl" -D "$dir" -w -l "$dir/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
fi

for db in fathom_test fathom; do
  if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "select 1 from pg_database where datname='$db'" postgres | grep -q 1; then
    "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "create database $db" postgres
  fi
done

echo "postgres://postgres@127.0.0.1:$port/fathom_test"
