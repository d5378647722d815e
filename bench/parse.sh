#!/usr/bin/env bash
# Measures the article parser: articles per second and µs per KB over the
# test articles, and the time of a 1 MB article against the 50 ms limit;
# then the same from `go test -bench` (BenchmarkParse, BenchmarkParse1MB).
set -euo pipefail
cd "$(dirname "$0")/.."
go run ./bench/parse
go test -run XXX -bench 'BenchmarkParse' -benchmem ./digest/content
