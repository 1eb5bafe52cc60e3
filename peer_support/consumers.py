"""The circle socket at `/ws/circles/<slug>/`: authenticate, parse, call a service, deliver.

The protocol (frames, error codes, close codes, replay) is in docs/realtime-protocol.md.

Whatever a client sends gets a documented answer and leaves the socket open: a frame is
measured before it is parsed, every field is checked (ids within the database's bigint
range), a service's refusal is an `error` frame, and anything unforeseen is logged and
answered `server_error` rather than ending the socket. However the socket ends (a normal
close, a send to a client already gone, the channel layer losing Redis), `_leave` runs:
presence and group membership never outlive the socket.
"""

import json
import logging
import re
import time
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from core.errors import DomainError
from core.serial_threads import serial_sync_to_async
from network.models import Member
from peer_support import action_learning_frames, errors, events, selectors
from peer_support.frames import FrameError, frame_id, frame_str
from peer_support.models import PRESENCE_HEARTBEAT, ActionLearningSet, Circle, Message, Thread
from peer_support.services import messages, presence, read_state

logger = logging.getLogger(__name__)

TYPING_INTERVAL = 2.0  # seconds between typing broadcasts from one socket
DELIVERED_KEPT = 2000  # messages whose delivered version this socket remembers

# The largest frame is a message.send or message.edit of MESSAGE_MAX_LENGTH characters, each
# escaped as \uXXXX (6 characters), plus a few fields: anything longer is refused unparsed.
MAX_FRAME_CHARS = 32 * 1024
MAX_DEPTH = 4  # frames are flat objects; deeper nesting is refused before parsing
MAX_REF_CHARS = 64
MAX_REF_INT = 2**53  # a ref the client's JavaScript can hold exactly

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class CircleConsumer(AsyncJsonWebsocketConsumer):
    circle_id: int | None = None
    member: Member | None = None
    joined: bool = False  # in the groups and the presence table: `_leave` undoes both
    closing: bool = False  # a close was sent: nothing more goes to the client

    async def __call__(self, scope, receive, send) -> None:
        async def guarded_send(message: dict) -> None:
            if self.closing:
                return  # e.g. a group event arriving after a `circle.disconnect`
            if message["type"] == "websocket.close":
                self.closing = True
            try:
                await send(message)
            except OSError:  # the client went away (uvicorn's ClientDisconnected)
                raise StopConsumer from None

        try:
            await super().__call__(scope, receive, guarded_send)
        finally:
            await self._leave()

    async def dispatch(self, message: dict) -> None:
        """Channels' dispatch without its `aclose_old_connections()` before every message,
        which waits its turn in the process's one database thread: every event delivered to
        every socket queued there behind the process's database work. No handler here
        touches the database except through `database_sync_to_async` (or
        `serial_sync_to_async`), which closes stale connections around each call itself."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

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
        self.delivered: dict[int, int] = {}  # message id -> change id of the version sent
        self.last_typing = 0.0
        self.last_beat = time.monotonic()
        self.joined = True
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.send_json({"type": "hello", "member": {"id": member.pk, "name": member.name}})
        await database_sync_to_async(presence.presence_enter)(
            circle=circle, member=member, channel_name=self.channel_name
        )

    async def disconnect(self, code: int) -> None:
        await self._leave()

    async def _leave(self) -> None:
        """Leave the groups and the presence table, once, whatever way the socket ended."""
        if not self.joined:
            return
        self.joined = False
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
        if self.circle_id is None or self.closing:
            return
        await self._heartbeat()
        if not text_data:  # a binary or empty frame is not a JSON object either
            await self.receive_json(None)
        elif len(text_data) > MAX_FRAME_CHARS:
            await self.send_error(
                errors.FRAME_TOO_LARGE,
                f"Frames can be at most {MAX_FRAME_CHARS:,} characters.",
                {},
            )
        elif _too_deep(text_data):
            await self.send_error(
                errors.FRAME_TOO_DEEP, "Frames are flat JSON objects; that one nests too deep.", {}
            )
        else:
            await super().receive(text_data=text_data)

    @classmethod
    async def decode_json(cls, text_data: str) -> Any:
        """The decoded frame, or None if it is not JSON (`receive_json` answers `bad_json`)."""
        try:
            return json.loads(text_data)
        except (ValueError, RecursionError):  # RecursionError cannot happen after _too_deep
            return None

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """Dispatch one frame; whatever it asked for that cannot be done becomes one `error`
        frame here, and the socket stays open."""
        frame = content if isinstance(content, dict) else {}
        try:
            if not isinstance(content, dict):
                raise FrameError(errors.BAD_JSON, "Frames must be JSON objects.")
            handler = self.HANDLERS.get(frame.get("type")) if _hashable(frame.get("type")) else None
            if handler is None:
                raise FrameError(errors.UNKNOWN_TYPE, "Unknown frame type.")
            await handler(self, frame)
        except StopConsumer:
            raise
        except (DomainError, FrameError) as error:
            await self.send_error(error.code, error.message, frame)
        except (Thread.DoesNotExist, Message.DoesNotExist, ActionLearningSet.DoesNotExist):
            await self.send_error(
                errors.NOT_FOUND, "There is no such thread or message here.", frame
            )
        except (KeyError, TypeError, ValueError):
            await self.send_error(
                errors.BAD_FRAME, "That frame is missing a field or has a wrong one.", frame
            )
        except Exception:
            # A fault of ours, not the client's: logged with its traceback, answered, and
            # the socket stays open rather than ending as "Exception in ASGI application".
            logger.exception("Circle socket: frame %r failed", frame.get("type"))
            await self.send_error(
                errors.SERVER_ERROR, "Something went wrong on our side. Try again.", frame
            )

    async def send_error(self, code: str, message: str, frame: dict) -> None:
        await self.send_json(_with_ref({"type": "error", "code": code, "message": message}, frame))

    async def _heartbeat(self) -> None:
        """Refresh this socket's presence row at most once per PRESENCE_HEARTBEAT, on any
        frame (the client pings while it has nothing else to say)."""
        now = time.monotonic()
        if now - self.last_beat < PRESENCE_HEARTBEAT.total_seconds():
            return
        self.last_beat = now
        await database_sync_to_async(presence.presence_heartbeat)(
            circle_id=self.circle_id, member_id=self.member.pk, channel_name=self.channel_name
        )

    async def on_resume(self, frame: dict) -> None:
        if "last_change" not in frame:
            # A page from before change ids (a cached script): reloading gets the current one.
            await self.send_json({"type": "resync"})
            return
        await self.send_json(await self._replay(frame_id(frame["last_change"])))

    @database_sync_to_async
    def _replay(self, after: int) -> dict[str, Any]:
        changed, truncated = selectors.changes_after(circle_id=self.circle_id, after=after)
        if truncated:
            return {"type": "resync"}
        # A version already delivered live since this socket opened is not sent again.
        replay = [m for m in changed if self._fresh(m.pk, m.change_id)]
        return events.replay_event(replay)

    async def on_send(self, frame: dict) -> None:
        thread_id, body = frame_id(frame["thread"]), frame_str(frame["body"])
        message = await serial_sync_to_async(self.circle_id, self._post)(thread_id, body)
        await self.send_json(_with_ref({"type": "message.ack", "id": message.pk}, frame))

    # Posts, edits and deletions run in the circle's own thread (core/serial_threads.py):
    # beside other circles' writes, after this circle's earlier ones.
    def _post(self, thread_id: int, body: str) -> Message:
        # The thread is read as its circle is locked (Thread.DoesNotExist if not this circle's).
        thread = Thread(pk=thread_id, circle_id=self.circle_id)
        return messages.message_post(thread=thread, author=self.member, body=body)

    async def on_edit(self, frame: dict) -> None:
        message_id, body = frame_id(frame["id"]), frame_str(frame["body"])
        await serial_sync_to_async(self.circle_id, self._change)(message_id, body)

    async def on_delete(self, frame: dict) -> None:
        await serial_sync_to_async(self.circle_id, self._change)(frame_id(frame["id"]), None)

    def _change(self, message_id: int, body: str | None) -> None:
        message = Message.objects.select_related("circle").get(
            pk=message_id, circle_id=self.circle_id
        )
        if body is None:
            messages.message_delete(message=message, member=self.member)
        else:
            messages.message_edit(message=message, editor=self.member, body=body)

    async def on_typing(self, frame: dict) -> None:
        thread_id = frame_id(frame["thread"])
        now = time.monotonic()
        if now - self.last_typing < TYPING_INTERVAL:
            return  # throttled silently: typing is a hint, not a message
        self.last_typing = now
        await self.channel_layer.group_send(
            events.circle_group(self.circle_id),
            events.group_message(events.typing_event(member=self.member, thread_id=thread_id)),
        )

    async def on_read(self, frame: dict) -> None:
        await self._read(frame_id(frame["thread"]), frame_id(frame["up_to"]))

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
        **action_learning_frames.HANDLERS,
    }

    # --- Events from the channel layer -----------------------------------------------------

    async def circle_event(self, message: dict) -> None:
        """Deliver an event as serialised once for the whole group (`events.group_message`):
        no database and no JSON work per socket, beyond skipping a version of a message this
        socket already sent (replayed, or a newer one was)."""
        is_message = message["kind"] in {"message.created", "message.updated"}
        if is_message and not self._fresh(message["message_id"], message["change"]):
            return
        await self.send(text_data=message["text"])

    async def circle_disconnect(self, message: dict) -> None:
        await self.close(code=message["code"])

    # --- Helpers ---------------------------------------------------------------------------

    def _fresh(self, message_id: int, change_id: int) -> bool:
        """Whether this version of a message is newer than any this socket sent; if so it
        is about to be sent, and remembered."""
        if self.delivered.get(message_id, 0) >= change_id:
            return False
        self.delivered[message_id] = change_id
        if len(self.delivered) > DELIVERED_KEPT:
            for old in sorted(self.delivered)[: DELIVERED_KEPT // 2]:
                del self.delivered[old]
        return True


def _too_deep(text: str) -> bool:
    """Nesting deeper than MAX_DEPTH, counted outside strings, without parsing (a parser
    recurses per level). Cheap for ordinary frames, which have few brackets."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    depth = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_DEPTH:
            return True
    return False


def _hashable(value: Any) -> bool:
    return isinstance(value, str | int | float | bool | None)


def _with_ref(reply: dict[str, Any], frame: dict) -> dict[str, Any]:
    """Echo the client's `ref`, so it can match a reply to what it sent: a string of up to
    MAX_REF_CHARS characters or a whole number up to 2**53 (anything else is not echoed)."""
    ref = frame.get("ref")
    text_ref = isinstance(ref, str) and len(ref) <= MAX_REF_CHARS and not _unencodable(ref)
    int_ref = isinstance(ref, int) and not isinstance(ref, bool) and abs(ref) <= MAX_REF_INT
    if text_ref or int_ref:
        reply["ref"] = ref
    return reply


def _unencodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
