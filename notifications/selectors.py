"""Reads of what members have been told."""

from network.models import Member
from notifications.models import Notification


def notifications_for(*, member: Member, limit: int = 10) -> list[Notification]:
    return list(Notification.objects.filter(member=member)[:limit])
