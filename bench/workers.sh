#!/usr/bin/env bash
# Measures several `digest send` processes sharing one send on PostgreSQL
# (issue 13): N subscribers, sent by 1, 2, ... worker processes started
# together into Postfix's smtp-sink, each run on a fresh database. Prints
# the total rate, each process's peak RSS and CPU time, and what
# PostgreSQL did per message (CPU time, transactions, rows written). Then a
# kill run: three workers, one that holds claims killed with SIGKILL -k
# seconds after the first message; the others must exit 0 and the sink must have every message, with at most one
# duplicate per connection of the dead worker. Ends with a Markdown table
# for the README's "Scaling" section.
#
#   bash bench/workers.sh [-n SUBSCRIBERS] [-w 1,2,3] [-c CONNECTIONS] [-k SECONDS] [-l LEASE]
#
# -c is smtp.connections of each worker (4); -l is delivery.lease for the
# kill run (10s, so that the dead worker's rows come back soon; the default
# is 60s). Everything started here is stopped on exit; the databases are
# dropped.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

n=200000 workers=1,2,3 conns=4 kill_after=2 lease=10s
usage() { sed -n 's/^#   bash /usage: bash /p' "$0" >&2; exit 2; }
while getopts n:w:c:k:l:h opt; do
  case $opt in
    n) n=$OPTARG ;; w) workers=$OPTARG ;; c) conns=$OPTARG ;; k) kill_after=$OPTARG ;; l) lease=$OPTARG ;;
    *) usage ;;
  esac
done
[[ $n =~ ^[1-9][0-9]*$ && $conns =~ ^[1-9][0-9]*$ && $kill_after =~ ^[0-9]+(\.[0-9]+)?$ ]] || usage
[[ $workers =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ && $lease =~ ^[0-9]+s$ ]] || usage
IFS=, read -r -a worker_list <<<"$workers"

prog=workers.sh
work=$(mktemp -d /tmp/digest-workers.XXXXXX)
# shellcheck source=bench/lib.sh
source "$repo/bench/lib.sh"
clear_digest_env

need_postfix
need_go
need_postgres
pg_pid
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time): it measures each process's peak RSS"
digest=$work/digest
go build -o "$digest" ./cmd/digest || die "go build ./cmd/digest failed"
start_sink

write_config postgres "unset" "$conns" # each run sets DIGEST_DATABASE_DSN
write_list "$n"

# pg_stats DB prints transactions committed and rows inserted + updated.
pg_stats() {
  pgc -d postgres -F' ' -c "SELECT xact_commit, tup_inserted + tup_updated FROM pg_stat_database WHERE datname = '$1'"
}

# fresh_db NAME creates a database with the list imported; sets run_env.
run_env=()
fresh_db() {
  fresh_pg_db "$1"
  run_env=("DIGEST_DATABASE_DSN=postgres://postgres@127.0.0.1:5432/$1?sslmode=disable")
  env "${run_env[@]}" "$digest" --config "$work/config.yaml" subscribers import "$work/list.csv" >"$work/import.out" 2>&1 ||
    die "import failed: $(tail -5 "$work/import.out")"
  pgc -d "$1" -c 'VACUUM ANALYZE'
  pgc -d postgres -c CHECKPOINT
  sync
}

# start_workers W DIR [ENV...] starts W sends at once, each under
# /usr/bin/time; their pids are in pids.
start_workers() {
  local w=$1 dir=$2 i
  shift 2
  pids=()
  for ((i = 1; i <= w; i++)); do
    env "${run_env[@]}" "$@" /usr/bin/time -f '%M %U %S' -o "$dir/time.$i" \
      "$digest" --config "$work/config.yaml" send >"$dir/out.$i" 2>"$dir/err.$i" &
    pids+=($!)
  done
}

# check_ledger DIR: the ledger says every subscriber was sent, once.
check_ledger() {
  env "${run_env[@]}" "$digest" --config "$work/config.yaml" issues show 1 >"$1/show" 2>&1 || die "issues show failed: $(cat "$1/show")"
  grep -q "sent $n, failed 0, queued 0" "$1/show" || die "the ledger does not account for $n sends:
$(cat "$1/show")"
}

results=$work/results
say "$n subscribers on PostgreSQL, $conns connections per worker, smtp-sink on 127.0.0.1:$sink_port"
for w in "${worker_list[@]}"; do
  dir=$work/run-$w
  mkdir "$dir"
  fresh_db "digest_workers_$$_$w"
  read -r x0 t0 < <(pg_stats "digest_workers_$$_$w")
  before=$(sink_count) db0=$(db_cpu) start=$(now)
  start_workers "$w" "$dir"
  rc=0
  for p in "${pids[@]}"; do wait "$p" || rc=$?; done
  wall=$(($(now) - start))
  pids=()
  ((rc == 0)) || die "a worker failed (exit $rc): $(cat "$dir"/err.* | tail -20)"
  got=$(await_sink $((before + n)))
  ((got - before == n)) || die "$w workers: the sink counted $((got - before)) messages, not $n"
  check_ledger "$dir"
  read -r x1 t1 < <(pg_stats "digest_workers_$$_$w")
  rss=$(for f in "$dir"/time.*; do awk '{ printf "%.1f ", $1 / 1024 }' "$f"; done)
  cpu=$(cat "$dir"/time.* | awk '{ s += $2 + $3 } END { printf "%d", s * 1000 }')
  echo "$w $wall $cpu $(($(db_cpu) - db0)) $((x1 - x0)) $((t1 - t0)) $rss" >>"$results"
  awk -v n="$n" '{ printf "  %d worker(s): %6.0f messages/s, peak RSS MB %s\n", $1, n * 1e9 / $2, substr($0, index($0, $7)) }' <<<"$(tail -1 "$results")" >&2
  pgc -d postgres -c "DROP DATABASE digest_workers_$$_$w WITH (FORCE)"
done

# --- the kill run ------------------------------------------------------------
dir=$work/kill
mkdir "$dir"
fresh_db "digest_workers_$$_kill"
before=$(sink_count) start=$(now)
start_workers 3 "$dir" "DIGEST_DELIVERY_LEASE=$lease"
# -k counts from the first message (the issue is created before that).
for _ in $(seq 1200); do (($(sink_count) > before)) && break; sleep 0.05; done
sleep "$kill_after"
# The victim is a worker that holds claims now: its worker id names its pid.
victim=$(pgc -d "digest_workers_$$_kill" -c "SELECT split_part(worker, '/', 2) FROM deliveries
  WHERE issue = 1 AND state = 'queued' AND lease_until > now() GROUP BY worker ORDER BY count(*) DESC LIMIT 1")
[[ -n $victim ]] && kill -0 "$victim" 2>/dev/null || die "no worker held claims ${kill_after}s into the send: use more subscribers"
held=$(pgc -d "digest_workers_$$_kill" -c "SELECT count(*) FROM deliveries WHERE issue = 1 AND state = 'queued' AND lease_until > now() AND split_part(worker, '/', 2) = '$victim'")
at_kill=$(($(sink_count) - before))
kill -9 "$victim"
killed_at=$(now)
rc=0 survivors=()
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then continue; fi
  code=$?
  # /usr/bin/time reports the victim's death as its own failure.
  grep -q "Command terminated by signal 9" "$dir/time.$((i + 1))" 2>/dev/null && continue
  rc=$code survivors+=("$((i + 1))")
done
done_at=$(now)
pids=()
((rc == 0)) || die "a surviving worker failed (exit $rc): $(for i in "${survivors[@]}"; do tail -5 "$dir/err.$i"; done)"
((at_kill < n)) || die "the send had finished before the kill: use more subscribers"
got=$(($(await_sink $((before + n))) - before))
dups=$((got - n))
((got >= n)) || die "after the kill the sink counted $got messages, fewer than $n"
check_ledger "$dir"
((dups <= conns)) || die "$dups duplicates: more than the dead worker's $conns connections"
echo "kill $((killed_at - start)) $((done_at - killed_at)) $at_kill $dups $((done_at - start)) $held" >>"$results"
say "killed one of three (holding $held claims) ${kill_after}s into the send ($at_kill sent); the other two exited 0 $(awk -v d=$((done_at - killed_at)) 'BEGIN { printf "%.1f", d / 1e9 }')s later; $dups duplicate(s)"

# --- the report -------------------------------------------------------------
echo
echo "Measured with \`bash bench/workers.sh -n $n -w $workers -c $conns -k $kill_after -l $lease\` on $(date +%F), this 2-core machine ($(nproc) cores), PostgreSQL and smtp-sink on the same machine; load average after: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| workers | messages/s (all together) | peak RSS per worker | sender CPU per message | PostgreSQL CPU per message | transactions per message | rows written per message |"
echo "|---|---|---|---|---|---|---|"
awk -v n="$n" '$1 != "kill" {
  rss = ""; for (i = 7; i <= NF; i++) rss = rss (rss == "" ? "" : ", ") sprintf("%.0f MB", $i)
  printf "| %d | %\047d | %s | %.0f µs | %.0f µs | %.2f | %.2f |\n", $1, n * 1e9 / $2, rss, $3 * 1000 / n, $4 * 1000 / n, $5 / n, $6 / n
}' "$results"
awk -v n="$n" -v c="$conns" -v l="$lease" '$1 == "kill" {
  printf "\nKill run: three workers, one of them (holding %d claimed deliveries) killed with SIGKILL %.1f s after the start, %d of %d sent by then; the other two exited 0 %.1f s later (the lease is %s), %.1f s in all; %d duplicate(s) (at most %d, one per connection of the dead worker); the ledger accounts for all %d.\n", $7, $2 / 1e9, $4, n, $3 / 1e9, l, $6 / 1e9, $5, c, n
}' "$results"
