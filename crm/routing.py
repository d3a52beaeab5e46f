"""WebSocket routes. The composition root names the apps' consumers directly."""

from django.urls import path

from crm.live.consumers import HealthConsumer
from projects.consumers import LiveConsumer

websocket_urlpatterns = [
    path("ws/healthz", HealthConsumer.as_asgi()),
    path("ws/live", LiveConsumer.as_asgi()),
]
