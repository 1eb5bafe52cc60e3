"""Who has a circle open now: one row per socket, so every server process sees them."""

from django.db import IntegrityError, transaction

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
