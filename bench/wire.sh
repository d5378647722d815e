#!/usr/bin/env bash
# Measures `digest send` against the box's ceiling, in one run (issue 12):
# Postfix's smtp-source -d pushing N messages of the issue's size over 16
# connections into Postfix's smtp-sink, then `digest send` to N subscribers
# at each connection count on each store, into the same sink. Rounds are
# interleaved (ceiling, then every store and connection count) so a slow
# patch of a shared machine hits all of them alike. Prints every rate, its
# ratio to that round's ceiling and digest's peak RSS, the means over the
# rounds with the CPU time per message of the sender, the sink and
# PostgreSQL, issue 12's bar, and a Markdown table for the README's "Scaling"
# section (bench/wire prints the report).
#
#   bash bench/wire.sh [-n SUBSCRIBERS] [-r ROUNDS] [-s sqlite,postgres] [-c 16,4] [-p PROFDIR] [-o PG_PARAMS] [-D]
#
# -D sends with database.durable_outcomes: true, to see what commits that
# wait for the disk cost (see README, "What a power loss costs").
# -o adds parameters to PostgreSQL's connection string.
# -p writes a CPU profile of every send into PROFDIR (DIGEST_CPUPROFILE);
# those sends then run with the profiler on. Each send gets a fresh store
# (a new SQLite file, or a new PostgreSQL database on 127.0.0.1:5432 that
# is dropped afterwards) with the N subscribers imported untimed; only the
# send is timed. Everything started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

n=30000 rounds=2 stores=sqlite,postgres conns=16,4 profdir="" pgparams="" durable=""
usage() { sed -n 's/^#   bash /usage: bash /p' "$0" >&2; exit 2; }
while getopts n:r:s:c:p:o:Dh opt; do
  case $opt in
    n) n=$OPTARG ;; r) rounds=$OPTARG ;; s) stores=$OPTARG ;;
    c) conns=$OPTARG ;; p) profdir=$(mkdir -p "$OPTARG" && cd "$OPTARG" && pwd) ;;
    o) pgparams="&$OPTARG" ;;
    D) durable=1 ;;
    *) usage ;;
  esac
done
[[ $n =~ ^[1-9][0-9]*$ && $rounds =~ ^[1-9][0-9]*$ ]] || usage
[[ $conns =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || usage
IFS=, read -r -a store_list <<<"$stores"
IFS=, read -r -a conn_list <<<"$conns"
for s in "${store_list[@]}"; do [[ $s == sqlite || $s == postgres ]] || usage; done

prog=wire.sh
work=$(mktemp -d /tmp/digest-wire.XXXXXX)
# shellcheck source=bench/lib.sh
source "$repo/bench/lib.sh"
clear_digest_env

need_postfix
need_go
[[ " ${store_list[*]} " == *" postgres "* ]] && need_postgres
timer=""; [[ -x /usr/bin/time ]] && timer=/usr/bin/time
digest=$work/digest
go build -o "$digest" ./cmd/digest || die "go build ./cmd/digest failed"
go build -o "$work/report" ./bench/wire || die "go build ./bench/wire failed"

start_sink

# --- the config, the message size, the list -------------------------------
write_config sqlite "$work/render.db" 16
run_env=() prof_env=() # DIGEST_* settings of the current run
# digest_cmd LOG ARGS... runs digest with $run_env, output in LOG.out and
# LOG.err, and stops the bench with digest's stderr if it fails.
digest_cmd() {
  local log=$1 rc=0
  shift
  env "${run_env[@]}" "$digest" --config "$work/config.yaml" "$@" >"$log.out" 2>"$log.err" || rc=$?
  ((rc == 0)) && return
  die "digest $* failed (exit $rc):
$(excerpt "$log.err")
$(tail -5 "$log.out")"
}
digest_cmd "$work/render" render --out "$work/render"
size=$(wc -c <"$work/render/issue.eml")
write_list "$n"

# --- the measurements ------------------------------------------------------
results=$work/results # round kind store connections wall_ns rss_kb cpu_ms sink_cpu_ms db_cpu_ms
# proc_cpu, sink_cpu, db_cpu and now come from lib.sh.
[[ " ${store_list[*]} " == *" postgres "* ]] && pg_pid
# record LINE keeps a measurement and shows it at once on stderr.
record() {
  echo "$1" >>"$results"
  awk -v n="$n" '{ printf "  round %s  %-11s %2s connections  %6.0f messages/s\n", $1, $3, $4, n * 1e9 / $5 }' <<<"$1" >&2
}

# settle flushes what earlier runs left behind (dirty pages, PostgreSQL's
# pending checkpoint) so that it does not land inside the next timed run.
settle() {
  [[ " ${store_list[*]} " == *" postgres "* ]] && pgc -d postgres -c CHECKPOINT
  sync
}

ceiling() {
  local before got t0 t1 sink0 TIMEFORMAT='%3U %3S'
  settle
  before=$(sink_count) sink0=$(sink_cpu)
  t0=$(now)
  { time smtp-source -d -s 16 -m "$n" -l "$size" -f brief@news.example.com -t reader@mail.example.com \
    "127.0.0.1:$sink_port" >"$work/source.out" 2>&1; } 2>"$work/source.time" ||
    die "smtp-source failed: $(tail -5 "$work/source.out")"
  t1=$(now)
  got=$(await_sink $((before + n)))
  ((got - before == n)) || die "the sink counted $((got - before)) messages from smtp-source, not $n"
  record "$1 ceiling smtp-source 16 $((t1 - t0)) 0 $(awk '{ printf "%d", ($1 + $2) * 1000 }' "$work/source.time") $(($(sink_cpu) - sink0)) 0"
}

# timed_send DIR runs the send; writes DIR/usage: its peak RSS in KB and
# its CPU time (user + system) in ms. Without /usr/bin/time it polls
# /proc, which may add up to 20 ms to the wall time.
timed_send() {
  local rc=0 pid v last=""
  local cmd=(env "${run_env[@]}" "${prof_env[@]}")
  if [[ -n $timer ]]; then
    "${cmd[@]}" "$timer" -f '%M %U %S' -o "$1/time" "$digest" --config "$work/config.yaml" send \
      >"$1/send.out" 2>"$1/send.err" || rc=$?
    tail -1 "$1/time" | awk '{ printf "%d %d\n", $1, ($2 + $3) * 1000 }' >"$1/usage"
  else
    "${cmd[@]}" "$digest" --config "$work/config.yaml" send >"$1/send.out" 2>"$1/send.err" &
    pid=$!
    # The last reading before it ends: the CPU time misses at most 20 ms.
    while v=$(awk -v t="$tck" 'FNR == NR && /^VmHWM/ { h = $2 } FNR != NR { c = ($14 + $15) * 1000 / t }
        END { if (h) printf "%d %d", h, c }' "/proc/$pid/status" "/proc/$pid/stat" 2>/dev/null) && [[ -n $v ]]; do
      last=$v
      sleep 0.02
    done
    echo "${last:-0 0}" >"$1/usage"
    wait "$pid" || rc=$?
  fi
  ((rc == 130)) && { say "interrupted"; exit 130; }
  ((rc == 0)) || die "digest send failed (exit $rc):
$(excerpt "$1/send.err")
$(tail -5 "$1/send.out")"
}

send_run() { # store connections round
  local dir=$work/run-$1-$2-$3 db="" before got t0 t1 sent sink0 db0
  mkdir "$dir"
  if [[ $1 == sqlite ]]; then
    run_env=(DIGEST_DATABASE_DRIVER=sqlite "DIGEST_DATABASE_DSN=$dir/digest.db")
  else
    db=digest_wire_$$_$2_$3
    fresh_pg_db "$db"
    run_env=(DIGEST_DATABASE_DRIVER=postgres "DIGEST_DATABASE_DSN=postgres://postgres@127.0.0.1:5432/$db?sslmode=disable$pgparams")
  fi
  run_env+=("DIGEST_SMTP_CONNECTIONS=$2")
  [[ -n $durable ]] && run_env+=(DIGEST_DATABASE_DURABLE_OUTCOMES=true)
  digest_cmd "$dir/import" subscribers import "$work/list.csv"
  [[ -n $db ]] && pgc -d "$db" -c 'VACUUM ANALYZE' # as autovacuum would have long before a real send
  prof_env=()
  [[ -n $profdir ]] && prof_env=("DIGEST_CPUPROFILE=$profdir/$1-$2-$3.prof")
  settle
  before=$(sink_count) sink0=$(sink_cpu) db0=""
  [[ -n $db ]] && db0=$(db_cpu)
  t0=$(now)
  timed_send "$dir"
  t1=$(now)
  got=$(await_sink $((before + n)))
  ((got - before == n)) || die "$1, $2 connections: the sink counted $((got - before)) messages, not $n"
  digest_cmd "$dir/issues" issues list --json
  sent=$(grep -o '"sent":[0-9]*' "$dir/issues.out" | head -1 | cut -d: -f2)
  [[ $sent == "$n" ]] || die "$1, $2 connections: the ledger says $(cat "$dir/issues.out")"
  record "$3 digest $1 $2 $((t1 - t0)) $(cat "$dir/usage") $(($(sink_cpu) - sink0)) $([[ -n $db0 ]] && echo $(($(db_cpu) - db0)) || echo 0)"
  [[ -n $db ]] && pgc -d postgres -c "DROP DATABASE $db WITH (FORCE)"
  rm -rf "$dir"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "$n subscribers, $rounds round(s), a $size-byte issue, smtp-sink on 127.0.0.1:$sink_port"
for ((r = 1; r <= rounds; r++)); do
  ceiling "$r"
  for s in "${store_list[@]}"; do
    for c in "${conn_list[@]}"; do send_run "$s" "$c" "$r"; done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the report (bench/wire) -------------------------------------------------
echo
echo "$n messages of $size bytes each into smtp-sink; load average before: $load_before, after: $load_after"
"$work/report" -n "$n" -size "$size" -cmd "bash bench/wire.sh -n $n -r $rounds -s $stores -c $conns${pgparams:+ -o ${pgparams#&}}${durable:+ -D}" "$results"
