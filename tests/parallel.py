"""Each pytest-xdist worker gets its own Redis database and run directory.

Loaded with ``-p tests.parallel`` (pyproject.toml) so that it runs before pytest-django reads
the settings: the Celery broker, the channel layer and the cache of one worker must not be
another's (a worker's Celery process would take the other's tasks and read the wrong test
database), nor its uploads and mail files. pytest-django already gives each worker its own test
database (``test_crm_gw0``, ``test_crm_gw1`` …). Without xdist this module changes nothing."""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REDIS_DATABASES = 16  # Redis' default number of databases


def redis_url_for_worker(url: str, index: int) -> str:
    """``url`` with its database number moved on by ``index`` (wrapping at 16)."""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base + index) % REDIS_DATABASES}"))


def _worker_environment() -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return
    index = int(worker[2:])
    if os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = redis_url_for_worker(os.environ["REDIS_URL"], index)
        os.environ.pop("CELERY_BROKER_URL", None)  # follows REDIS_URL (crm/settings.py)
    run_dir = Path(os.environ.get("CRM_RUN_DIR", ".run/test")) / worker
    (run_dir / "static").mkdir(parents=True, exist_ok=True)
    os.environ["CRM_RUN_DIR"] = str(run_dir)
    os.environ.pop("STATIC_ROOT", None)
    os.environ.pop("MEDIA_ROOT", None)


_worker_environment()
