"""Benchmark: the public status lookup under load, on the ASGI server (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench SECRET_KEY=x \
        .venv/bin/python -m tests.perf.bench_status [--projects 10000] [--small]

Seeds (once) 10,000 projects, one of them with its "3550" milestones running and an
enterprise contact, then starts the ASGI application under uvicorn as the run command
does (one process, DEBUG off, this database, the Redis of ``REDIS_URL`` when set) with
tests/perf/bench_status_settings.py, which adds a minimal Django view on the same server.
``wrk`` (Debian package) loads each URL in turn with 100 connections for 15 seconds:

- the minimal view (the floor: middleware and one HttpResponse);
- the status lookup with a good pair (project code and verification code);
- the enterprise contact's home page /projects/enterprise/ (signed in: a session cookie).

It prints requests per second and p50/p99 latency of each, and each one's throughput as a
share of the minimal view's. Goal for the lookup: at least 50 % of the minimal view's
throughput and p99 under 250 ms. A Lua script counts every response that is not a 200.
``--small`` (or BENCH_SCALE=small): 20 projects, 2 connections, 6 seconds per URL;
tests/test_benchmarks.py runs it so (and checks the figures exist and every answer was 200).
"""

import argparse
import dataclasses
import datetime as dt
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.perf import add_scale_arguments, chosen_size, django_setup

django_setup("postgres://postgres@127.0.0.1:5432/crm_bench")

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from crm.accounts.models import User
from crm.accounts.roles import GROUP_NAMES, Role
from crm.organisation.models import Zone
from projects.investment.events import MilestoneEvent
from projects.investment.services import milestones_follow_work, project_milestones_ensure
from projects.models import Enterprise, EnterpriseContact, Project
from projects.public_status import status_path

FULL_PROJECTS, SMALL_PROJECTS = 10_000, 20
# At small scale (inside the suite, on a machine busy with the other tests) two connections for
# six seconds: wrk counts only answers that arrive within the run, and ten connections' requests,
# served in turn on one thread, can all finish after one second.
FULL_CONNECTIONS, SMALL_CONNECTIONS = 100, 2
FULL_SECONDS, SMALL_SECONDS = 15, 6
PROJECT_CODE = "2026-320903-88-01-"
CONTACT = "bench_status_contact"
BATCH = 5_000
GOAL_SHARE, GOAL_P99_MS = 0.5, 250.0
WRK = os.environ.get("WRK", "/usr/bin/wrk")

# Counts the answers that are not 200 over all of wrk's threads (wrk's own count lets a
# 302 to the sign-in page pass as a success).
LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_ok = 0 end
function response(status, headers, body) if status ~= 200 then not_ok = not_ok + 1 end end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("not_ok") end
  io.write(string.format("not_200: %d\\n", n))
end
"""


def seed(projects: int) -> Project:
    """The projects numbered up to ``projects`` (bulk, through the models); the first one
    has its milestones, one of them running, and an enterprise contact."""
    zone, _ = Zone.objects.get_or_create(
        name="状态查询基准区", defaults={"kind": "district", "division_code": "320903"}
    )
    # The probed project's enterprise has that one project (its contact's home page lists
    # it); the others fill the table under another enterprise.
    enterprise, _ = Enterprise.objects.get_or_create(
        name="状态查询基准科技有限公司", defaults={"zone": zone, "industry": "C", "credit_code": None}
    )
    filler, _ = Enterprise.objects.get_or_create(
        name="状态查询基准填充有限公司", defaults={"zone": zone, "industry": "C", "credit_code": None}
    )
    done = Project.objects.filter(code__startswith=PROJECT_CODE).count()
    if done < projects:
        print(f"seeding {projects - done:,} projects …", flush=True)
    for offset in range(done, projects, BATCH):
        Project.objects.bulk_create(
            Project(
                code=f"{PROJECT_CODE}{n:06d}",
                name=f"状态查询基准项目{n}",
                enterprise=filler if n else enterprise,
                zone=zone,
                industry="C",
                project_type="industrial",
                investment_amount=Decimal(1000),
            )
            for n in range(offset, min(offset + BATCH, projects))
        )
    probed = Project.objects.get(code=f"{PROJECT_CODE}{0:06d}")
    # (an earlier version of this script seeded every project under the probed one's enterprise)
    Project.objects.filter(code__startswith=PROJECT_CODE, enterprise=enterprise).exclude(pk=probed.pk).update(
        enterprise=filler
    )
    if not probed.milestones.exists():
        project_milestones_ensure(project=probed)
        on = timezone.localdate() - dt.timedelta(days=7)
        milestones_follow_work(project=probed, event=MilestoneEvent.PROJECT_FILED, on=on, by=None, checked=True)
    user, _ = User.objects.get_or_create(username=CONTACT, defaults={"full_name": "基准联系人"})
    user.groups.add(Group.objects.get_or_create(name=GROUP_NAMES[Role.ENTERPRISE])[0])
    EnterpriseContact.objects.get_or_create(user=user, defaults={"enterprise": enterprise, "name": "基准联系人"})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE projects_project")
    return probed


@dataclasses.dataclass(frozen=True)
class Load:
    name: str
    path: str
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    not_200: int
    errors: int
    share: float = 0.0  # of the minimal view's requests per second


@dataclasses.dataclass(frozen=True)
class Figures:
    projects: int
    connections: int
    seconds: int
    minimal: Load
    lookup: Load
    enterprise: Load

    @property
    def lookup_meets_goal(self) -> bool:
        return self.lookup.share >= GOAL_SHARE and self.lookup.p99_ms < GOAL_P99_MS


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def wrk_parse(name: str, path: str, out: str) -> Load:
    def grab(pattern: str, default: str | None = None) -> str:
        found = re.search(pattern, out, re.MULTILINE)
        if found is None:
            if default is None:
                raise RuntimeError(f"wrk output without {pattern!r}:\n{out}")
            return default
        return found.group(1)

    errors = grab(r"Socket errors: (.*)$", "")
    return Load(
        name=name,
        path=path,
        requests=int(grab(r"^\s*(\d+) requests in")),
        rps=float(grab(r"^Requests/sec:\s*([\d.]+)")),
        p50_ms=_ms(grab(r"^\s*50%\s+(\S+)")),
        p99_ms=_ms(grab(r"^\s*99%\s+(\S+)")),
        not_200=int(grab(r"^not_200: (\d+)")),
        errors=sum(int(n) for n in re.findall(r"\d+", errors)),
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env() -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.perf.bench_status_settings",
        "DATABASE_URL": url,
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "LOG_LEVEL": "WARNING",
        "BENCH_CACHE_PREFIX": f"bench-{uuid.uuid4().hex[:12]}",
        # every wrk connection comes from 127.0.0.1: the limits would answer 429 at once
        "STATUS_LOOKUP_RATE_PER_ADDRESS": "100000000/m",
        "STATUS_LOOKUP_RATE_PER_CODE": "100000000/m",
    }
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    return env


def http_get(url: str, cookie: str = "") -> tuple[int, str]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def server_start(
    port: int,
    *,
    env: dict | None = None,
    app: str = "crm.asgi:application",
    options: tuple[str, ...] = (),
    ready_path: str = "/bench/minimal/",
) -> subprocess.Popen:
    """uvicorn serving ``app`` on ``port`` (``server_env()`` unless ``env``), once
    ``ready_path`` answers 200; the other benchmarks start their servers here too."""
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--lifespan",
        "off",
        "--no-access-log",
        "--log-level",
        "warning",
        *options,
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=server_env() if env is None else env)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {server.returncode})")
        try:
            if http_get(f"http://127.0.0.1:{port}{ready_path}")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.terminate()
    raise RuntimeError("the server did not answer within 90 seconds")


def wrk(name: str, base: str, path: str, *, connections: int, seconds: int, cookie: str, script: str) -> Load:
    command = [
        WRK,
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "--latency",
        "-s",
        script,
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*command, base + path], capture_output=True, text=True, check=True, timeout=seconds + 60)
    return wrk_parse(name, path, out.stdout)


def run(projects: int = FULL_PROJECTS, connections: int = FULL_CONNECTIONS, seconds: int = FULL_SECONDS) -> Figures:
    probed = seed(projects)
    client = Client()
    client.force_login(User.objects.get(username=CONTACT))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    targets = [
        ("minimal Django view", "/bench/minimal/", "", "ok"),
        ("status lookup (good pair)", status_path(probed), "", probed.name),
        ("enterprise home (signed in)", "/projects/enterprise/", cookie, probed.name),
    ]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = server_start(port)
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(LUA)
        loads = []
        for name, path, with_cookie, expected in targets:
            status, body = http_get(base + path, with_cookie)  # answered right, before any load
            if status != 200 or expected not in body:
                raise RuntimeError(f"{path} answered {status} without {expected!r}")
            wrk(name, base, path, connections=connections, seconds=1, cookie=with_cookie, script=lua.name)  # warm-up
            loads.append(
                wrk(name, base, path, connections=connections, seconds=seconds, cookie=with_cookie, script=lua.name)
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
        Path(lua.name).unlink(missing_ok=True)
    floor = loads[0].rps
    minimal, lookup, enterprise = (dataclasses.replace(load, share=load.rps / floor) for load in loads)
    figures = Figures(projects, connections, seconds, minimal, lookup, enterprise)
    print(
        f"\n{projects:,} projects; uvicorn (1 process, DEBUG off) on {connection.vendor}, "
        f"cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}; "
        f"wrk {connections} connections, {seconds} s per URL"
    )
    print(f"{'':<30} {'requests/s':>11} {'p50 ms':>8} {'p99 ms':>8} {'of minimal':>10} {'requests':>9} {'not 200':>8}")
    for load in (minimal, lookup, enterprise):
        print(
            f"{load.name:<30} {load.rps:>11,.1f} {load.p50_ms:>8.1f} {load.p99_ms:>8.1f} "
            f"{load.share:>9.0%} {load.requests:>9,} {load.not_200:>8,}"
        )
    verdict = "met" if figures.lookup_meets_goal else "NOT met"
    print(f"goal for the lookup (>= {GOAL_SHARE:.0%} of minimal, p99 < {GOAL_P99_MS:.0f} ms): {verdict}")
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_scale_arguments(parser, "--projects", FULL_PROJECTS, SMALL_PROJECTS, "how many projects to seed")
    parser.add_argument("--connections", type=int, default=None, help=f"wrk connections (default {FULL_CONNECTIONS})")
    parser.add_argument("--seconds", type=int, default=None, help=f"seconds per URL (default {FULL_SECONDS})")
    args = parser.parse_args(argv)
    call_command("migrate", verbosity=0)
    run(
        chosen_size(args, args.projects, FULL_PROJECTS, SMALL_PROJECTS),
        chosen_size(args, args.connections, FULL_CONNECTIONS, SMALL_CONNECTIONS),
        chosen_size(args, args.seconds, FULL_SECONDS, SMALL_SECONDS),
    )


if __name__ == "__main__":
    main()
