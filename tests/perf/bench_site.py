"""Benchmark: the public site's home page and an item guide under load, cached and not,
next to a minimal Django view, on the ASGI server (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench SECRET_KEY=x \
        .venv/bin/python -m tests.perf.bench_site [--small] [--connections N] [--seconds N]

Loads the project's demo once (the page tree, the catalogue, a year of "3550" milestones
behind the home page's figures), then starts the server as tests/perf/bench_status.py
does (its helpers: uvicorn, one process, DEBUG off, this database, a cache of its own per
run) and loads each URL in turn with ``wrk``:

- the minimal view (the floor: middleware and one HttpResponse);
- the home page ``/`` and the guide of 建筑工程施工许可证核发, as the public gets them
  (from the page cache, cms/cache.py, after a one-second warm-up);
- the same two with a query string, which the cache never answers: Wagtail renders them
  from the database on every request.

It prints requests per second and p50/p99 latency of each, and each one's throughput as a
share of the minimal view's. ``--small`` (or BENCH_SCALE=small): 2 connections, 3 seconds
per URL; tests/test_benchmarks.py runs it so (every answer must be a 200, no timing).
"""

import argparse
import dataclasses
import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.perf import add_scale_arguments, chosen_size, django_setup

django_setup("postgres://postgres@127.0.0.1:5432/crm_bench")

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from cms.models import CataloguePage, HomePage
from projects.models import ApprovalItem
from tests.perf.bench_status import LUA, Load, free_port, http_get, server_start, wrk

FULL_CONNECTIONS, SMALL_CONNECTIONS = 100, 2
FULL_SECONDS, SMALL_SECONDS = 15, 3
GUIDE_ITEM = "建筑工程施工许可证核发"
# A query string the pages ignore and the cache never answers.
UNCACHED = "?bench=uncached"


@dataclasses.dataclass(frozen=True)
class Figures:
    connections: int
    seconds: int
    minimal: Load
    home: Load
    home_uncached: Load
    guide: Load
    guide_uncached: Load

    @property
    def loads(self) -> tuple[Load, ...]:
        return (self.minimal, self.home, self.home_uncached, self.guide, self.guide_uncached)


def seed() -> str:
    """The demo, once; the guide's path."""
    if not HomePage.objects.exists() or not ApprovalItem.objects.filter(name=GUIDE_ITEM).exists():
        print("loading the demo …", flush=True)
        call_command("demo", stdout=io.StringIO())
    catalogue = CataloguePage.objects.live().get()
    item = ApprovalItem.objects.get(name=GUIDE_ITEM, is_active=True)
    return catalogue.url + catalogue.reverse_subpage("item", args=(item.pk,))


def run(connections: int = FULL_CONNECTIONS, seconds: int = FULL_SECONDS) -> Figures:
    guide = seed()
    targets = [
        ("minimal Django view", "/bench/minimal/", "ok"),
        ("home page (cached)", "/", "近12个月"),
        ("home page (uncached)", "/" + UNCACHED, "近12个月"),
        ("item guide (cached)", guide, GUIDE_ITEM),
        ("item guide (uncached)", guide + UNCACHED, GUIDE_ITEM),
    ]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = server_start(port)
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(LUA)
        loads = []
        for name, path, expected in targets:
            status, body = http_get(base + path)  # answered right, before any load
            if status != 200 or expected not in body:
                raise RuntimeError(f"{path} answered {status} without {expected!r}")
            wrk(name, base, path, connections=connections, seconds=1, cookie="", script=lua.name)  # warm-up
            loads.append(wrk(name, base, path, connections=connections, seconds=seconds, cookie="", script=lua.name))
    finally:
        server.terminate()
        server.wait(timeout=30)
        Path(lua.name).unlink(missing_ok=True)
    floor = loads[0].rps
    figures = Figures(connections, seconds, *(dataclasses.replace(load, share=load.rps / floor) for load in loads))
    print(
        f"\npublic site of the demo; uvicorn (1 process, DEBUG off) on {connection.vendor}, "
        f"cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}; "
        f"wrk {connections} connections, {seconds} s per URL"
    )
    print(f"{'':<24} {'requests/s':>11} {'p50 ms':>8} {'p99 ms':>8} {'of minimal':>10} {'requests':>9} {'not 200':>8}")
    for load in figures.loads:
        print(
            f"{load.name:<24} {load.rps:>11,.1f} {load.p50_ms:>8.1f} {load.p99_ms:>8.1f} "
            f"{load.share:>9.0%} {load.requests:>9,} {load.not_200:>8,}"
        )
    print(
        f"cache gain: home page x{figures.home.rps / figures.home_uncached.rps:.1f}, "
        f"item guide x{figures.guide.rps / figures.guide_uncached.rps:.1f}"
    )
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_scale_arguments(parser, "--connections", FULL_CONNECTIONS, SMALL_CONNECTIONS, "wrk connections")
    parser.add_argument("--seconds", type=int, default=None, help=f"seconds per URL (default {FULL_SECONDS})")
    args = parser.parse_args(argv)
    call_command("migrate", verbosity=0)
    run(
        chosen_size(args, args.connections, FULL_CONNECTIONS, SMALL_CONNECTIONS),
        chosen_size(args, args.seconds, FULL_SECONDS, SMALL_SECONDS),
    )


if __name__ == "__main__":
    main()
