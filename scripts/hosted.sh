#!/usr/bin/env bash
# `make hosted`: hosted mode on this machine's PostgreSQL, with the job worker,
# for trying a club's server without containers. Plain HTTP on 127.0.0.1:
# fine for a look around; a real club puts Caddy in front (deploy/).
set -euo pipefail
BIN=${BIN:-.venv/bin}
ADMIN_URL=${HOSTED_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
DB=${HOSTED_DB:-gethip_hosted}
URL=${HOSTED_URL:-postgresql://postgres@127.0.0.1:5432/$DB}
PORT=${PORT:-8000}
WORKERS=${WORKERS:-2}
SECRET_FILE=${SECRET_FILE:-.hosted-secret}

if ! psql "$ADMIN_URL" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    psql "$ADMIN_URL" -qc "CREATE DATABASE \"$DB\""
    echo "made the database $DB"
fi
# One secret for this machine's trial server, kept beside the checkout (git ignores it).
if [ ! -s "$SECRET_FILE" ]; then
    (umask 077; "$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(48))' > "$SECRET_FILE")
fi
export GETHIP_SECRET_KEY
GETHIP_SECRET_KEY=$(cat "$SECRET_FILE")

"$BIN/gethip" --db "$URL" db upgrade
"$BIN/gethip" --db "$URL" worker &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
"$BIN/gethip" --db "$URL" serve --hosted --port "$PORT" --workers "$WORKERS"
