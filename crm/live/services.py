import logging
from collections.abc import Callable, Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import channel_layers, get_channel_layer
from django.db import transaction

log = logging.getLogger(__name__)


EVENT_TYPE = "live.event"  # handled by the consumers' ``live_event``


# Members not refreshed for this long are dropped on the next send (Redis layer). The
# browser's heartbeat (static/crm/live.js) refreshes every 25 s, throttled to once a
# minute in a background tab, so only dead sockets are this old.
GROUP_EXPIRY_SECONDS = 600


HEARTBEAT_SECONDS = 25


def user_group(user_id: int) -> str:
    return f"user-{user_id}"


def case_group(case_id: int) -> str:
    return f"case-{case_id}"


def enterprise_group(enterprise_id: int) -> str:
    return f"enterprise-{enterprise_id}"


async def _send_and_close(layer, groups: list[str], payload: dict) -> None:
    try:
        for group in groups:
            await layer.group_send(group, {"type": EVENT_TYPE, **payload})
    finally:
        close = getattr(layer, "close_pools", None)
        if close is not None:
            await close()


def _send(groups: list[str], payload: dict) -> None:
    shared = get_channel_layer()
    if shared is None:
        return
    try:
        if hasattr(shared, "close_pools"):
            # A layer of its own, closed after use: its connections never outlive the
            # event loop async_to_sync made for them (channels_redis #332).
            layer = channel_layers.make_backend("default")
            layer.group_expiry = min(layer.group_expiry, GROUP_EXPIRY_SECONDS)
            async_to_sync(_send_and_close)(layer, groups, payload)
        else:  # in-memory (embedded): the same process's layer is the only one there is
            async_to_sync(_send_and_close)(shared, groups, payload)
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
