#!/usr/bin/env bash
# Stops the private PostgreSQL cluster started by pg-start.sh.
set -euo pipefail
dir="${FATHOM_PG_DIR:-/tmp/fathom-pg}"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$dir" -m fast stop; else "$bin/pg_ctl" -D "$dir" -m fast stop; fi
