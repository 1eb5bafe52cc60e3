"""The live unread badge: every socket a member has open joins their group, and a change to
their unread count is sent there after the change commits."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import transaction

from core.page_cache import Generation
from notifications.models import Notification

logger = logging.getLogger(__name__)


def member_group(member_id: int) -> str:
    return f"member.{member_id}"


def unread_cache_key(member_id: int) -> str:
    return f"notifications:unread:{member_id}"


def unread_count(member_id: int) -> int:
    """The badge's number, cached until it changes (one query per change, not per page)."""
    key = unread_cache_key(member_id)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(member_id=member_id).unread().count()
        cache.set(key, count, timeout=3600)
    return count


def _send_unread(member_ids: list[int]) -> None:
    cache.delete_many([unread_cache_key(pk) for pk in member_ids])
    layer = get_channel_layer()
    for member_id in member_ids:
        event = {"type": "unread", "count": unread_count(member_id)}
        try:
            async_to_sync(layer.group_send)(
                member_group(member_id), {"type": "notifications.event", "event": event}
            )
        except Exception:  # the badge is a convenience: a page load still shows the count
            logger.warning("Could not send the unread count to member %s", member_id)


def recent_generation(member_id: int) -> Generation:
    """What a member's recent notifications are cached on (`notifications_for`)."""
    return Generation(f"notifications:recent:{member_id}")


def recent_changed(member_ids) -> None:
    """A new generation of each member's recent notifications, at once and after commit."""
    for member_id in set(member_ids):
        recent_generation(member_id).purge_on_commit()


def unread_changed_on_commit(member_ids) -> None:
    """Forget the cached counts now (this request reads its own writes) and again after
    commit (a request in between may have cached the old count), then push the new ones.
    Every change to a member's notifications comes here, so their cached list starts afresh
    too."""
    member_ids = sorted(set(member_ids))
    if member_ids:
        recent_changed(member_ids)
        cache.delete_many([unread_cache_key(pk) for pk in member_ids])
        transaction.on_commit(lambda: _send_unread(member_ids))


def notification_changed(sender, instance, **kwargs) -> None:
    """Receiver for a notification saved one at a time (the admin); the services' bulk
    writes call `unread_changed_on_commit` themselves."""
    recent_changed([instance.member_id])
