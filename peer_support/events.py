"""Events: what the circle socket sends, the group names it goes to, and the one way services
broadcast.

Services build an event (a JSON-ready dict with a `type`) here and call `broadcast_on_commit`:
nothing is sent unless the write it describes has been committed. A frame that carries
messages also carries them rendered by `_message.html`, once per event for every viewer, so
the page and the chat script show one markup (docs/realtime-protocol.md).
"""

from collections.abc import Sequence
from typing import Any

import orjson
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from network.models import Member, User
from peer_support.models import Circle, Message, Thread
from peer_support.selectors import message_payload, present_members


def circle_group(circle_id: int) -> str:
    return f"circle.{circle_id}"


def membership_group(circle_id: int, member_id: int) -> str:
    """Every socket one member has open on one circle: used to notify or disconnect them."""
    return f"circle.{circle_id}.member.{member_id}"


# --- Building events -------------------------------------------------------------------------


def messages_html(messages: Sequence[Message]) -> str:
    """`messages` as the thread page shows them, for any viewer: every action is present and
    the chat script keeps those that are this viewer's (`data-author`, `data-facilitator`)."""
    if not messages:
        return ""
    return render_to_string(
        "peer_support/_messages.html", {"page": messages, "circle": messages[0].circle}
    )


def message_event(kind: str, message: Message) -> dict[str, Any]:
    """`message.created` or `message.updated`: the message's data and its rendered item."""
    return {"type": kind, "message": message_payload(message), "html": messages_html([message])}


def replay_event(messages: Sequence[Message]) -> dict[str, Any]:
    return {
        "type": "replay",
        "messages": [message_payload(m) for m in messages],
        "html": messages_html(messages),
    }


def thread_created_event(thread: Thread) -> dict[str, Any]:
    return {"type": "thread.created", "thread": {"id": thread.pk, "title": thread.title}}


def mention_event(message: Message, by: Member) -> dict[str, Any]:
    return {"type": "mention", "message": message.pk, "thread": message.thread_id, "by": by.name}


def presence_event(circle_id: int) -> dict[str, Any]:
    return {"type": "presence", "members": present_members(circle_id=circle_id)}


def read_event(*, thread_id: int, up_to: int) -> dict[str, Any]:
    return {"type": "read", "thread": thread_id, "up_to": up_to}


def typing_event(*, member: Member, thread_id: int) -> dict[str, Any]:
    return {"type": "typing", "thread": thread_id, "member": {"id": member.pk, "name": member.name}}


def warm_up() -> None:
    """Build one message event in memory, without the database, when a server process starts.

    The first one a process builds loads and compiles the templates and fills the URL
    resolver (`{% url %}`): about half a second measured under load, while the circle's lock
    was held and every post queued behind it waited (docs/performance.md)."""
    circle = Circle(pk=1, slug="warm-up", name="Warm-up")
    author = Member(pk=1, user=User(pk=1, first_name="Warm", last_name="Up"))
    message = Message(
        pk=1,
        circle=circle,
        thread=Thread(pk=1, circle=circle, title="Warm-up"),
        author=author,
        body="Warming up: https://example.org",
        created_at=timezone.now(),
        change_id=1,
    )
    group_message(message_event("message.created", message))


# --- Sending them ------------------------------------------------------------------------------


def group_message(event: dict[str, Any]) -> dict[str, Any]:
    """The channel-layer message for `event`: serialised to its frame's text here, once for
    every socket in the group (each socket sends the text as it is), with the fields a socket
    reads to skip a version of a message it already sent (one it replayed)."""
    message = event.get("message")
    is_message = isinstance(message, dict)
    return {
        "type": "circle.event",
        "kind": event["type"],
        "message_id": message.get("id") if is_message else None,
        "change": message.get("change") if is_message else None,
        "text": orjson.dumps(event).decode(),
    }


def send_now(group: str, event: dict[str, Any]) -> None:
    layer = get_channel_layer()
    async_to_sync(layer.group_send)(group, group_message(event))


def disconnect_now(group: str, *, code: int) -> None:
    layer = get_channel_layer()
    async_to_sync(layer.group_send)(group, {"type": "circle.disconnect", "code": code})


def broadcast_on_commit(group: str, event: dict[str, Any]) -> None:
    transaction.on_commit(lambda: send_now(group, event))


def disconnect_on_commit(group: str, *, code: int) -> None:
    transaction.on_commit(lambda: disconnect_now(group, code=code))
