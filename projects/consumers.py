"""The live-updates socket (``ws/live``): a page asks for the groups it shows and joins
only those its user may see.

Protocol (JSON): the client sends ``{"subscribe": ["case-12", "user-3"]}`` and gets
``{"type": "subscribed", "groups": [...], "refused": [...], "message": "...",
"heartbeat": 25}``; then ``{"type": "live", "kind": "change" | "notification", ...}``
for every event of those groups. ``{"ping": true}`` every ``heartbeat`` seconds keeps
the memberships fresh (``crm.live.GROUP_EXPIRY_SECONDS``) and is answered
``{"type": "pong"}``. An anonymous socket is refused at the handshake."""

import re

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils.translation import gettext as _

from crm.accounts.roles import Role, has_role
from crm.live.services import HEARTBEAT_SECONDS
from projects.cases.selectors import cases_visible_to
from projects.investment.selectors import projects_visible_to
from projects.models import EnterpriseContact

GROUP_PATTERN = re.compile(r"^(user|case|enterprise)-([1-9][0-9]{0,17})$")
MAX_GROUPS = 20  # a page shows a handful; more is a client gone wrong


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


class LiveConsumer(AsyncJsonWebsocketConsumer):
    groups_joined: set[str]

    async def connect(self) -> None:
        self.groups_joined = set()
        if not getattr(self.scope.get("user"), "is_authenticated", False):
            await self.close(code=4401)
            return
        await self.accept()

    async def disconnect(self, code) -> None:
        for group in getattr(self, "groups_joined", ()):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        if not isinstance(content, dict):
            return
        if content.get("ping"):
            for group in self.groups_joined:  # refreshes the membership's age
                await self.channel_layer.group_add(group, self.channel_name)
            await self.send_json({"type": "pong"})
        elif "subscribe" in content:
            await self._subscribe(content["subscribe"])

    async def _subscribe(self, wanted) -> None:
        wanted = [g for g in wanted if isinstance(g, str)] if isinstance(wanted, list) else []
        wanted = list(dict.fromkeys(g for g in wanted if g not in self.groups_joined))
        room = max(MAX_GROUPS - len(self.groups_joined), 0)
        allowed = await database_sync_to_async(_allowed)(self.scope["user"], wanted[:room])
        for group in allowed:
            await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined.update(allowed)
        refused = [g for g in wanted if g not in allowed]
        await self.send_json(
            {
                "type": "subscribed",
                "groups": sorted(self.groups_joined),
                "refused": refused,
                "message": _("不能订阅：%(groups)s（无权查看或格式不对）") % {"groups": "、".join(refused)}
                if refused
                else "",
                "heartbeat": HEARTBEAT_SECONDS,
            }
        )

    async def live_event(self, event: dict) -> None:
        await self.send_json({**{k: v for k, v in event.items() if k != "type"}, "type": "live"})
