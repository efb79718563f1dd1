#!/usr/bin/env bash
# Runs every test. Store tests run on SQLite and on a real PostgreSQL: FATHOM_TEST_PG names one,
# or a private cluster is started with scripts/pg-start.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${FATHOM_TEST_PG:-}" ]; then
  FATHOM_TEST_PG="$(bash scripts/pg-start.sh)"
  export FATHOM_TEST_PG
fi
npm run --silent build
files=$(find src test -name '*.test.ts' -not -path '*/node_modules/*' | sort)
# shellcheck disable=SC2086
exec node --import tsx --test --test-concurrency=2 --test-reporter=spec $files
