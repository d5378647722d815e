#!/usr/bin/env bash
# Measures importing and exporting N subscribers (default 1,000,000) with a
# real digest binary, on SQLite and, when PostgreSQL answers on
# 127.0.0.1:5432, on PostgreSQL too. Prints wall time, rows/s and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000000}"
mkdir -p bench/out
go build -o bench/out/digest ./cmd/digest
pg=""
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  pg="${DIGEST_BENCH_POSTGRES_DSN:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}"
fi
prog=subscribers.sh
# shellcheck source=bench/lib.sh
source bench/lib.sh
clear_digest_env
go run ./bench/subscribers -digest bench/out/digest -n "$n" -postgres "$pg"
