import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import channel_layers, get_channel_layer
from channels_redis.core import RedisChannelLayer
from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)


EVENT_TYPE = "live.event"  # handled by the consumers' ``live_event``


# Members not refreshed for this long are dropped on the next send (the "list" Redis
# layer; the pub/sub layer keeps its members in the process). The browser's heartbeat
# (static/crm/live.js, every LIVE_HEARTBEAT_SECONDS) refreshes them, throttled to once a
# minute in a background tab, so only dead sockets are this old.
GROUP_EXPIRY_SECONDS = 600


def heartbeat_seconds() -> int:
    return settings.LIVE_HEARTBEAT_SECONDS


# --- When the layer fails: one log line a minute per process, and a cached health check ---------

TROUBLE_LOG_SECONDS = 60
HEALTH_CHECK_SECONDS = 10  # a process asks Redis at most this often, however many sockets ping
HEALTH_TIMEOUT_SECONDS = 2
HEALTH_GROUP = "live-health"  # nobody joins it: a publish to it only proves the layer answers

_trouble = {"logged_at": float("-inf"), "since": 0}
_health = {"checked_at": float("-inf"), "ok": True}


def layer_trouble(error: BaseException) -> None:
    """Note that the channel layer failed a socket: at most one warning a minute per
    process (with how many failures it stands for), never a traceback per socket."""
    _trouble["since"] += 1
    now = time.monotonic()
    if now - _trouble["logged_at"] >= TROUBLE_LOG_SECONDS:
        log.warning(
            "live updates paused: the channel layer failed %d time(s) in the last minute (%s: %s)",
            _trouble["since"],
            type(error).__name__,
            error,
        )
        _trouble["logged_at"], _trouble["since"] = now, 0


async def layer_healthy(layer) -> bool:
    """Whether ``layer`` answers, asked at most every HEALTH_CHECK_SECONDS per process
    (every socket's heartbeat gets the answer of the last check)."""
    now = time.monotonic()
    if now - _health["checked_at"] < HEALTH_CHECK_SECONDS:
        return _health["ok"]
    _health["checked_at"] = now
    try:
        await asyncio.wait_for(layer.group_send(HEALTH_GROUP, {"type": "live.health"}), HEALTH_TIMEOUT_SECONDS)
    except Exception as error:  # noqa: BLE001  (whatever the layer raises, the page is told)
        layer_trouble(error)
        _health["ok"] = False
    else:
        _health["ok"] = True
    return _health["ok"]


def layer_health_forget() -> None:
    """The next check asks the layer again (tests)."""
    _health.update(checked_at=float("-inf"), ok=True)
    _trouble.update(logged_at=float("-inf"), since=0)


def user_group(user_id: int) -> str:
    return f"user-{user_id}"


def case_group(case_id: int) -> str:
    return f"case-{case_id}"


def enterprise_group(enterprise_id: int) -> str:
    return f"enterprise-{enterprise_id}"


async def _send_and_close(layer, groups: list[str], payload: dict, *, fresh: bool) -> None:
    try:
        for group in groups:
            await layer.group_send(group, {"type": EVENT_TYPE, **payload})
    finally:
        if fresh:
            # A layer of its own, closed after use: its connections never outlive the event
            # loop async_to_sync made for them (channels_redis #332). The list layer closes
            # its pools; the pub/sub layer's flush closes its connections (and forgets the
            # channels and groups of this process, which a fresh layer has none of).
            await (layer.close_pools() if isinstance(layer, RedisChannelLayer) else layer.flush())


def _send(groups: list[str], payload: dict) -> None:
    shared = get_channel_layer()
    if shared is None:
        return
    try:
        if type(shared).__module__.startswith("channels_redis"):
            layer = channel_layers.make_backend("default")
            if isinstance(layer, RedisChannelLayer):
                layer.group_expiry = min(layer.group_expiry, GROUP_EXPIRY_SECONDS)
            async_to_sync(_send_and_close)(layer, groups, payload, fresh=True)
        else:  # in-memory (embedded): the same process's layer is the only one there is
            async_to_sync(_send_and_close)(shared, groups, payload, fresh=False)
    except Exception as error:  # noqa: BLE001  (the change is saved; only its live echo is lost)
        log.warning("live update to %s not sent: %s", groups, error)


def live_publish(groups: Iterable[str], payload: dict) -> None:
    """Tell every socket in ``groups`` that something changed, once the current
    transaction (if any) commits."""
    groups = sorted(set(groups))
    if groups:
        transaction.on_commit(lambda: _send(groups, payload))


# app label -> who tells that app's open pages of an audited change the spine made on its
# rows (a due date the calendar moved, a row the admin edited or deleted). The app that
# knows its pages registers it in AppConfig.ready; the spine names no app.
_ANNOUNCERS: dict[str, Callable[[Any, Any], None]] = {}


def live_announcer_register(app_label: str, announce: Callable[[Any, Any], None]) -> None:
    _ANNOUNCERS[app_label] = announce


def live_announce_change(entry, subject) -> None:
    """Announce ``entry`` (an AuditEntry about ``subject``) through the announcer of the
    subject's app, if it has one."""
    announce = _ANNOUNCERS.get(subject._meta.app_label)
    if entry is not None and announce is not None:
        announce(entry, subject)
