"""The ASGI application of the live benchmark's "before" run: the project's own, with the
live socket as it was before issue 17, Channels' dispatch closing stale database
connections in a worker thread before every message (a hop per socket per change). Only
bench_live.py uses this module."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack
from channels.consumer import AsyncConsumer
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.urls import path

from projects.consumers import LiveConsumer


class LiveConsumerBefore(LiveConsumer):
    dispatch = AsyncConsumer.dispatch  # with aclose_old_connections before every message


application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter([path("ws/live", LiveConsumerBefore.as_asgi())]))
        ),
    }
)
