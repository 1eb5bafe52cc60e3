"""Event delivery: group names from primary keys, and the one way services broadcast.

Services build an event (a JSON-ready dict with a `type`) and call `broadcast_on_commit`:
nothing is sent unless the write it describes has been committed.
"""

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def circle_group(circle_id: int) -> str:
    return f"circle.{circle_id}"


def membership_group(circle_id: int, member_id: int) -> str:
    """Every socket one member has open on one circle: used to notify or disconnect them."""
    return f"circle.{circle_id}.member.{member_id}"


def send_now(group: str, event: dict[str, Any]) -> None:
    layer = get_channel_layer()
    async_to_sync(layer.group_send)(group, {"type": "circle.event", "event": event})


def disconnect_now(group: str, *, code: int) -> None:
    layer = get_channel_layer()
    async_to_sync(layer.group_send)(group, {"type": "circle.disconnect", "code": code})


def broadcast_on_commit(group: str, event: dict[str, Any]) -> None:
    transaction.on_commit(lambda: send_now(group, event))


def disconnect_on_commit(group: str, *, code: int) -> None:
    transaction.on_commit(lambda: disconnect_now(group, code=code))
