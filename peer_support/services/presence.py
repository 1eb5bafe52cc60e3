"""Who has a circle open now: one row per socket, so every server process sees them."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from network.models import Member
from peer_support import events
from peer_support.models import Circle, Presence


@transaction.atomic
def presence_enter(*, circle: Circle, member: Member, channel_name: str) -> None:
    try:
        with transaction.atomic():
            Presence.objects.create(circle=circle, member=member, channel_name=channel_name)
    except IntegrityError:
        return
    events.broadcast_on_commit(events.circle_group(circle.pk), events.presence_event(circle.pk))


@transaction.atomic
def presence_leave(*, circle_id: int, channel_name: str) -> None:
    deleted, _ = Presence.objects.filter(channel_name=channel_name).delete()
    if deleted:
        events.broadcast_on_commit(events.circle_group(circle_id), events.presence_event(circle_id))


# A socket open for longer than this is taken to be gone: its process crashed, or it ended
# without `disconnect()`. Someone really still there reappears when their page reconnects.
PRESENCE_STALE_AFTER = dt.timedelta(hours=12)


def presence_sweep(*, now: dt.datetime | None = None) -> int:
    """Remove presence left behind by sockets that are gone, telling each circle."""
    now = now or timezone.now()
    stale = list(
        Presence.objects.filter(connected_at__lt=now - PRESENCE_STALE_AFTER).values_list(
            "circle_id", "channel_name"
        )
    )
    for circle_id, channel_name in stale:
        presence_leave(circle_id=circle_id, channel_name=channel_name)
    return len(stale)
