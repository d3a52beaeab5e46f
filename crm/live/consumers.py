from channels.generic.websocket import AsyncJsonWebsocketConsumer


class HealthConsumer(AsyncJsonWebsocketConsumer):
    """Proves the WebSocket path end to end (proxy upgrade, ASGI server, channel
    layer): the client gets back a message that travelled through the layer."""

    async def connect(self) -> None:
        await self.accept()
        await self.channel_layer.send(self.channel_name, {"type": "healthz.echo", "status": "ok"})

    async def healthz_echo(self, event: dict) -> None:
        await self.send_json({"status": event["status"], "channel_layer": type(self.channel_layer).__name__})
