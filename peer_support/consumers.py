"""The circle socket at `/ws/circles/<slug>/`: authenticate, parse, call a service, deliver.

The protocol (frames, error codes, close codes, replay) is in docs/realtime-protocol.md.
"""

import json
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from network.models import Member
from peer_support import errors, events, selectors, services
from peer_support.models import Circle, Message, Thread

TYPING_INTERVAL = 2.0  # seconds between typing broadcasts from one socket
SENT_IDS_KEPT = 2000


class CircleConsumer(AsyncWebsocketConsumer):
    circle_id: int | None = None
    member: Member | None = None

    async def connect(self) -> None:
        # Accept first, then close if refused: a close code sent before the handshake
        # completes reaches the browser as a bare HTTP 403, not as the documented code.
        await self.accept()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=errors.CLOSE_UNAUTHENTICATED)
            return
        code, circle, member = await self._access(user, self.scope["url_route"]["kwargs"]["slug"])
        if code:
            await self.close(code=code)
            return
        self.circle_id, self.member = circle.pk, member
        self.groups_joined = [
            events.circle_group(circle.pk),
            events.membership_group(circle.pk, member.pk),
        ]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        self.sent_ids: set[int] = set()
        self.last_typing = 0.0
        await self.send_json({"type": "hello", "member": {"id": member.pk, "name": member.name}})
        await database_sync_to_async(services.presence_enter)(
            circle=circle, member=member, channel_name=self.channel_name
        )

    async def disconnect(self, code: int) -> None:
        if self.circle_id is None:
            return
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        await database_sync_to_async(services.presence_leave)(
            circle_id=self.circle_id, channel_name=self.channel_name
        )

    @database_sync_to_async
    def _access(self, user, slug: str) -> tuple[int, Circle | None, Member | None]:
        member = Member.objects.select_related("user").filter(user=user).first()
        circle = Circle.objects.filter(slug=slug).first()
        if member is None or circle is None:
            return errors.CLOSE_FORBIDDEN, None, None
        if not selectors.is_participant(circle_id=circle.pk, member_id=member.pk):
            return errors.CLOSE_FORBIDDEN, None, None
        if circle.is_closed:
            return errors.CLOSE_CIRCLE_CLOSED, None, None
        return 0, circle, member

    # --- Frames from the client -------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.circle_id is None:
            return
        try:
            frame = json.loads(text_data) if text_data is not None else None
        except ValueError:
            frame = None
        if not isinstance(frame, dict):
            await self.error(errors.BAD_JSON, "Frames must be JSON objects.")
            return
        handler = self.HANDLERS.get(frame.get("type"))
        if handler is None:
            await self.error(errors.UNKNOWN_TYPE, "Unknown frame type.", frame)
            return
        try:
            await handler(self, frame)
        except errors.CircleError as error:
            await self.error(error.code, error.message, frame)
        except (Thread.DoesNotExist, Message.DoesNotExist):
            await self.error(errors.NOT_FOUND, "There is no such thread or message here.", frame)
        except (KeyError, TypeError, ValueError):
            await self.error(
                errors.BAD_FRAME, "That frame is missing a field or has a wrong one.", frame
            )

    async def error(self, code: str, message: str, frame: dict | None = None) -> None:
        reply: dict[str, Any] = {"type": "error", "code": code, "message": message}
        if frame and isinstance(frame.get("ref"), str | int):
            reply["ref"] = frame["ref"]
        await self.send_json(reply)

    async def on_resume(self, frame: dict) -> None:
        after = _int(frame["last_id"])
        messages, truncated = await database_sync_to_async(selectors.messages_after)(
            circle_id=self.circle_id, after=after
        )
        if truncated:
            await self.send_json({"type": "resync"})
            return
        # Anything delivered live since this socket opened was already sent: skip it.
        replay = [m for m in messages if m["id"] not in self.sent_ids]
        self._remember(m["id"] for m in replay)
        await self.send_json({"type": "replay", "messages": replay})

    async def on_send(self, frame: dict) -> None:
        body = frame["body"]
        if not isinstance(body, str):
            raise TypeError
        message = await self._post(_int(frame["thread"]), body)
        reply: dict[str, Any] = {"type": "message.ack", "id": message.pk}
        if isinstance(frame.get("ref"), str | int):
            reply["ref"] = frame["ref"]
        await self.send_json(reply)

    @database_sync_to_async
    def _post(self, thread_id: int, body: str) -> Message:
        thread = Thread.objects.select_related("circle").get(pk=thread_id, circle_id=self.circle_id)
        return services.message_post(thread=thread, author=self.member, body=body)

    async def on_edit(self, frame: dict) -> None:
        body = frame["body"]
        if not isinstance(body, str):
            raise TypeError
        await self._change(_int(frame["id"]), body)

    async def on_delete(self, frame: dict) -> None:
        await self._change(_int(frame["id"]), None)

    @database_sync_to_async
    def _change(self, message_id: int, body: str | None) -> None:
        message = Message.objects.select_related("circle").get(
            pk=message_id, circle_id=self.circle_id
        )
        if body is None:
            services.message_delete(message=message, member=self.member)
        else:
            services.message_edit(message=message, editor=self.member, body=body)

    async def on_typing(self, frame: dict) -> None:
        thread_id = _int(frame["thread"])
        now = time.monotonic()
        if now - self.last_typing < TYPING_INTERVAL:
            return  # throttled silently: typing is a hint, not a message
        self.last_typing = now
        await self.channel_layer.group_send(
            events.circle_group(self.circle_id),
            {
                "type": "circle.event",
                "event": services.typing_event(member=self.member, thread_id=thread_id),
            },
        )

    async def on_read(self, frame: dict) -> None:
        await self._read(_int(frame["thread"]), _int(frame["up_to"]))

    @database_sync_to_async
    def _read(self, thread_id: int, up_to: int) -> None:
        thread = Thread.objects.get(pk=thread_id, circle_id=self.circle_id)
        if not selectors.is_participant(circle_id=self.circle_id, member_id=self.member.pk):
            raise errors.NotPermitted()
        services.thread_mark_read(thread=thread, member=self.member, up_to=up_to)

    async def on_ping(self, frame: dict) -> None:
        await self.send_json({"type": "pong"})

    HANDLERS = {
        "resume": on_resume,
        "message.send": on_send,
        "message.edit": on_edit,
        "message.delete": on_delete,
        "typing": on_typing,
        "read": on_read,
        "ping": on_ping,
    }

    # --- Events from the channel layer -----------------------------------------------------

    async def circle_event(self, message: dict) -> None:
        event = message["event"]
        if event["type"] == "message.created":
            message_id = event["message"]["id"]
            if message_id in self.sent_ids:
                return
            self._remember([message_id])
        await self.send_json(event)

    async def circle_disconnect(self, message: dict) -> None:
        await self.close(code=message["code"])

    # --- Helpers ---------------------------------------------------------------------------

    def _remember(self, ids) -> None:
        self.sent_ids.update(ids)
        if len(self.sent_ids) > SENT_IDS_KEPT:
            self.sent_ids = set(sorted(self.sent_ids)[-SENT_IDS_KEPT // 2 :])

    async def send_json(self, content: dict) -> None:
        await self.send(text_data=json.dumps(content))


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError
    return value
