#!/usr/bin/env bash
# Measures `digest send` to a loopback SMTP sink: 100,000 subscribers with
# 16 and 4 connections, then 1,000,000 with 16 (pass "quick" to skip it).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
go build -o bench/out/digest ./cmd/digest
go run ./bench/send -n 100000 -connections 16
go run ./bench/send -n 100000 -connections 4
if [ "${1:-}" != quick ]; then
  go run ./bench/send -n 1000000 -connections 16
fi
