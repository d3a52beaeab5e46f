#!/usr/bin/env bash
# Installs what is needed into .venv, migrates, loads demo data and starts the whole
# system (ASGI web + WebSocket, Celery worker and beat) on http://127.0.0.1:8000/.
# Embedded default: SQLite, in-memory channel layer, filesystem Celery broker.
# Set DATABASE_URL and REDIS_URL to run the same code on PostgreSQL and Redis.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
exec .venv/bin/python manage.py start "$@"
