#!/usr/bin/env bash
# The long fuzz run: thousands of damaged import files on SQLite and on a real PostgreSQL
# (FATHOM_TEST_PG names one, or a private cluster is started with scripts/pg-start.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${FATHOM_TEST_PG:-}" ]; then
  FATHOM_TEST_PG="$(bash scripts/pg-start.sh)"
  export FATHOM_TEST_PG
fi
exec node --import tsx test/fuzz/run-fuzz.ts
