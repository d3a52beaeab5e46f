"""The live-updates socket (``ws/live``): a page asks for the groups it shows and joins
only those its user may see.

Protocol (JSON): the client sends ``{"subscribe": ["case-12", "user-3"]}`` and gets
``{"type": "subscribed", "groups": [...], "refused": [...], "message": "...",
"heartbeat": 25}``; then ``{"type": "live", "kind": "change" | "notification", ...}``
for every event of those groups. ``{"ping": true}`` every ``heartbeat`` seconds keeps
the memberships fresh (``crm.live.GROUP_EXPIRY_SECONDS``) and is answered
``{"type": "pong"}``. An anonymous socket is refused at the handshake.

When the channel layer fails (Redis unreachable or saturated) the socket is told
``{"type": "paused", "message": "实时更新已暂停，请刷新"}`` and closed with code 4503: the page
says so, reconnects with backoff and, once subscribed again, fetches what changed. The
heartbeat asks whether the layer still answers (one check per process every few seconds).
The process logs one line a minute about it (crm.live.services.layer_trouble)."""

import asyncio
import contextlib
import json
import re

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from crm.accounts.roles import Role, has_role
from crm.live.services import heartbeat_seconds, layer_healthy, layer_trouble
from projects.cases.selectors import cases_visible_to
from projects.investment.selectors import projects_visible_to
from projects.models import EnterpriseContact

GROUP_PATTERN = re.compile(r"^(user|case|enterprise)-([1-9][0-9]{0,17})$")
MAX_GROUPS = 20  # a page shows a handful; more is a client gone wrong
PAUSED_CLOSE_CODE = 4503
# What a failing channel layer raises (Redis' own errors, a refused or dropped connection, a
# timeout): the socket is told and closed; anything else is a fault and keeps its traceback.
LAYER_ERRORS = (RedisError, OSError, asyncio.TimeoutError)


def may_join(user, group: str) -> bool:
    """Whether ``user`` may follow ``group``: their own user group; a case they may
    open; an enterprise they are a contact of, or whose cases or projects they may
    open."""
    match = GROUP_PATTERN.match(group)
    if match is None or not getattr(user, "is_authenticated", False):
        return False
    kind, pk = match.group(1), int(match.group(2))
    if kind == "user":
        return pk == user.pk
    if kind == "case":
        return cases_visible_to(user).filter(pk=pk).exists()
    if has_role(user, Role.ADMINISTRATOR):
        return True
    if EnterpriseContact.objects.filter(user=user, enterprise_id=pk).exists():
        return True
    return (
        cases_visible_to(user).filter(enterprise_id=pk).exists()
        or projects_visible_to(user).filter(enterprise_id=pk).exists()
    )


def _allowed(user, groups: list[str]) -> list[str]:
    return [group for group in groups if may_join(user, group)]


def paused_message() -> dict:
    return {"type": "paused", "message": _("实时更新已暂停，请刷新")}


class LiveConsumer(AsyncJsonWebsocketConsumer):
    groups_joined: set[str]

    async def __call__(self, scope, receive, send):
        """The consumer's loop (channel layer and socket); a layer that fails ends it with
        the page told, not a traceback per socket."""
        accepted = False

        async def tracked_send(message):
            nonlocal accepted
            accepted = accepted or message.get("type") == "websocket.accept"
            await send(message)

        try:
            await super().__call__(scope, receive, tracked_send)
        except LAYER_ERRORS as error:
            layer_trouble(error)
            with contextlib.suppress(Exception):  # the client may be gone already
                if not accepted:  # the layer failed before the handshake (a new channel)
                    await receive()  # websocket.connect
                    await send({"type": "websocket.accept"})
                await self.send_paused(send)

    @staticmethod
    async def send_paused(send) -> None:
        await send({"type": "websocket.send", "text": json.dumps(paused_message(), ensure_ascii=False)})
        await send({"type": "websocket.close", "code": PAUSED_CLOSE_CODE})

    async def dispatch(self, message):
        """As Channels' own, without the thread hop to close stale database connections
        before every message (aclose_old_connections): a live event or a heartbeat reads
        no database, and the subscription's query runs in database_sync_to_async, which
        closes them itself. With a thousand sockets a change was a thousand hops."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        self.groups_joined = set()
        if not getattr(self.scope.get("user"), "is_authenticated", False):
            await self.close(code=4401)
            return
        await self.accept()

    async def disconnect(self, code) -> None:
        try:
            for group in getattr(self, "groups_joined", ()):
                await self.channel_layer.group_discard(group, self.channel_name)
        except LAYER_ERRORS as error:
            layer_trouble(error)

    async def receive_json(self, content, **kwargs) -> None:
        if not isinstance(content, dict):
            return
        try:
            if content.get("ping"):
                await self._heartbeat()
            elif "subscribe" in content:
                await self._subscribe(content["subscribe"])
        except LAYER_ERRORS as error:
            layer_trouble(error)
            await self._pause()

    async def _pause(self) -> None:
        await self.send_json(paused_message())
        await self.close(code=PAUSED_CLOSE_CODE)

    async def _heartbeat(self) -> None:
        if not await layer_healthy(self.channel_layer):
            await self._pause()
            return
        if hasattr(self.channel_layer, "group_expiry"):  # the list layer: members expire unless refreshed
            for group in self.groups_joined:
                await self.channel_layer.group_add(group, self.channel_name)
        await self.send_json({"type": "pong"})

    async def _subscribe(self, wanted) -> None:
        wanted = [g for g in wanted if isinstance(g, str)] if isinstance(wanted, list) else []
        wanted = list(dict.fromkeys(g for g in wanted if g not in self.groups_joined))
        room = max(MAX_GROUPS - len(self.groups_joined), 0)
        allowed = await database_sync_to_async(_allowed)(self.scope["user"], wanted[:room])
        for group in allowed:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.add(group)
        refused = [g for g in wanted if g not in allowed]
        await self.send_json(
            {
                "type": "subscribed",
                "groups": sorted(self.groups_joined),
                "refused": refused,
                "message": _("不能订阅：%(groups)s（无权查看或格式不对）") % {"groups": "、".join(refused)}
                if refused
                else "",
                "heartbeat": heartbeat_seconds(),
            }
        )

    async def live_event(self, event: dict) -> None:
        await self.send_json({**{k: v for k, v in event.items() if k != "type"}, "type": "live"})
