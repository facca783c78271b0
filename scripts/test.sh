#!/usr/bin/env bash
# Run the whole test suite twice: on SQLite (a temporary file) and on PostgreSQL (started by scripts/start-postgres.sh,
# in a database of this run's own, reviewapp_test_<checkout>_<pid>, dropped at the end; the server keeps running:
# `bash scripts/start-postgres.sh --stop` stops it).
#
#   bash scripts/test.sh              everything
#   bash scripts/test.sh -k lockout   extra arguments go to pytest, in both runs
#   TEST_SERIAL=1 bash scripts/test.sh   the two runs one after the other (by default they run side by side)
#
# As root it first installs what the suite needs (chromium, fonts-noto-cjk, the Pango libraries WeasyPrint loads,
# postgresql, python3-venv), creates .venv and installs requirements-dev.txt. Exit status 0 only when both runs
# pass; a run that collects no tests (pytest exit 5) or a PostgreSQL that cannot be started counts as a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

# libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0: WeasyPrint (PDF reports) opens them with dlopen; without
# harfbuzz-subset it warns, and pytest turns that warning into an error.
APT_PACKAGES=(chromium fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 postgresql python3-venv)

say() { echo "test.sh: $*" >&2; }

# --- system packages ------------------------------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    say "WARNING: not root, cannot install missing packages: ${missing[*]}"
  fi
fi

# --- virtualenv -----------------------------------------------------------------------------------
if [ ! -x .venv/bin/python ]; then
  say "creating .venv"
  if command -v python3.11 >/dev/null 2>&1; then
    python3.11 -m venv .venv
  else
    python3 -m venv .venv
  fi
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt

# --- lint -----------------------------------------------------------------------------------------
# ruff (pyproject.toml: pycodestyle, pyflakes, import order, bugbear, pyupgrade) before the long runs
say "ruff check ."
.venv/bin/ruff check .

# --- the two runs ---------------------------------------------------------------------------------
LOG_DIR="$(mktemp -d)"
# The run's PostgreSQL database: two checkouts on one machine (or two runs of one) share the server, never a database.
CHECKOUT="$(pwd -P | sha1sum | cut -c1-8)"
PG_DATABASE="reviewapp_test_${CHECKOUT}_$$"
PG_CREATED=0
cleanup() {
  rm -rf "$LOG_DIR"
  if [ "$PG_CREATED" -eq 1 ]; then
    bash scripts/start-postgres.sh --drop "$PG_DATABASE" 2>/dev/null || say "could not drop database $PG_DATABASE"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# run_suite NAME LOGFILE CMD...: runs pytest, echoes its output, leaves the exit status in $RUN_RC.
run_suite() {
  local name="$1" log="$2"
  shift 2
  echo "=============================== $name ===============================" >&2
  RUN_RC=0
  "$@" 2>&1 | tee "$log" || RUN_RC=$?
}

# The summary is pytest's last non-empty output line ("12 passed in 3.4s", "=== 1 failed ... ===").
summary_of() {
  local line
  line="$(grep -v '^[[:space:]]*$' "$1" | tail -n1 || true)"
  echo "${line:-no output}"
}

# PostgreSQL first: its server and this run's database, before either run starts.
PG_URL=""
PG_SETUP_FAILED=0
# Runs of this checkout that were killed before their cleanup left their databases behind: drop those.
bash scripts/start-postgres.sh --drop-dead "reviewapp_test_${CHECKOUT}" 2>/dev/null || true
if PG_OUT="$(bash scripts/start-postgres.sh "$PG_DATABASE")" && PG_URL="$(printf '%s\n' "$PG_OUT" | tail -n1)" &&
  [[ "$PG_URL" == postgresql* ]]; then
  PG_CREATED=1
else
  PG_SETUP_FAILED=1
fi
SQLITE_RUN=(env -u TEST_DATABASE_URL .venv/bin/python -m pytest -q --durations=30 tests "$@")
PG_RUN=(env TEST_DATABASE_URL="$PG_URL" .venv/bin/python -m pytest -q --durations=30 tests -p no:cacheprovider "$@")

# The two runs go side by side (each is one Python process, mostly on one core; the machine has two), the
# PostgreSQL run's output is shown when it ends. TEST_SERIAL=1 runs them one after the other instead.
PG_RC=0
if [ "$PG_SETUP_FAILED" -eq 0 ] && [ "${TEST_SERIAL:-0}" != "1" ]; then
  echo "=============================== PostgreSQL ($PG_URL): running alongside, its output follows SQLite's ===============================" >&2
  "${PG_RUN[@]}" >"$LOG_DIR/pg.log" 2>&1 &
  PG_PID=$!
  run_suite "SQLite" "$LOG_DIR/sqlite.log" "${SQLITE_RUN[@]}"
  SQLITE_RC=$RUN_RC
  wait "$PG_PID" || PG_RC=$?
  echo "=============================== PostgreSQL ($PG_URL) ===============================" >&2
  cat "$LOG_DIR/pg.log"
else
  run_suite "SQLite" "$LOG_DIR/sqlite.log" "${SQLITE_RUN[@]}"
  SQLITE_RC=$RUN_RC
  if [ "$PG_SETUP_FAILED" -eq 0 ]; then
    run_suite "PostgreSQL ($PG_URL)" "$LOG_DIR/pg.log" "${PG_RUN[@]}"
    PG_RC=$RUN_RC
  fi
fi
SQLITE_SUMMARY="$(summary_of "$LOG_DIR/sqlite.log")"
if [ "$PG_SETUP_FAILED" -eq 0 ]; then
  PG_SUMMARY="$(summary_of "$LOG_DIR/pg.log")"
else
  PG_RC=1
  if [ "${CI:-}" = "true" ]; then
    PG_SUMMARY="NOT RUN: PostgreSQL could not be started (CI=true: this is a failure)"
  else
    PG_SUMMARY="NOT RUN: PostgreSQL could not be started (see the messages above; the PostgreSQL run is required)"
  fi
fi

describe() { # describe RC
  case "$1" in
    0) echo "PASSED" ;;
    5) echo "FAILED (exit 5: no tests collected)" ;;
    *) echo "FAILED (exit $1)" ;;
  esac
}

echo
echo "SQLite:     $(describe "$SQLITE_RC") - $SQLITE_SUMMARY"
echo "PostgreSQL: $(describe "$PG_RC") - $PG_SUMMARY"

if [ "$SQLITE_RC" -ne 0 ] || [ "$PG_RC" -ne 0 ]; then
  exit 1
fi
