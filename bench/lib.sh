# Shell shared by the benches that drive the real digest binary (wire.sh
# and workers.sh against Postfix's smtp-sink and PostgreSQL; greylist.sh,
# feeds.sh, subscribers.sh). Source it after setting prog (the script's
# name, for messages) and, if the script needs one, work (a scratch
# directory removed on exit).

# Everything a bench starts is stopped on exit: its digest processes
# (pids), the sink, the PostgreSQL databases it made (pg_dbs), $work.
sink_pid="" pg_dbs=() pids=()
cleanup() {
  set +e
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  [[ -n $sink_pid ]] && kill "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null
  for db in "${pg_dbs[@]}"; do pgc -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null; done
  [[ -n ${work:-} ]] && rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "$prog: $*" >&2; exit 1; }
# excerpt FILE prints the start and the end of a long log.
excerpt() { if (($(wc -l <"$1") > 24)); then head -8 "$1"; echo "[...]"; tail -12 "$1"; else cat "$1"; fi; }
say() { echo "$prog: $*" >&2; }
pgc() { PGOPTIONS='-c client_min_messages=warning' psql -h 127.0.0.1 -p 5432 -U postgres -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# clear_digest_env unsets every DIGEST_* variable: a bench must not
# inherit the caller's DIGEST_SMTP_HOST or DIGEST_DATABASE_DSN (it would
# send to, or import into, the caller's own).
clear_digest_env() {
  local v
  while read -r v; do unset "$v"; done < <(compgen -e | grep '^DIGEST_' || true)
}
# fresh_pg_db NAME drops and creates the PostgreSQL database NAME, which
# cleanup drops on exit.
fresh_pg_db() {
  pg_dbs+=("$1")
  pgc -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" || die "could not create database $1"
}

# --- tools ---------------------------------------------------------------
need_postfix() {
  PATH=$PATH:/usr/sbin
  command -v smtp-sink >/dev/null && command -v smtp-source >/dev/null && return
  [[ $(id -u) == 0 ]] || die "smtp-sink and smtp-source are missing: install Debian's postfix package (sudo apt-get install postfix; choose \"No configuration\"); the bench runs only those two test programs, never Postfix's daemon"
  say "installing postfix for smtp-sink and smtp-source (its daemon is not started)"
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  local guard=""; [[ -e /usr/sbin/policy-rc.d ]] || { guard=/usr/sbin/policy-rc.d; printf '#!/bin/sh\nexit 101\n' >"$guard"; chmod +x "$guard"; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y postfix >"$work/apt.log" 2>&1 || { [[ -n $guard ]] && rm -f "$guard"; tail -20 "$work/apt.log" >&2; die "apt-get install postfix failed"; }
  [[ -n $guard ]] && rm -f "$guard"
  command -v smtp-sink >/dev/null || die "postfix installed but smtp-sink is still missing"
}
need_postgres() {
  if ! command -v psql >/dev/null || ! command -v pg_isready >/dev/null; then
    die "PostgreSQL's client (psql, pg_isready) is missing; install postgresql or run with -s sqlite"
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    local v
    v=$(for d in /etc/postgresql/*/; do basename "$d"; done | sort -V | tail -1)
    [[ $v != "*" ]] || die "PostgreSQL is not running on 127.0.0.1:5432 and no cluster is in /etc/postgresql"
    say "starting PostgreSQL $v (left running afterwards)"
    pg_ctlcluster --skip-systemctl-redirect "$v" main start || die "could not start PostgreSQL $v"
    for _ in $(seq 50); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.2; done
  fi
  pgc -d postgres -c 'SELECT 1' >/dev/null || die "psql -h 127.0.0.1 -U postgres failed: the bench needs trust auth for user postgres on 127.0.0.1:5432"
}
need_go() {
  command -v go >/dev/null || PATH=$PATH:/usr/local/go/bin
  command -v go >/dev/null || die "go is missing (https://go.dev/dl/)"
}

# --- the sink: discards, advertises PIPELINING, counts messages (-c) -------
sink_port=""
start_sink() {
  local user=() port
  [[ $(id -u) == 0 ]] && user=(-u "$(id -un nobody 2>/dev/null || echo daemon)")
  for _ in $(seq 20); do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue # taken
    smtp-sink -c -m 256 "${user[@]}" "127.0.0.1:$port" 1024 >"$work/sink.out" 2>"$work/sink.err" &
    sink_pid=$!
    for _ in $(seq 50); do
      kill -0 "$sink_pid" 2>/dev/null || break
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && { sink_port=$port; return; }
      sleep 0.1
    done
    wait "$sink_pid" 2>/dev/null || true
    sink_pid=""
  done
  die "could not start smtp-sink: $(cat "$work/sink.err")"
}
# sink_count prints the messages the sink has received since it started.
sink_count() { tail -c 256 "$work/sink.out" | tr '\r' '\n' | grep -o 'mesg=[0-9]*' | tail -1 | cut -d= -f2 || echo 0; }
# await_sink WANT waits up to 3 s for the counter to reach WANT; prints the count.
await_sink() {
  local got
  for _ in $(seq 60); do
    got=$(sink_count); got=${got:-0}
    ((got >= $1)) && break
    sleep 0.05
  done
  echo "$got"
}
tck=$(getconf CLK_TCK)
# proc_cpu PID prints the CPU time (user + system) of a process in ms.
proc_cpu() { awk -v t="$tck" '{ printf "%d", ($14 + $15) * 1000 / t }' "/proc/$1/stat"; }
sink_cpu() { proc_cpu "$sink_pid"; }
# db_cpu prints the PostgreSQL server's CPU time in ms: its postmaster with
# the children it has reaped (a send's backends end with it) and the live
# ones. 0 when its pid file cannot be read; call pg_pid first.
pm_pid=""
pg_pid() { pm_pid=$(head -1 "$(pgc -d postgres -c 'SHOW data_directory')/postmaster.pid" 2>/dev/null || true); }
db_cpu() {
  [[ -n $pm_pid ]] || { echo 0; return; }
  { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm_pid/stat"
    for c in $(pgrep -P "$pm_pid"); do awk '{ print $14 + $15 }' "/proc/$c/stat" 2>/dev/null; done
  } | awk -v t="$tck" '{ s += $1 } END { printf "%d", s * 1000 / t }'
}
now() { date +%s%N; }

# write_config DRIVER DSN CONNECTIONS writes $work/config.yaml: the sample
# content, the sink, plain SMTP on loopback, connections never recycled.
write_config() {
  cat >"$work/config.yaml" <<YAML
newsletter:
  name: Bench Brief
  from: "Bench Brief <brief@news.example.com>"
  public_url: https://news.example.com
content:
  sources: [{type: content, path: $repo/examples/content}]
database:
  driver: $1
  dsn: "$2"
smtp:
  host: 127.0.0.1
  port: $sink_port
  tls: none
  connections: $3
  messages_per_connection: 0
YAML
}

# write_list N writes $work/list.csv with N subscribers.
write_list() {
  awk -v n="$1" 'BEGIN { print "email,name"; for (i = 0; i < n; i++) printf "r%07d.reader@mail%d.example.com,Reader %d\n", i, i % 97, i }' >"$work/list.csv"
}
