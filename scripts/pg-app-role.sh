#!/usr/bin/env bash
# PostgreSQL: the application's own role, which may not UPDATE or DELETE audit entries (issue 13, item 3).
#
#   DATABASE_URL=postgresql+psycopg://OWNER@HOST/DB REVIEWAPP_ENV=production SECRET_KEY=... AUDIT_KEY=... \
#   APP_ROLE_PASSWORD=... bash scripts/pg-app-role.sh reviewapp_app
#
# Run it as the database's owner (the role that runs `flask db upgrade`), after every upgrade: it creates or updates
# the role (idempotent). Then run gunicorn with DATABASE_URL=postgresql+psycopg://reviewapp_app:PASSWORD@HOST/DB and
# keep the owner's URL for `flask db upgrade`, `flask audit rekey` and `flask restore`. `--print-sql` prints the
# statements for a DBA to read or run in psql instead. What the role may do and why: reviewapp/pg_role.py.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -lt 1 ]; then
  echo "usage: bash scripts/pg-app-role.sh ROLE [--print-sql]   (the password from APP_ROLE_PASSWORD)" >&2
  exit 2
fi
exec .venv/bin/flask --app wsgi audit pg-app-role "$@"
