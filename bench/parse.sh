#!/usr/bin/env bash
# Measures the article parser with the benchmarks in digest/content
# (fuzz_test.go): articles per second and µs per KB over the test
# articles (BenchmarkParse), and the time of a generated 1 MB article
# against the 50 ms limit of issue 9 (BenchmarkParse1MB).
# BENCHTIME sets go test's -benchtime (default 2s; e.g. BENCHTIME=1x).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(go test -run '^$' -bench '^BenchmarkParse(1MB)?$' -benchtime "${BENCHTIME:-2s}" -count 1 ./digest/content) || {
  echo "$out" >&2
  exit 1
}
# metric LINE UNIT prints the value go test reported in UNIT on LINE.
metric() { awk -v u="$2" '{ for (i = 2; i <= NF; i++) if ($i == u) print $(i - 1) }' <<<"$1"; }
corpus=$(grep '^BenchmarkParse-' <<<"$out" || true)
big=$(grep '^BenchmarkParse1MB-' <<<"$out" || true)
[[ -n $corpus && -n $big ]] || { echo "parse.sh: no benchmark results:" >&2; echo "$out" >&2; exit 1; }
echo "test articles: $(metric "$corpus" articles/s) articles/s, $(metric "$corpus" µs/KB) µs/KB"
awk -v ns="$(metric "$big" ns/op)" -v kb="$(metric "$big" µs/KB)" 'BEGIN {
  ms = ns / 1e6
  printf "1 MB article: %.1f ms, %s µs/KB (%s the 50 ms limit)\n", ms, kb, ms < 50 ? "under" : "OVER"
}'
