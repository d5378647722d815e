#!/usr/bin/env bash
# Measures `digest render` on 20 feeds of 30 items served from loopback:
# cold (every feed and page fetched, extracted and parsed) and warm (every
# feed answers 304, nothing else fetched). Figures in README.md, Feeds.
set -euo pipefail
cd "$(dirname "$0")/.."
prog=feeds.sh
# shellcheck source=bench/lib.sh
source bench/lib.sh
clear_digest_env
mkdir -p bench/out
go build -o bench/out/digest ./cmd/digest
go run ./bench/feeds -digest bench/out/digest -feeds "${FEEDS:-20}" -items "${ITEMS:-30}"
