"""Live updates over Channels on the Redis layer: who may join which group, what an
audited change announces, and that a socket only hears what its user may see."""

import datetime as dt
import time

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.test import Client

from crm.accounts.roles import Role
from crm.live.services import GROUP_EXPIRY_SECONDS, case_group, enterprise_group, live_publish, user_group
from projects.cases.services import case_contact_record, case_items_choose, case_open, item_pass_prereview
from projects.consumers import LiveConsumer, may_join
from projects.live import live_groups_of
from tests.factories import ApprovalItemFactory, ProxyAgentFactory, UserFactory
from tests.projects.live_sockets import WebsocketCommunicator, connected, run, subscribe

MON = dt.date(2026, 3, 2)


def case_with_item(agent, enterprise=None) -> tuple:
    case = case_open(
        enterprise=enterprise or _enterprise(),
        agent=agent,
        channel="phone",
        summary="新建厂房",
        on=MON,
        by=agent.user,
    )
    (item,) = case_items_choose(
        case=case,
        approval_items=[ApprovalItemFactory(code=f"320903-XK-{case.pk:04d}", committed_days=10)],
        by=agent.user,
    )
    return case, item


def _enterprise():
    from tests.factories import EnterpriseFactory

    return EnterpriseFactory()


# --- Who may join which group -----------------------------------------------------------------


@pytest.mark.django_db
def test_groups_a_user_may_join(world):
    users = world.users
    agent1 = users["agent1"].agent_profile
    case, _ = case_with_item(agent1, world.own_project.enterprise)
    own_enterprise, other_enterprise = world.own_project.enterprise_id, world.other_project.enterprise_id
    expected = {
        # user: (own user group, the case, the case's enterprise, another enterprise)
        "agent1": (True, True, True, False),
        "supervisor": (True, True, True, False),  # the same centre
        "agent2": (True, False, False, True),  # its own project's enterprise only
        "supervisor_b": (True, False, False, True),
        "enterprise1": (True, True, True, False),
        "admin": (True, True, True, True),
        "editor": (True, False, False, False),
        "nobody": (True, False, False, False),
    }
    for name, (own, on_case, on_enterprise, on_other) in expected.items():
        user = users[name]
        assert may_join(user, user_group(user.pk)) is own, name
        assert may_join(user, case_group(case.pk)) is on_case, name
        assert may_join(user, enterprise_group(own_enterprise)) is on_enterprise, name
        assert may_join(user, enterprise_group(other_enterprise)) is on_other, name
    assert not may_join(users["agent1"], user_group(users["supervisor"].pk))
    for malformed in ("case-0", "case-x", "case-12 ", "project-1", "user-1-2", ""):
        assert not may_join(users["admin"], malformed)


@pytest.mark.django_db
def test_an_audited_change_reaches_the_case_its_enterprise_its_agent_and_the_supervisors(world):
    users = world.users
    agent1 = users["agent1"].agent_profile
    case, item = case_with_item(agent1, world.own_project.enterprise)
    groups = live_groups_of(item)
    assert groups == {
        case_group(case.pk),
        enterprise_group(case.enterprise_id),
        user_group(users["agent1"].pk),
        user_group(users["supervisor"].pk),
    }
    assert live_groups_of(case) == groups
    milestone = world.own_project.milestones.first()
    assert live_groups_of(milestone) == {
        enterprise_group(world.own_project.enterprise_id),
        user_group(users["agent1"].pk),
        user_group(users["supervisor"].pk),
    }
    assert live_groups_of(world.own_project.enterprise) == {enterprise_group(world.own_project.enterprise_id)}


# --- Sockets ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_only_the_authorised_user_receives_the_event(world):
    users = world.users
    agent1 = users["agent1"].agent_profile
    case, item = case_with_item(agent1, world.own_project.enterprise)

    async def body():
        own = await connected(users["agent1"])
        stranger = await connected(users["agent2"])
        assert (await subscribe(own, [case_group(case.pk)]))["groups"] == [case_group(case.pk)]
        refused = await subscribe(stranger, [case_group(case.pk), user_group(users["agent1"].pk)])
        assert refused["groups"] == [] and refused["refused"] == [case_group(case.pk), user_group(users["agent1"].pk)]
        assert refused["message"]

        await database_sync_to_async(item_pass_prereview)(item=item, by=users["agent1"], on=MON)

        event = await own.receive_json_from(timeout=5)
        assert event == {"type": "live", "kind": "change", "events": ["item.prereview_passed"]}
        assert await stranger.receive_nothing(timeout=0.5)
        await own.disconnect()
        await stranger.disconnect()

    run(body)


@pytest.mark.django_db(transaction=True)
def test_one_message_per_transaction_and_none_for_a_rolled_back_one(world):
    from django.db import transaction

    users = world.users
    agent1 = users["agent1"].agent_profile
    case, _ = case_with_item(agent1, world.own_project.enterprise)

    def bundle_then_rollback():
        case_items_choose(
            case=case,
            approval_items=[ApprovalItemFactory(code=f"320903-XK-90{n}", committed_days=10) for n in range(3)],
            by=users["agent1"],
        )

        class Undo(Exception):
            pass

        try:
            with transaction.atomic():
                case_contact_record(case=case, channel="phone", on=MON, summary="电话沟通", by=users["agent1"])
                raise Undo
        except Undo:
            pass

    async def body():
        socket = await connected(users["supervisor"])
        await subscribe(socket, [case_group(case.pk), user_group(users["supervisor"].pk)])
        await database_sync_to_async(bundle_then_rollback)()
        first = await socket.receive_json_from(timeout=5)
        second = await socket.receive_json_from(timeout=5)
        assert first == second == {"type": "live", "kind": "change", "events": ["item.chosen"]}  # one per group
        assert await socket.receive_nothing(timeout=0.5)
        await socket.disconnect()

    run(body)


@pytest.mark.django_db(transaction=True)
def test_enterprise_status_page_hears_its_enterprise_and_its_contact_notifications(world):
    users = world.users
    contact = users["enterprise1"]
    agent1 = users["agent1"].agent_profile
    case, item = case_with_item(agent1, world.own_project.enterprise)
    other_case, other_item = case_with_item(users["agent2"].agent_profile, world.other_project.enterprise)

    async def body():
        socket = await connected(contact)
        reply = await subscribe(
            socket,
            [enterprise_group(case.enterprise_id), user_group(contact.pk), enterprise_group(other_case.enterprise_id)],
        )
        assert reply["groups"] == sorted([enterprise_group(case.enterprise_id), user_group(contact.pk)])
        assert reply["refused"] == [enterprise_group(other_case.enterprise_id)]

        await database_sync_to_async(item_pass_prereview)(item=other_item, by=users["agent2"], on=MON)
        assert await socket.receive_nothing(timeout=0.5)

        await database_sync_to_async(item_pass_prereview)(item=item, by=users["agent1"], on=MON)
        assert (await socket.receive_json_from(timeout=5))["events"] == ["item.prereview_passed"]

        await database_sync_to_async(live_publish)(
            [user_group(contact.pk)],
            {"kind": "notification", "id": 7, "title": "准予许可", "url": "/projects/enterprise/"},
        )
        assert await socket.receive_json_from(timeout=5) == {
            "type": "live",
            "kind": "notification",
            "id": 7,
            "title": "准予许可",
            "url": "/projects/enterprise/",
        }
        await socket.disconnect()

    run(body)


@pytest.mark.django_db(transaction=True)
def test_anonymous_sockets_are_refused():
    from django.contrib.auth.models import AnonymousUser

    async def body():
        communicator = WebsocketCommunicator(LiveConsumer.as_asgi(), "/ws/live")
        communicator.scope["user"] = AnonymousUser()
        ok, _ = await communicator.connect()
        assert not ok

    run(body)


@pytest.mark.django_db(transaction=True)
def test_the_asgi_application_routes_signed_in_sockets_by_their_session():
    """The real stack: origin check, session auth, routing; a session of the other user
    cannot follow this user's workbench."""
    from crm.asgi import application

    agent = ProxyAgentFactory(user=UserFactory(roles=[Role.AGENT]))
    other = UserFactory(roles=[Role.AGENT])

    def cookie_of(user) -> bytes:
        client = Client()
        client.force_login(user)
        return f"sessionid={client.cookies['sessionid'].value}".encode()

    def headers(user) -> list:
        return [(b"cookie", cookie_of(user)), (b"origin", b"http://testserver"), (b"host", b"testserver")]

    mine_headers, other_headers = headers(agent.user), headers(other)

    async def body():
        mine = WebsocketCommunicator(application, "/ws/live", headers=mine_headers)
        theirs = WebsocketCommunicator(application, "/ws/live", headers=other_headers)
        assert (await mine.connect())[0] and (await theirs.connect())[0]
        assert (await subscribe(mine, [user_group(agent.user.pk)]))["groups"] == [user_group(agent.user.pk)]
        assert (await subscribe(theirs, [user_group(agent.user.pk)]))["groups"] == []
        await database_sync_to_async(live_publish)([user_group(agent.user.pk)], {"kind": "notification", "id": 1})
        assert (await mine.receive_json_from(timeout=5))["kind"] == "notification"
        assert await theirs.receive_nothing(timeout=0.5)
        await mine.disconnect()
        await theirs.disconnect()

        foreign = WebsocketCommunicator(
            application, "/ws/live", headers=[*mine_headers[:1], (b"origin", b"http://evil.example")]
        )
        assert not (await foreign.connect())[0]

    run(body)


# --- Capacity and dead members (channels_redis) -------------------------------------------------


@pytest.fixture
def list_layer(settings):
    """The layer before issue 17 (LIVE_CHANNEL_LAYER=list): channels_redis' list-based one."""
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [settings.REDIS_URL], "group_expiry": 600},
        }
    }


@pytest.mark.django_db(transaction=True)
def test_a_dead_member_at_capacity_neither_blocks_the_others_nor_the_publisher(list_layer):
    """A socket whose server died stays in its groups: its queue fills to capacity and
    publishing goes on; the live members still get every message, and the dead one is
    dropped once it has not been refreshed for the group expiry."""
    user = UserFactory()
    group = user_group(user.pk)
    layer = get_channel_layer()
    assert type(layer).__name__ == "RedisChannelLayer"

    async def body():
        await layer.group_add(group, "specific.dead!gone")
        for n in range(layer.capacity + 5):  # more than the dead member's queue holds
            await database_sync_to_async(live_publish)([group], {"kind": "notification", "id": n})
        socket = await connected(user)
        await subscribe(socket, [group])
        await database_sync_to_async(live_publish)([group], {"kind": "notification", "id": "after"})
        assert (await socket.receive_json_from(timeout=5))["id"] == "after"

        # Age the dead membership past the expiry: the next send prunes it, the live
        # one (refreshed by its heartbeat) stays.
        redis = layer.connection(layer.consistent_hash(group))
        await redis.zadd(layer._group_key(group), {"specific.dead!gone": int(time.time()) - GROUP_EXPIRY_SECONDS - 5})
        await socket.send_json_to({"ping": True})
        assert await socket.receive_json_from(timeout=5) == {"type": "pong"}
        await database_sync_to_async(live_publish)([group], {"kind": "notification", "id": "pruned"})
        assert (await socket.receive_json_from(timeout=5))["id"] == "pruned"
        members = {m.decode() for m in await redis.zrange(layer._group_key(group), 0, -1)}
        assert "specific.dead!gone" not in members and len(members) == 1
        await socket.disconnect()
        assert await redis.zcard(layer._group_key(group)) == 0

    run(body)


# --- The pub/sub layer (issue 17) and a layer that fails ----------------------------------------


def test_the_pubsub_layer_is_the_default_and_its_channels_carry_the_redis_database(settings):
    from crm.settings import live_channel_prefix

    assert settings.CHANNEL_LAYERS["default"]["BACKEND"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    database = settings.REDIS_URL.rsplit("/", 1)[-1]
    assert settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] == f"crm-live-db{database}:"
    # PUBLISH/SUBSCRIBE ignores the database number: two test workers' names differ.
    assert live_channel_prefix("redis://127.0.0.1:6379/3") != live_channel_prefix("redis://127.0.0.1:6379/4")


@pytest.mark.django_db(transaction=True)
def test_a_message_costs_no_thread_hop_per_socket(monkeypatch):
    """Channels closes stale database connections in a worker thread before every
    message; the live consumer does not (its one query runs in database_sync_to_async)."""
    import channels.consumer

    hops = []

    async def counted():
        hops.append(1)

    monkeypatch.setattr(channels.consumer, "aclose_old_connections", counted)
    user = UserFactory()

    async def body():
        socket = await connected(user)
        await subscribe(socket, [user_group(user.pk)])
        for n in range(3):
            await database_sync_to_async(live_publish)([user_group(user.pk)], {"kind": "notification", "id": n})
            assert (await socket.receive_json_from(timeout=5))["id"] == n
        await socket.disconnect()

    run(body)
    assert hops == []


@pytest.fixture
def unreachable_layer(settings):
    """A Redis nobody listens on (port 1): what the layer meets when Redis is down."""
    from crm.live.services import layer_health_forget

    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"], "prefix": "crm-live-unreachable:"},
        }
    }
    layer_health_forget()
    yield
    layer_health_forget()


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_layer_tells_every_page_and_logs_one_line(unreachable_layer, caplog):
    user = UserFactory()

    async def body():
        for _ in range(5):
            socket = WebsocketCommunicator(LiveConsumer.as_asgi(), "/ws/live")
            socket.scope["user"] = user
            assert (await socket.connect(timeout=5))[0]
            assert await socket.receive_json_from(timeout=5) == {"type": "paused", "message": "实时更新已暂停，请刷新"}
            assert (await socket.receive_output(timeout=5)) == {"type": "websocket.close", "code": 4503}
            await socket.wait(timeout=5)

    with caplog.at_level("WARNING"):
        run(body)
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and "live updates paused" in warnings[0].getMessage()
    assert all(r.exc_info is None for r in caplog.records)


@pytest.mark.django_db(transaction=True)
def test_a_heartbeat_finds_the_layer_gone_and_pauses_the_page(monkeypatch):
    from crm.live.services import layer_health_forget

    user = UserFactory()
    layer_health_forget()

    async def body():
        socket = await connected(user)
        await subscribe(socket, [user_group(user.pk)])
        await socket.send_json_to({"ping": True})
        assert await socket.receive_json_from(timeout=5) == {"type": "pong"}
        layer_health_forget()  # the next heartbeat asks again

        async def refused(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        monkeypatch.setattr(get_channel_layer(), "group_send", refused)
        await socket.send_json_to({"ping": True})
        assert (await socket.receive_json_from(timeout=5))["type"] == "paused"
        assert (await socket.receive_output(timeout=5))["code"] == 4503

    try:
        run(body)
    finally:
        layer_health_forget()


def test_the_layers_retry_tracebacks_are_one_line_a_minute():
    """channels_redis' pub/sub receiver logs a traceback every second while Redis is down."""
    import logging

    from crm.log_filters import OnceAMinute

    once = OnceAMinute()

    def record():
        try:
            raise ConnectionError("Connection refused")
        except ConnectionError:
            import sys

            return logging.LogRecord(
                "channels_redis.pubsub",
                logging.ERROR,
                __file__,
                1,
                "Unexpected exception in receive task",
                (),
                sys.exc_info(),
            )

    first, second = record(), record()
    assert once.filter(first) and first.exc_info is None and "ConnectionError" in first.getMessage()
    assert not once.filter(second)
    assert logging.getLogger("channels_redis.pubsub").filters  # the settings put it there
