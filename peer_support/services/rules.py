"""Checks every peer_support service makes before it writes: who may act, and on what."""

from network.models import Member
from peer_support import errors
from peer_support.models import Circle, CircleMembership


def membership_of(circle: Circle, member: Member) -> CircleMembership | None:
    return CircleMembership.objects.filter(circle=circle, member=member).first()


def require_participant(circle: Circle, member: Member) -> CircleMembership:
    membership = membership_of(circle, member)
    if membership is None or not membership.is_participating:
        raise errors.NotPermitted()
    return membership


def require_facilitator(circle: Circle, member: Member) -> CircleMembership:
    membership = require_participant(circle, member)
    if not membership.is_facilitator:
        raise errors.NotPermitted(message="Only the circle's facilitator can do that.")
    return membership


def require_open(circle: Circle) -> None:
    if circle.is_closed:
        raise errors.CircleClosed()


def lock(circle: Circle) -> Circle:
    """Lock the circle row: serialises joins (size limit) and message ids (commit order)."""
    return Circle.objects.select_for_update().get(pk=circle.pk)


def may_create_circles(member: Member) -> bool:
    """Staff, and members who already facilitate a circle that is still open."""
    return (
        member.user.is_staff
        or CircleMembership.objects.filter(
            member=member,
            role=CircleMembership.Role.FACILITATOR,
            status=CircleMembership.Status.ACTIVE,
            circle__closed_at__isnull=True,
        ).exists()
    )
