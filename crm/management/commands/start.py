"""Start the whole system in one command: migrate, demo data, static files, a Celery
worker with embedded beat, and one ASGI server (HTTP + WebSocket).

On the embedded default (no DATABASE_URL / REDIS_URL) everything lives under
``.run/``: the SQLite file, the filesystem broker's queue, static files. With the
variables set, the same command runs against PostgreSQL and Redis.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动完整系统（迁移、演示数据、Celery worker 与 beat、ASGI 服务） / start the whole system"

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--no-demo", action="store_true", help="不加载演示数据 / skip demo data")
        parser.add_argument("--no-worker", action="store_true", help="不启动 Celery / run the web server only")

    def handle(self, *args, host, port, no_demo, no_worker, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("数据库已迁移 / database migrated")
        if not no_demo:
            call_command("demo", stdout=self.stdout)
        call_command("collectstatic", interactive=False, verbosity=0)
        if settings.CELERY_BROKER_URL.startswith("filesystem://"):
            for folder in ("queue", "control"):
                (settings.CELERY_BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)

        # Links made without a request (the worker's e-mails) lead where this system listens
        # (crm.links); a wildcard address is reached on this machine as 127.0.0.1.
        if host in ("0.0.0.0", "::", ""):
            reached = "127.0.0.1"
        else:
            reached = f"[{host}]" if ":" in host else host
        os.environ.setdefault("CRM_DEFAULT_SITE_URL", f"http://{reached}:{port}")
        children: list[subprocess.Popen] = []
        if not no_worker:
            children.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "celery",
                        "-A",
                        "crm",
                        "worker",
                        "--beat",
                        "--pool=solo",
                        "--without-gossip",
                        "--without-mingle",
                        "--loglevel=INFO",
                    ]
                )
            )
        children.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "crm.asgi:application",
                    "--host",
                    host,
                    "--port",
                    str(port),
                    "--lifespan",
                    "off",
                    # Live updates are a hundred bytes: compressing them saves nothing and costs a
                    # zlib state per open page (tests/perf/bench_live.py: 2,000 pages on one process).
                    "--ws-per-message-deflate",
                    "false",
                ]
            )
        )
        self.stdout.write(self.style.SUCCESS(f"系统已启动 / running: http://{host}:{port}/  (Ctrl+C 停止 / to stop)"))
        self._supervise(children)

    def _supervise(self, children: list[subprocess.Popen]) -> None:
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.5)
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
        failed = [child for child in children if child.returncode not in (0, -signal.SIGTERM, None)]
        if failed and not stopping:
            sys.exit(1)
