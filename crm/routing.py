"""WebSocket routes. Apps append theirs here by dotted path as live updates arrive."""

from django.urls import path

from crm.consumers import HealthConsumer

websocket_urlpatterns = [
    path("ws/healthz", HealthConsumer.as_asgi()),
]
