"""Tasks the worker runs for peer support, named by dotted path in the schedules (see
`scheduling/migrations`), so the schedules stay put while the services behind them move."""

import datetime as dt

from django.utils import timezone

from peer_support import services
from peer_support.models import INVITATION_LIFETIME, Invitation, Presence

# A socket open for longer than this is taken to be gone: its process crashed, or it ended
# without `disconnect()`. Someone really still there reappears when their page reconnects.
PRESENCE_STALE_AFTER = dt.timedelta(hours=12)
# An invitation link answers "expired" for this long after it expires, then is deleted, so
# the address of someone who never joined is not kept longer than it is useful.
EXPIRED_INVITATIONS_KEPT = dt.timedelta(days=30)


def digest_send() -> int:
    return services.digest_send()


def presence_sweep(*, now: dt.datetime | None = None) -> int:
    """Remove presence left behind by sockets that are gone, telling each circle."""
    now = now or timezone.now()
    stale = list(
        Presence.objects.filter(connected_at__lt=now - PRESENCE_STALE_AFTER).values_list(
            "circle_id", "channel_name"
        )
    )
    for circle_id, channel_name in stale:
        services.presence_leave(circle_id=circle_id, channel_name=channel_name)
    return len(stale)


def invitations_expire(*, now: dt.datetime | None = None) -> int:
    """Delete invitations nobody accepted, once they have been expired for a while."""
    now = now or timezone.now()
    deleted, _ = Invitation.objects.filter(
        accepted_at__isnull=True,
        created_at__lt=now - INVITATION_LIFETIME - EXPIRED_INVITATIONS_KEPT,
    ).delete()
    return deleted
