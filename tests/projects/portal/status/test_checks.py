"""django-ratelimit's system checks pass in both ways to run: the embedded default (its
local-memory cache, one web process) and Redis (django-redis)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]


@pytest.mark.parametrize("redis", [False, True], ids=["embedded", "redis"])
def test_the_system_checks_pass(redis, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update({"SECRET_KEY": "x", "CRM_RUN_DIR": str(tmp_path)})
    if redis:
        env["REDIS_URL"] = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--fail-level", "WARNING"],
        check=False,  # the output is shown when it fails
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "django_ratelimit" not in result.stdout + result.stderr
