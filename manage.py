#!/usr/bin/env python
"""Django's command line. Also the embedded run's set-up (``./run.sh`` = ``manage.py start``
with nothing set), which must happen before the settings are read, so it is here and uses
only the standard library. The embedded system is the one with no ``DATABASE_URL`` (its SQLite
file under the run directory): with no ``SECRET_KEY`` either, every command of it (``start``,
``demo``, ``workdays`` …) shares a random key made once and kept in the run directory
(``.run/secret_key``, owner-readable only), so sessions survive a restart and no key is ever
committed; and, the embedded system being plain HTTP on this machine, the HTTPS-only settings
default to off. A production system (``DATABASE_URL`` set) gets nothing from here: without
``SECRET_KEY`` it refuses to start. The environment always wins.
"""

import os
import secrets
import sys
from pathlib import Path

EMBEDDED_PLAIN_HTTP = {"SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false"}


def embedded_secret_key() -> str:
    run_dir = Path(os.environ.get("CRM_RUN_DIR") or Path(__file__).resolve().parent / ".run")
    path = run_dir / "secret_key"
    if not path.exists():
        run_dir.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
            file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
    if not os.environ.get("SECRET_KEY") and not os.environ.get("DATABASE_URL"):
        os.environ["SECRET_KEY"] = embedded_secret_key()
        if not os.environ.get("SECURE_PROXY_SSL_HEADER"):  # behind an HTTPS proxy the secure defaults stay
            for name, value in EMBEDDED_PLAIN_HTTP.items():
                os.environ.setdefault(name, value)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
