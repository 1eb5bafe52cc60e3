"""`/ws/notifications/`: each signed-in member's live unread count for the header badge."""

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from notifications.events import member_group, unread_count

CLOSE_UNAUTHENTICATED = 4401


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    group: str | None = None

    async def connect(self) -> None:
        await self.accept()
        member_id = await self._member_id()
        if member_id is None:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.group = member_group(member_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        count = await database_sync_to_async(unread_count)(member_id)
        await self.send_json({"type": "unread", "count": count})

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    @database_sync_to_async
    def _member_id(self) -> int | None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            return None
        member = getattr(user, "member", None)
        return member.pk if member is not None else None

    @classmethod
    async def decode_json(cls, text_data: str):
        """Nothing a client sends can break this socket: it only ever answers ping."""
        if len(text_data) > 200:
            return None
        try:
            return json.loads(text_data)
        except (ValueError, RecursionError):
            return None

    async def receive_json(self, content, **kwargs) -> None:
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def notifications_event(self, message: dict) -> None:
        await self.send_json(message["event"])
