"""The live unread badge: every socket a member has open joins their group, and a change to
their unread count is sent there after the change commits."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import transaction

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


def unread_changed_on_commit(member_ids) -> None:
    """Forget the cached counts now (this request reads its own writes) and again after
    commit (a request in between may have cached the old count), then push the new ones."""
    member_ids = sorted(set(member_ids))
    if member_ids:
        cache.delete_many([unread_cache_key(pk) for pk in member_ids])
        transaction.on_commit(lambda: _send_unread(member_ids))
