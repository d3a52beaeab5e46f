"""Benchmark: live updates to thousands of open pages on one ASGI process (issue 17).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench REDIS_URL=redis://127.0.0.1:6379/8 \
        SECRET_KEY=x .venv/bin/python -m tests.perf.bench_live [--sockets 200,1000,2000] [--small]

For each variant and each number of sockets N it starts two uvicorn processes on this
database and Redis as the run command does (DEBUG off). The variants: ``pubsub``, the
channel layer in use; ``list``, the layer it replaced (LIVE_CHANNEL_LAYER=list), with
today's consumer; ``list+hop``, that layer with the consumer as it was before issue 17
(tests/perf/bench_live_asgi.py: a database thread hop per socket per message). Process A holds N WebSocket
clients of one agent, each subscribed to the agent's case (``ws/live``, ``case-<id>``);
process B takes ten transitions of one of the case's items through
``/api/v1/items/<id>/transitions/`` (request correction / corrected, five times), one after
the other, each waiting until every socket has its message or five seconds have passed.

It prints, per layer and N, the messages delivered / expected and the latency's p50, p95
and max, measured from the moment the transition's request was sent (so it includes the
request: an upper bound of commit → page). Goal (issue 17): every message delivered at
2,000 sockets with p95 <= 500 ms. ``--small`` (or BENCH_SCALE=small): N = 50;
tests/test_benchmarks.py runs it so (pubsub and list+hop) and checks delivery only.
"""

import argparse
import asyncio
import dataclasses
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.perf import django_setup, small_by_default

django_setup("postgres://postgres@127.0.0.1:5432/crm_bench")

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from agents.models import ProxyAgent, ServiceCentre
from crm.accounts.models import User
from crm.accounts.roles import GROUP_NAMES, Role
from crm.organisation.models import Department, Zone
from projects.cases.services import case_items_choose, case_open, item_corrected
from projects.models import ApprovalItem, Enterprise, ItemKind, ItemState, OnlineLevel, ProjectItem
from tests.perf.bench_status import free_port, server_env, server_start

FULL_SOCKETS, SMALL_SOCKETS = (200, 1_000, 2_000), (50,)
# What runs on the servers: the layer in use; the list layer it replaced (with today's
# consumer); and the list layer with the consumer as it was before issue 17 (a database
# thread hop per socket per message): LIVE_CHANNEL_LAYER, and the ASGI application.
VARIANTS = {
    "pubsub": ("pubsub", "crm.asgi:application"),
    "list": ("list", "crm.asgi:application"),
    "list+hop": ("list", "tests.perf.bench_live_asgi:application"),
}
LAYERS = tuple(VARIANTS)
CHANGES = 10
ROUND_SECONDS = 5.0  # how long a change waits for its messages
CONNECT_AT_ONCE = 50
GOAL_SOCKETS, GOAL_P95_MS = 2_000, 500.0
AGENT = "bench_live_agent"
ACTIONS = ({"action": "request_correction", "reason": "实时更新基准：补正"}, {"action": "corrected"})


def raise_file_limit() -> int:
    """Each socket is a file on both ends: the soft limit up to the hard one (the servers,
    started from here, inherit it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def seed() -> tuple[User, ProjectItem]:
    """An agent with a case of one item, in its first state (a run cut off halfway may
    have left it waiting for a correction)."""
    zone, _ = Zone.objects.get_or_create(name="实时基准区", defaults={"kind": "district", "division_code": "320903"})
    department, _ = Department.objects.get_or_create(name="实时基准部门", zone=zone)
    approval, _ = ApprovalItem.objects.get_or_create(
        code="BENCH-LIVE-1",
        defaults={
            "name": "实时基准事项",
            "department": department,
            "legal_basis": "基准",
            "kind": ItemKind.COMMITTED,
            "statutory_days": 20,
            "committed_days": 10,
            "fee": Decimal(0),
            "online_level": OnlineLevel.FULLY_ONLINE,
        },
    )
    centre, _ = ServiceCentre.objects.get_or_create(name="实时基准代办中心", zone=zone)
    user, _ = User.objects.get_or_create(username=AGENT, defaults={"full_name": "实时基准代办员"})
    user.groups.add(Group.objects.get_or_create(name=GROUP_NAMES[Role.AGENT])[0])
    agent, _ = ProxyAgent.objects.get_or_create(
        user=user, defaults={"centre": centre, "employee_no": "BL001", "phone": "0"}
    )
    item = ProjectItem.objects.filter(case__agent=agent, approval_item=approval).first()
    if item is None:
        enterprise, _ = Enterprise.objects.get_or_create(
            name="实时基准科技有限公司", defaults={"zone": zone, "industry": "C", "credit_code": None}
        )
        case = case_open(
            enterprise=enterprise, agent=agent, channel="phone", summary="实时更新基准", on=dt.date.today(), by=user
        )
        (item,) = case_items_choose(case=case, approval_items=[approval], by=user)
    if item.state != ItemState.PREPARING:
        item_corrected(item=item, by=user)
    return user, item


@dataclasses.dataclass(frozen=True)
class Run:
    layer: str
    sockets: int
    connected: int
    delivered: int
    expected: int
    p50_ms: float | None
    p95_ms: float | None
    max_ms: float | None
    changes: int  # transitions answered 200
    request_ms: float  # the transitions' median answer time (part of every latency)
    socket_errors: int  # sockets that failed (refused, closed by the server)
    rss_mb: float  # process A's resident memory with every socket subscribed

    @property
    def complete(self) -> bool:
        return self.delivered == self.expected and self.connected == self.sockets


def _rss_mb(pid: int) -> float:
    """The resident memory of process ``pid`` (Linux), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def start_server(port: int, env: dict, app: str = "crm.asgi:application") -> subprocess.Popen:
    # a deep backlog for thousands of sockets; no compression, as the run command
    # (crm/management/commands/start.py)
    options = ("--backlog", "4096", "--ws-per-message-deflate", "false")
    return server_start(port, env=env, app=app, options=options, ready_path="/healthz")


def _transition(base: str, item_pk: int, token: str, body: dict | None) -> int:
    """POST ``body`` (a transition), or GET the item's transitions (a warm-up that changes nothing)."""
    request = urllib.request.Request(
        f"{base}/api/v1/items/{item_pk}/transitions/",
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        method="GET" if body is None else "POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


async def _follow(url: str, headers: dict, origin: str, group: str, received: list, ready: asyncio.Event, stop):
    """One page: subscribe, then note the arrival time of every live message."""
    from websockets.asyncio.client import connect

    async with connect(
        url, additional_headers=headers, origin=origin, ping_interval=None, open_timeout=120, max_queue=None
    ) as socket:
        await socket.send(json.dumps({"subscribe": [group]}))
        while True:
            message = json.loads(await socket.recv())
            if message.get("type") == "subscribed":
                if group not in message["groups"]:
                    raise RuntimeError(f"not subscribed: {message}")
                ready.set()
                break
        reader = asyncio.ensure_future(_read(socket, received))
        await stop.wait()
        reader.cancel()


async def _read(socket, received: list) -> None:
    async for text in socket:
        if '"live"' in text:
            received.append((time.perf_counter(), json.loads(text).get("events", [])))


async def _measure(
    layer: str, sockets: int, a: int, b: int, cookie: str, token: str, item: ProjectItem, a_pid: int
) -> Run:
    url, origin = f"ws://127.0.0.1:{a}/ws/live", f"http://127.0.0.1:{a}"
    group = f"case-{item.case_id}"
    received: list[list] = [[] for _ in range(sockets)]
    ready = [asyncio.Event() for _ in range(sockets)]
    stop = asyncio.Event()
    gate = asyncio.Semaphore(CONNECT_AT_ONCE)
    failures: list[str] = []

    async def page(n: int) -> None:
        async with gate:
            task = asyncio.ensure_future(_follow(url, {"Cookie": cookie}, origin, group, received[n], ready[n], stop))
            waiter = asyncio.ensure_future(ready[n].wait())
            await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
        try:
            await task
        except Exception as error:  # noqa: BLE001  (a socket that failed is counted, not fatal)
            failures.append(type(error).__name__)

    pages = [asyncio.ensure_future(page(n)) for n in range(sockets)]
    deadline = time.monotonic() + 300
    while sum(e.is_set() for e in ready) < sockets and time.monotonic() < deadline:
        if all(p.done() for p in pages):
            break
        await asyncio.sleep(0.2)
    connected = sum(e.is_set() for e in ready)
    await asyncio.sleep(float(os.environ.get("BENCH_LIVE_SETTLE", "0.5")))  # the last subscriptions reach Redis

    rss_mb = _rss_mb(a_pid)
    latencies: list[float] = []
    requests: list[float] = []
    answered = 0
    base = f"http://127.0.0.1:{b}"
    for _ in range(3):  # process B's first requests load what a request needs, once
        await asyncio.to_thread(_transition, base, item.pk, token, None)
    for n in range(CHANGES):
        body = ACTIONS[n % 2]
        before = [len(r) for r in received]
        sent = time.perf_counter()
        status = await asyncio.to_thread(_transition, base, item.pk, token, body)
        requests.append((time.perf_counter() - sent) * 1000)
        answered += status == 200
        round_end = time.monotonic() + ROUND_SECONDS
        while time.monotonic() < round_end:
            if all(len(r) > k for r, k in zip(received, before, strict=True)):
                break
            await asyncio.sleep(0.01)
        this_round = [(r[k][0] - sent) * 1000 for r, k in zip(received, before, strict=True) if len(r) > k]
        latencies += this_round
        if os.environ.get("BENCH_LIVE_ROUNDS"):  # each change's own figures
            print(
                f"    {layer} {sockets} change {n + 1}: {len(this_round)} delivered, "
                f"max {max(this_round, default=0):.0f} ms, request {requests[-1]:.0f} ms"
            )
    stop.set()
    await asyncio.gather(*pages, return_exceptions=True)
    return Run(
        layer=layer,
        sockets=sockets,
        connected=connected,
        delivered=len(latencies),
        expected=sockets * CHANGES,
        p50_ms=statistics.median(latencies) if latencies else None,
        p95_ms=_percentile(latencies, 0.95),
        max_ms=max(latencies) if latencies else None,
        changes=answered,
        request_ms=statistics.median(requests),
        socket_errors=len(failures),
        rss_mb=rss_mb,
    )


def measure(variant: str, sockets: int, cookie: str, token: str, item: ProjectItem) -> Run:
    layer, app = VARIANTS[variant]
    env = {
        **server_env(),
        "DJANGO_SETTINGS_MODULE": "crm.settings",
        "LIVE_CHANNEL_LAYER": layer,
        "LIVE_CHANNEL_PREFIX": f"bench-live-{uuid.uuid4().hex[:8]}:",
    }
    a, b = free_port(), free_port()
    servers = [start_server(a, env, app), start_server(b, env)]
    try:
        return asyncio.run(_measure(variant, sockets, a, b, cookie, token, item, servers[0].pid))
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        item.refresh_from_db()
        if item.state != ItemState.PREPARING:  # a change went missing: the next run starts clean
            item_corrected(item=item, by=item.case.agent.user)


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def run(sockets: tuple[int, ...] = FULL_SOCKETS, layers: tuple[str, ...] = LAYERS) -> list[Run]:
    if not settings.REDIS_URL:
        raise RuntimeError("REDIS_URL is not set: the benchmark measures the Redis channel layers")
    files = raise_file_limit()
    user, item = seed()
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    token = Token.objects.get_or_create(user=user)[0].key
    runs = []
    for n in sockets:
        for layer in layers:
            runs.append(measure(layer, n, cookie, token, item))
            print(f"  {layer} at {n:,} sockets done", flush=True)
    print(
        f"\nlive updates: two uvicorn processes (DEBUG off) on PostgreSQL and Redis; sockets on process A "
        f"follow one case, process B takes {CHANGES} transitions; latency from the request (file limit {files:,})"
    )
    print(
        f"{'layer':<8} {'sockets':>8} {'connected':>10} {'delivered / expected':>22} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'request ms':>11} {'socket errors':>14}"
    )
    for r in runs:
        print(
            f"{r.layer:<8} {r.sockets:>8,} {r.connected:>10,} {f'{r.delivered:,} / {r.expected:,}':>22} "
            f"{_ms(r.p50_ms):>8} {_ms(r.p95_ms):>8} {_ms(r.max_ms):>8} {_ms(r.request_ms):>11} {r.socket_errors:>14,} {r.rss_mb:>6,.0f}"
        )
    goal = [r for r in runs if r.layer == LAYERS[0] and r.sockets >= GOAL_SOCKETS]
    if goal:
        met = all(r.complete and r.p95_ms is not None and r.p95_ms <= GOAL_P95_MS for r in goal)
        print(
            f"goal (every message at {GOAL_SOCKETS:,} sockets, p95 <= {GOAL_P95_MS:.0f} ms): {'met' if met else 'NOT met'}"
        )
    return runs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--small", action="store_true", default=small_by_default(), help="N = 50 (also BENCH_SCALE=small)"
    )
    parser.add_argument("--sockets", default=None, help="numbers of sockets, comma-separated (default 200,1000,2000)")
    parser.add_argument("--layers", default=",".join(LAYERS), help="pubsub,list,list+hop (default all three)")
    args = parser.parse_args(argv)
    sockets = (
        tuple(int(n) for n in args.sockets.split(","))
        if args.sockets
        else (SMALL_SOCKETS if args.small else FULL_SOCKETS)
    )
    call_command("migrate", verbosity=0)
    run(sockets, tuple(args.layers.split(",")))


if __name__ == "__main__":
    main()
