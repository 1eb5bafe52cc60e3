"""Reads of what members have been told, for the notification centre and the header badge."""

import datetime as dt
from itertools import groupby

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from core.page_cache import PAGES_CACHE
from network.models import Member
from notifications.events import unread_count
from notifications.models import Kind, Notification, default_channel

CENTRE_SIZE = 100


def notifications_for(
    *, member: Member, limit: int = 10, generation: int | None = None
) -> list[Notification]:
    """The newest `limit`. With `generation` (`events.recent_generation`'s current value, read
    by the caller with its others), kept in this process's memory until they change."""
    if generation is None:
        return list(Notification.objects.filter(member=member)[:limit])
    key = f"notifications:recent:{member.pk}:{limit}:{generation}"
    pages = caches[PAGES_CACHE]
    notes = pages.get(key)
    if notes is None:
        notes = list(Notification.objects.filter(member=member)[:limit])
        pages.set(key, notes, settings.PAGE_CACHE_SECONDS)
    return notes


def notification_days(*, member: Member, limit: int = CENTRE_SIZE) -> list[tuple[dt.date, list]]:
    """The newest notifications, grouped by the day (UK time) they arrived, newest day first."""
    notes = list(Notification.objects.filter(member=member)[:limit])
    return [
        (day, list(items))
        for day, items in groupby(notes, key=lambda n: timezone.localdate(n.created_at))
    ]


def unread_for(*, member: Member) -> int:
    return unread_count(member.pk)


def preferences_for(*, member: Member) -> list[tuple[str, str, str]]:
    """(kind, label, channel) for every kind, in the order the settings page shows them."""
    chosen = dict(member.notification_preferences.values_list("kind", "channel"))
    return [(kind, label, chosen.get(kind, default_channel(kind))) for kind, label in Kind.choices]
