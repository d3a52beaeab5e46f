"""WebSocket routes. Apps append theirs here by dotted path as live updates arrive."""

from django.urls import path
from django.utils.module_loading import import_string

from crm.live.consumers import HealthConsumer

websocket_urlpatterns = [
    path("ws/healthz", HealthConsumer.as_asgi()),
    path("ws/live", import_string("projects.consumers.LiveConsumer").as_asgi()),
]
