"""Who has a circle open now: one row per socket, so every server process sees them.

Each open socket's consumer refreshes its row's `last_seen` (`presence_heartbeat`); a row not
refreshed for PRESENCE_EXPIRES_AFTER belongs to a socket that is gone without saying so (its
process crashed). `present_members` ignores such rows at once, and `presence_sweep`, a
periodic task, deletes them and tells the circle.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from network.models import Member
from peer_support import events
from peer_support.models import PRESENCE_EXPIRES_AFTER, Circle, Presence


def presence_enter(*, circle: Circle, member: Member, channel_name: str) -> None:
    _enter(circle_id=circle.pk, member_id=member.pk, channel_name=channel_name)


@transaction.atomic
def _enter(*, circle_id: int, member_id: int, channel_name: str) -> None:
    try:
        with transaction.atomic():
            Presence.objects.create(
                circle_id=circle_id, member_id=member_id, channel_name=channel_name
            )
    except IntegrityError:
        return
    events.broadcast_on_commit(events.circle_group(circle_id), events.presence_event(circle_id))


def presence_heartbeat(*, circle_id: int, member_id: int, channel_name: str) -> None:
    """This socket is still open: refresh its row, or put it back if it was swept meanwhile
    (say the database was unreachable for longer than the rows last)."""
    refreshed = Presence.objects.filter(channel_name=channel_name).update(last_seen=timezone.now())
    if not refreshed:
        _enter(circle_id=circle_id, member_id=member_id, channel_name=channel_name)


@transaction.atomic
def presence_leave(*, circle_id: int, channel_name: str) -> None:
    deleted, _ = Presence.objects.filter(channel_name=channel_name).delete()
    if deleted:
        events.broadcast_on_commit(events.circle_group(circle_id), events.presence_event(circle_id))


def presence_sweep(*, now: dt.datetime | None = None) -> int:
    """Remove presence left behind by sockets that are gone, telling each circle."""
    now = now or timezone.now()
    expired = list(
        Presence.objects.filter(last_seen__lt=now - PRESENCE_EXPIRES_AFTER).values_list(
            "circle_id", "channel_name"
        )
    )
    for circle_id, channel_name in expired:
        presence_leave(circle_id=circle_id, channel_name=channel_name)
    return len(expired)
