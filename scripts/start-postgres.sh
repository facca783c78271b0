#!/usr/bin/env bash
# Start (or reuse) a throw-away PostgreSQL server for the test suite and create a clean test database.
#
#   bash scripts/start-postgres.sh [NAME]       -> last line of stdout: the SQLAlchemy URL of database NAME
#                                                  (default reviewapp_test), dropped and created empty
#   bash scripts/start-postgres.sh --drop NAME  drops NAME and the databases the suite made beside it (NAME_*)
#   bash scripts/start-postgres.sh --drop-dead PREFIX
#                                               drops the databases PREFIX_<pid>* whose run (process <pid>) is over
#   bash scripts/start-postgres.sh --stop       stops the server (it keeps running after the tests otherwise)
#
# Idempotent: if a server already answers on 127.0.0.1:$PGPORT it is reused; otherwise a cluster in
# $REVIEWAPP_PGDATA (default /tmp/reviewapp-pgdata) is created if needed and started. scripts/test.sh gives each
# run a database of its own (reviewapp_test_<checkout>_<pid>), so that two checkouts on one machine can share the
# server. Progress messages go to stderr; stdout carries only the URL. Exits non-zero with a message when anything
# fails.
set -euo pipefail

PORT="${PGPORT:-55432}"
HOST=127.0.0.1
DATA_DIR="${REVIEWAPP_PGDATA:-/tmp/reviewapp-pgdata}"
LOG_FILE="${REVIEWAPP_PGLOG:-/tmp/reviewapp-postgres.log}"
SOCKET_DIR=/tmp

ACTION=create
case "${1:-}" in
  --drop | --drop-dead) ACTION="${1#--}" NAME="${2:?$1 needs a database name}" ;;
  --stop) ACTION=stop ;;
  -*) echo "start-postgres: unknown option $1" >&2; exit 2 ;;
  *) NAME="${1:-reviewapp_test}" ;;
esac
if [ "$ACTION" != stop ] && [[ ! "$NAME" =~ ^[a-z_][a-z0-9_]{0,40}$ ]]; then
  echo "start-postgres: a database name is lower-case letters, digits and _ (at most 41): $NAME" >&2
  exit 2
fi
URL="postgresql+psycopg://postgres@${HOST}:${PORT}/${NAME:-}"

say() { echo "start-postgres: $*" >&2; }
die() {
  echo "start-postgres: ERROR: $*" >&2
  exit 1
}

# runuser/pg_ctl must not inherit a working directory the postgres user cannot read.
cd /tmp

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1

# Run a command as the cluster owner: postgres when we are root (initdb/pg_ctl refuse root), else ourselves.
as_owner() {
  if [ "$IS_ROOT" -eq 1 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Sets BINDIR to the newest /usr/lib/postgresql/<major>/bin that has initdb.
find_bindir() {
  local d
  BINDIR=""
  d="$(for b in /usr/lib/postgresql/*/bin; do if [ -x "$b/initdb" ]; then echo "$b"; fi; done | sort -V | tail -n1)"
  [ -n "$d" ] || return 1
  BINDIR="$d"
}

server_ready() {
  [ -n "${BINDIR:-}" ] && [ -x "$BINDIR/pg_isready" ] && { "$BINDIR/pg_isready" -q -h "$HOST" -p "$PORT" -t 3; return; }
  command -v pg_isready >/dev/null 2>&1 && { pg_isready -q -h "$HOST" -p "$PORT" -t 3; return; }
  return 1
}

psql_cmd() {
  local psql=psql
  [ -n "${BINDIR:-}" ] && [ -x "$BINDIR/psql" ] && psql="$BINDIR/psql"
  PGOPTIONS="-c client_min_messages=warning" PGCONNECT_TIMEOUT=10 "$psql" -X -q -h "$HOST" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 "$@"
}

# Is $1 the pid of a live postgres process? (After a machine restart a stale pid may belong to anything.)
pid_is_postgres() {
  local pid="$1"
  [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] || return 1
  case "$(cat "/proc/$pid/comm" 2>/dev/null)" in
    postgres | postmaster) return 0 ;;
    *) return 1 ;;
  esac
}

remove_stale_locks() {
  local pidfile="$DATA_DIR/postmaster.pid" lock="$SOCKET_DIR/.s.PGSQL.$PORT.lock" pid
  if [ -f "$pidfile" ]; then
    pid="$(head -n1 "$pidfile" 2>/dev/null || true)"
    if ! pid_is_postgres "$pid"; then
      say "removing stale $pidfile (pid $pid is not a running postgres)"
      rm -f "$pidfile"
    fi
  fi
  if [ -f "$lock" ]; then
    pid="$(head -n1 "$lock" 2>/dev/null || true)"
    if ! pid_is_postgres "$pid"; then
      say "removing stale $lock"
      rm -f "$lock" "$SOCKET_DIR/.s.PGSQL.$PORT"
    fi
  fi
}

start_server() {
  # 1. binaries
  if ! find_bindir; then
    [ "$IS_ROOT" -eq 1 ] || die "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb) and we are not root: install package postgresql."
    say "installing package postgresql (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -q && apt-get install -y -q --no-install-recommends postgresql; } >&2 ||
      die "apt-get install postgresql failed"
    find_bindir || die "postgresql installed, but no /usr/lib/postgresql/*/bin/initdb found"
  fi
  say "using $BINDIR"

  # 2. data directory
  if [ ! -d "$DATA_DIR" ]; then
    mkdir -p "$DATA_DIR" || die "cannot create $DATA_DIR"
  fi
  if [ "$IS_ROOT" -eq 1 ]; then
    chown postgres:postgres "$DATA_DIR" || die "cannot chown $DATA_DIR to postgres"
    # The log file is opened by pg_ctl running as postgres.
    { touch "$LOG_FILE" && chown postgres:postgres "$LOG_FILE"; } || die "cannot prepare log file $LOG_FILE"
  fi
  chmod 700 "$DATA_DIR"

  if [ -f "$DATA_DIR/PG_VERSION" ]; then
    local have want
    have="$(cat "$DATA_DIR/PG_VERSION")"
    want="$(basename "$(dirname "$BINDIR")")"
    [ "$have" = "$want" ] || die "$DATA_DIR holds a PostgreSQL $have cluster but the binaries are version $want; remove $DATA_DIR and retry"
    say "reusing the cluster in $DATA_DIR"
  else
    if [ -n "$(ls -A "$DATA_DIR")" ]; then
      die "$DATA_DIR exists, is not empty and holds no PostgreSQL cluster; remove it or set REVIEWAPP_PGDATA"
    fi
    say "initdb $DATA_DIR"
    if ! as_owner "$BINDIR/initdb" -D "$DATA_DIR" --auth=trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >&2; then
      say "initdb with locale C.UTF-8 failed; retrying with locale C"
      rm -rf "${DATA_DIR:?}"/* "${DATA_DIR:?}"/.[!.]* 2>/dev/null || true
      as_owner "$BINDIR/initdb" -D "$DATA_DIR" --auth=trust -U postgres --encoding=UTF8 --locale=C >&2 ||
        die "initdb failed"
    fi
  fi

  # 3. start. The cluster is disposable: durability settings are off to make the tests faster.
  remove_stale_locks
  if as_owner "$BINDIR/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; then
    say "a server on $DATA_DIR is running but does not answer on $HOST:$PORT; restarting it"
    as_owner "$BINDIR/pg_ctl" -D "$DATA_DIR" -m fast -w -t 60 stop >&2 || die "could not stop the server on $DATA_DIR"
  fi
  say "starting PostgreSQL on $HOST:$PORT (log: $LOG_FILE)"
  if ! as_owner "$BINDIR/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 \
    -o "-c listen_addresses=$HOST -c port=$PORT -c unix_socket_directories=$SOCKET_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2; then
    echo "---- last lines of $LOG_FILE ----" >&2
    tail -n 30 "$LOG_FILE" >&2 || true
    die "pg_ctl start failed (is port $PORT taken by another program?)"
  fi

  local _
  for _ in $(seq 1 60); do
    server_ready && return 0
    sleep 1
  done
  tail -n 30 "$LOG_FILE" >&2 || true
  die "PostgreSQL started but does not answer on $HOST:$PORT"
}

# drop_databases SQL-LIKE-PATTERN [KEEP-IF-ALIVE]: drops every database whose name matches; with KEEP-IF-ALIVE, only
# those whose name's pid (PREFIX_<pid>...) is no running process.
drop_databases() {
  local pattern="$1" only_dead="${2:-}" db pid
  while read -r db; do
    [ -n "$db" ] || continue
    if [ -n "$only_dead" ]; then
      pid="${db#"$NAME"_}"
      pid="${pid%%_*}"
      if [[ ! "$pid" =~ ^[0-9]+$ ]] || kill -0 "$pid" 2>/dev/null; then continue; fi
    fi
    say "dropping database $db"
    psql_cmd -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >&2 || die "could not drop database $db"
  done < <(psql_cmd -d postgres -At -c "SELECT datname FROM pg_database WHERE datname LIKE '$pattern'")
}

find_bindir || true
case "$ACTION" in
  stop)
    if [ -n "${BINDIR:-}" ] && as_owner "$BINDIR/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; then
      as_owner "$BINDIR/pg_ctl" -D "$DATA_DIR" -m fast -w stop >&2
    else
      say "no server of $DATA_DIR is running"
    fi
    exit 0 ;;
  drop | drop-dead)
    server_ready || exit 0  # no server, no database to drop
    # LIKE: "_" matches any one character, which a name's own "_" matches too; "\_" a "_" only
    if [ "$ACTION" = drop ]; then
      drop_databases "${NAME//_/\\_}"
      drop_databases "${NAME//_/\\_}\\_%"
    else
      drop_databases "${NAME//_/\\_}\\_%" only-dead
    fi
    exit 0 ;;
esac

if server_ready; then
  say "a server already answers on $HOST:$PORT; reusing it"
else
  start_server
fi

psql_cmd -d postgres -c 'select 1' >/dev/null ||
  die "cannot connect as user postgres to $HOST:$PORT (the server must allow trust login for postgres over TCP)"

say "recreating database $NAME"
psql_cmd -d postgres -c "DROP DATABASE IF EXISTS \"$NAME\" WITH (FORCE)" >&2 || die "could not drop database $NAME"
psql_cmd -d postgres -c "CREATE DATABASE \"$NAME\" ENCODING 'UTF8' TEMPLATE template0" >&2 ||
  die "could not create database $NAME"

echo "$URL"
