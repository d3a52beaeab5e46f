"""Helpers for the live-update socket tests: Channels' WebsocketCommunicator on the
live consumer, driven from a synchronous test in one event loop."""

import importlib.util
import sys
import types

from asgiref.sync import async_to_sync

if importlib.util.find_spec("daphne") is None:
    # ``channels.testing`` imports daphne for ChannelsLiveServerTestCase only, which
    # these tests do not use (their server is uvicorn); daphne is not a dependency.
    sys.modules.setdefault("daphne", types.ModuleType("daphne"))
    sys.modules.setdefault("daphne.testing", types.SimpleNamespace(DaphneProcess=None))

from channels.testing import WebsocketCommunicator

from projects.consumers import LiveConsumer


def run(coroutine_function):
    """The test body in one event loop (the communicators belong to it)."""
    return async_to_sync(coroutine_function)()


async def connected(user, path: str = "/ws/live") -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(LiveConsumer.as_asgi(), path)
    communicator.scope["user"] = user
    ok, _ = await communicator.connect()
    assert ok
    return communicator


async def subscribe(communicator: WebsocketCommunicator, groups: list[str]) -> dict:
    await communicator.send_json_to({"subscribe": groups})
    return await communicator.receive_json_from(timeout=5)
