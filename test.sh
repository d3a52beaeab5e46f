#!/usr/bin/env bash
# Runs the test suite against PostgreSQL and Redis (defaults: the local servers).
# Usage: ./test.sh [pytest arguments]
# The suite runs on every core (pytest-xdist; TEST_WORKERS=0 for one process, or pass -n 0):
# each worker has its own test database, Redis database and run directory (tests/parallel.py).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
if ! .venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt; then
  echo "test.sh: could not install requirements-dev.txt" >&2; exit 1
fi
export DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/crm}"
export REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/0}"
# Tests run with DEBUG off like production, over plain HTTP on this machine.
export SECRET_KEY="${SECRET_KEY:-test-only-key-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')}"
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-false}"
export SESSION_COOKIE_SECURE="${SESSION_COOKIE_SECURE:-false}"
export CSRF_COOKIE_SECURE="${CSRF_COOKIE_SECURE:-false}"
export CRM_RUN_DIR="${CRM_RUN_DIR:-$PWD/.run/test}"
mkdir -p "$CRM_RUN_DIR/static"
exec .venv/bin/python -m pytest -n "${TEST_WORKERS:-auto}" "$@"
