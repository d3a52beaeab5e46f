import asyncio
import time
from collections.abc import Callable

from asgiref.sync import async_to_sync
from celery import current_app as celery_app
from channels.layers import get_channel_layer
from django.db import connection

TIMEOUT_SECONDS = 3


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def _channel_layer_round_trip() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    channel = await layer.new_channel("healthz.")
    await layer.send(channel, {"type": "healthz.ping"})
    message = await asyncio.wait_for(layer.receive(channel), TIMEOUT_SECONDS)
    if message.get("type") != "healthz.ping":
        raise RuntimeError("unexpected message from the channel layer")


def check_channel_layer() -> None:
    async_to_sync(_channel_layer_round_trip)()


def check_broker() -> None:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=TIMEOUT_SECONDS)
        # A connection that opens but cannot declare the task queue is not usable.
        conn.default_channel.queue_declare(queue=celery_app.conf.task_default_queue, durable=True, passive=False)


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "channel_layer": check_channel_layer,
    "broker": check_broker,
}


def health_report() -> tuple[bool, dict]:
    report, healthy = {}, True
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as error:  # noqa: BLE001  (any failure means "not usable"; say which and why)
            healthy = False
            report[name] = {"status": "error", "error": f"{type(error).__name__}: {error}"[:300]}
        else:
            report[name] = {"status": "ok"}
        report[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return healthy, report
