#!/usr/bin/env bash
# Try the application locally:
#   bash scripts/run-demo.sh            serves on port 5000
#   bash scripts/run-demo.sh 8080       another port (or PORT=8080 bash scripts/run-demo.sh)
# installs what is missing, creates .venv, migrates the SQLite database under instance/, loads the demo
# accounts (idempotent) and serves http://127.0.0.1:PORT until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${1:-${PORT:-5000}}"
if ! [[ "$PORT" =~ ^[0-9]+$ ]] || [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65535 ]; then
  echo "run-demo.sh: the port must be a number from 1 to 65535, not '$PORT'" >&2
  exit 2
fi

say() { echo "run-demo.sh: $*" >&2; }

PYTHON=python3
command -v python3.11 >/dev/null 2>&1 && PYTHON=python3.11

# --- system packages (only what running needs: CJK fonts, the Pango libraries WeasyPrint loads for PDF
# reports; the venv module if Python lacks it) -----------------------------------------------------------
missing=()
for pkg in fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [ ! -x .venv/bin/python ] && ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  missing+=(python3-venv)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    say "WARNING: not root, cannot install: ${missing[*]}"
  fi
fi

# --- virtualenv and dependencies -------------------------------------------------------------------
if [ ! -x .venv/bin/python ]; then
  say "creating .venv"
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt

# --- database and demo data (SQLite file under instance/ unless DATABASE_URL is set) --------------
# The development configuration (a public SECRET_KEY, the debugger, demo accounts) is chosen here explicitly:
# without REVIEWAPP_ENV the app refuses to start.
export REVIEWAPP_ENV=development
.venv/bin/flask --app wsgi db upgrade
.venv/bin/flask --app wsgi demo

echo
echo "Open http://127.0.0.1:$PORT and log in with one of the accounts above (Ctrl-C stops the server)."
exec .venv/bin/flask --app wsgi run --host 127.0.0.1 --port "$PORT"
