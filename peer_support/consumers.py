"""The circle socket at `/ws/circles/<slug>/`: authenticate, parse, call a service, deliver.

The protocol (frames, error codes, close codes, replay) is in docs/realtime-protocol.md.
"""

import json
import time
from collections.abc import Iterable
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from core.errors import DomainError
from network.models import Member
from peer_support import errors, events, selectors
from peer_support.models import Circle, Message, Thread
from peer_support.services import messages, presence, read_state

TYPING_INTERVAL = 2.0  # seconds between typing broadcasts from one socket
SENT_IDS_KEPT = 2000


class FrameError(Exception):
    """The frame itself was wrong (not the thing it asked for): answered with `code`."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


class CircleConsumer(AsyncJsonWebsocketConsumer):
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
        await database_sync_to_async(presence.presence_enter)(
            circle=circle, member=member, channel_name=self.channel_name
        )

    async def disconnect(self, code: int) -> None:
        if self.circle_id is None:
            return
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        await database_sync_to_async(presence.presence_leave)(
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
        if not text_data:  # a binary or empty frame is not a JSON object either
            await self.receive_json(None)
            return
        await super().receive(text_data=text_data)

    @classmethod
    async def decode_json(cls, text_data: str) -> Any:
        """The decoded frame, or None if it is not JSON (`receive_json` answers `bad_json`)."""
        try:
            return json.loads(text_data)
        except ValueError:
            return None

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """Dispatch one frame; whatever it asked for that cannot be done becomes one `error`
        frame here, and the socket stays open."""
        if self.circle_id is None:
            return
        frame = content if isinstance(content, dict) else {}
        try:
            if not isinstance(content, dict):
                raise FrameError(errors.BAD_JSON, "Frames must be JSON objects.")
            handler = self.HANDLERS.get(frame.get("type"))
            if handler is None:
                raise FrameError(errors.UNKNOWN_TYPE, "Unknown frame type.")
            await handler(self, frame)
        except (DomainError, FrameError) as error:
            await self.send_error(error.code, error.message, frame)
        except (Thread.DoesNotExist, Message.DoesNotExist):
            await self.send_error(
                errors.NOT_FOUND, "There is no such thread or message here.", frame
            )
        except (KeyError, TypeError, ValueError):
            await self.send_error(
                errors.BAD_FRAME, "That frame is missing a field or has a wrong one.", frame
            )

    async def send_error(self, code: str, message: str, frame: dict) -> None:
        await self.send_json(_with_ref({"type": "error", "code": code, "message": message}, frame))

    async def on_resume(self, frame: dict) -> None:
        await self.send_json(await self._replay(_int(frame["last_id"])))

    @database_sync_to_async
    def _replay(self, after: int) -> dict[str, Any]:
        missed, truncated = selectors.messages_after(circle_id=self.circle_id, after=after)
        if truncated:
            return {"type": "resync"}
        # Anything delivered live since this socket opened was already sent: skip it.
        replay = [m for m in missed if m.pk not in self.sent_ids]
        self._remember(m.pk for m in replay)
        return events.replay_event(replay)

    async def on_send(self, frame: dict) -> None:
        message = await self._post(_int(frame["thread"]), _str(frame["body"]))
        await self.send_json(_with_ref({"type": "message.ack", "id": message.pk}, frame))

    @database_sync_to_async
    def _post(self, thread_id: int, body: str) -> Message:
        thread = Thread.objects.select_related("circle").get(pk=thread_id, circle_id=self.circle_id)
        return messages.message_post(thread=thread, author=self.member, body=body)

    async def on_edit(self, frame: dict) -> None:
        await self._change(_int(frame["id"]), _str(frame["body"]))

    async def on_delete(self, frame: dict) -> None:
        await self._change(_int(frame["id"]), None)

    @database_sync_to_async
    def _change(self, message_id: int, body: str | None) -> None:
        message = Message.objects.select_related("circle").get(
            pk=message_id, circle_id=self.circle_id
        )
        if body is None:
            messages.message_delete(message=message, member=self.member)
        else:
            messages.message_edit(message=message, editor=self.member, body=body)

    async def on_typing(self, frame: dict) -> None:
        thread_id = _int(frame["thread"])
        now = time.monotonic()
        if now - self.last_typing < TYPING_INTERVAL:
            return  # throttled silently: typing is a hint, not a message
        self.last_typing = now
        await self.channel_layer.group_send(
            events.circle_group(self.circle_id),
            events.group_message(events.typing_event(member=self.member, thread_id=thread_id)),
        )

    async def on_read(self, frame: dict) -> None:
        await self._read(_int(frame["thread"]), _int(frame["up_to"]))

    @database_sync_to_async
    def _read(self, thread_id: int, up_to: int) -> None:
        thread = Thread.objects.select_related("circle").get(pk=thread_id, circle_id=self.circle_id)
        read_state.thread_mark_read(thread=thread, member=self.member, up_to=up_to)

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
        """Deliver an event as serialised once for the whole group (`events.group_message`):
        no database, no JSON work per socket."""
        if message["kind"] == "message.created":
            message_id = message["message_id"]
            if message_id in self.sent_ids:
                return
            self._remember([message_id])
        await self.send(text_data=message["text"])

    async def circle_disconnect(self, message: dict) -> None:
        await self.close(code=message["code"])

    # --- Helpers ---------------------------------------------------------------------------

    def _remember(self, ids: Iterable[int]) -> None:
        self.sent_ids.update(ids)
        if len(self.sent_ids) > SENT_IDS_KEPT:
            self.sent_ids = set(sorted(self.sent_ids)[-SENT_IDS_KEPT // 2 :])


def _with_ref(reply: dict[str, Any], frame: dict) -> dict[str, Any]:
    """Echo the client's `ref`, so it can match a reply to what it sent."""
    if isinstance(frame.get("ref"), str | int):
        reply["ref"] = frame["ref"]
    return reply


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value
