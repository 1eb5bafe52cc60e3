"""Reads for the pages that are not Wagtail pages: My masterclasses and the admin's
registration lists. (Pages read through their own querysets, `MasterclassPage.objects...`.)"""

from django.db.models import Q, QuerySet
from django.utils import timezone

from masterclasses.models import Registration, Session
from network.models import Member


def member_registrations(*, member: Member) -> dict[str, list[Registration]]:
    """A member's active registrations, split into coming up and already happened."""
    registrations = (
        Registration.objects.filter(member=member)
        .active()
        .select_related("session__page")
        .order_by("session__start")
    )
    now = timezone.now()
    upcoming, past = [], []
    for registration in registrations:
        (upcoming if registration.session.end >= now else past).append(registration)
    past.reverse()
    for registration in upcoming:
        if registration.status == Registration.Status.WAITLISTED:
            registration.position = waitlist_position(registration=registration)
    return {"upcoming": upcoming, "past": past}


def waitlist_position(*, registration: Registration) -> int:
    return (
        Registration.objects.waitlisted()
        .filter(session=registration.session_id)
        .filter(
            Q(queued_at__lt=registration.queued_at)
            | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def session_attendees(*, session: Session) -> dict[str, list[Registration]]:
    registrations = (
        Registration.objects.filter(session=session)
        .active()
        .select_related("member__user", "member__organisation")
        .in_queue_order()
    )
    registered, waiting = [], []
    for registration in registrations:
        if registration.status == Registration.Status.REGISTERED:
            registered.append(registration)
        else:
            waiting.append(registration)
    return {"registered": registered, "waitlisted": waiting}


def admin_sessions(*, upcoming_only: bool, page_id: int | None = None) -> QuerySet:
    queryset = Session.objects.select_related("page").with_counts()
    if page_id is not None:
        queryset = queryset.filter(page_id=page_id)
    if upcoming_only:
        return queryset.upcoming().order_by("start")
    return queryset.order_by("-start")
