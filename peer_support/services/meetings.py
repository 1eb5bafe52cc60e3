"""The circle's next meeting: when, where, and its identity in members' calendars."""

import uuid
from datetime import datetime

from django.db import transaction

from core.services import model_update
from network.models import Member
from peer_support.models import Circle
from peer_support.services.rules import lock, require_facilitator, require_open


@transaction.atomic
def meeting_update(
    *,
    circle: Circle,
    by: Member,
    starts_at: datetime | None,
    ends_at: datetime | None,
    link: str,
) -> Circle:
    """Set the next meeting.

    Moving or editing a meeting keeps its calendar UID and raises its SEQUENCE, so calendars
    update the event they hold; a meeting set once the previous one is over gets a new UID.
    """
    circle = lock(circle)
    require_facilitator(circle, by)
    require_open(circle)
    changes = {
        "next_meeting_starts_at": starts_at,
        "next_meeting_ends_at": ends_at,
        "next_meeting_link": link,
    }
    if all(getattr(circle, name) == value for name, value in changes.items()):
        return circle
    if circle.meeting_is_over:
        changes.update(next_meeting_uid=uuid.uuid4(), next_meeting_sequence=0)
    else:
        changes.update(next_meeting_sequence=circle.next_meeting_sequence + 1)
    model_update(circle, **changes)
    return circle
