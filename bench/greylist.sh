#!/usr/bin/env bash
# Measures what greylisting costs a send: 2,000 subscribers over 4
# connections, clean and with 50 readers greylisted on their first
# attempt, with the default 30s retry back-off (the 50 are deferred to the
# queue) and with a 1s one (they are retried within the send).
set -euo pipefail
cd "$(dirname "$0")/.."
prog=greylist.sh
# shellcheck source=bench/lib.sh
source bench/lib.sh
clear_digest_env
mkdir -p bench/out
go build -o bench/out/digest ./cmd/digest
for round in 1 2; do
  echo "round $round"
  go run ./bench/send -n 2000 -connections 4
  go run ./bench/send -n 2000 -connections 4 -greylist 50
  go run ./bench/send -n 2000 -connections 4 -greylist 50 -backoff 1s
done
