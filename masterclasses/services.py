"""Everything that writes registrations, and tells members what changed.

Capacity holds under concurrent requests because each write first locks the session's
row (SELECT ... FOR UPDATE on PostgreSQL; SQLite's immediate transactions serialise
writers), then counts and inserts inside the same transaction. The unique constraint on
(session, member) makes a double registration harmless even if two requests race.

Each service returns what happened (`RegistrationOutcome`), so a view shows it rather than
reading the registration first and guessing, which two quick clicks could race.
"""

import enum
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.calendar import Method, calendar_attachment
from core.errors import DomainError
from masterclasses.models.sessions import Registration, Session
from network.models import Member
from notifications.models import Kind
from notifications.services import notify

SESSION_HAS_STARTED = "This session has already started, so registration has closed."
NOT_OPEN = "This masterclass is not open for registration."
NOT_REGISTERED = "You are not registered for this session."

REGISTERED = "You're registered. We've emailed you a calendar invitation."
WAITLISTED = (
    "The session is full, so you're on the waiting list. We'll email you if a place opens up."
)
ALREADY = "You're already on the list for this session."
CANCELLED = "Your place is cancelled."
LEFT_WAITLIST = "You've left the waiting list."

SUBJECTS = {
    "confirmed": "You're registered: {title}",
    "promoted": "A place has opened up for you: {title}",
    "waitlisted": "You're on the waiting list: {title}",
    "cancelled": "Your place is cancelled: {title}",
    "updated": "Updated time or place: {title}",
    "session_cancelled": "Session cancelled: {title}",
}
KINDS = {
    "confirmed": Kind.REGISTRATION,
    "waitlisted": Kind.REGISTRATION,
    "cancelled": Kind.REGISTRATION,
    "promoted": Kind.WAITLIST_PROMOTION,
    "updated": Kind.SESSION_CHANGED,
    "session_cancelled": Kind.SESSION_CHANGED,
}


class RegistrationError(DomainError):
    """A registration a member asked for that cannot happen; `message` says why."""

    code = "registration_refused"


class Outcome(enum.Enum):
    REGISTERED = REGISTERED
    WAITLISTED = WAITLISTED
    ALREADY_ON_LIST = ALREADY
    CANCELLED_PLACE = CANCELLED
    LEFT_WAITLIST = LEFT_WAITLIST


@dataclass(frozen=True)
class RegistrationOutcome:
    outcome: Outcome
    registration: Registration

    @property
    def message(self) -> str:
        return self.outcome.value


def _tell(registration: Registration, kind: str) -> None:
    """Email (after commit) and notify the member, describing the registration as it is now;
    with an .ics invitation for a place, a cancellation for a lost one."""
    page = registration.session.page
    attachments = []
    if registration.status != Registration.Status.WAITLISTED:
        method = Method.CANCEL if kind in ("cancelled", "session_cancelled") else Method.REQUEST
        attachments.append(calendar_attachment([registration.calendar_event()], method=method))
    notify(
        to=registration.member,
        template="masterclasses/email/registration",
        subject=SUBJECTS[kind].format(title=page.title),
        kind=KINDS[kind],
        context={"registration": registration, "session": registration.session, "kind": kind},
        url=page.url or "/",
        attachments=attachments,
    )


def _locked_session(session: Session) -> Session:
    return Session.objects.select_for_update(of=("self",)).select_related("page").get(pk=session.pk)


@transaction.atomic
def registration_create(*, member: Member, session: Session) -> RegistrationOutcome:
    """Give `member` a place, or a place on the waiting list when the session is full.

    Registering again changes nothing and says so (ALREADY_ON_LIST).
    """
    session = _locked_session(session)
    if not session.page.live:
        raise RegistrationError(message=NOT_OPEN)
    existing = (
        Registration.objects.select_related("member__user")
        .filter(session=session, member=member)
        .first()
    )
    if existing is not None and existing.status != Registration.Status.CANCELLED:
        return RegistrationOutcome(Outcome.ALREADY_ON_LIST, existing)
    if session.has_started:
        raise RegistrationError(message=SESSION_HAS_STARTED)

    taken = Registration.objects.filter(session=session).registered().count()
    status = (
        Registration.Status.REGISTERED
        if taken < session.capacity
        else Registration.Status.WAITLISTED
    )
    if existing is None:
        registration = Registration.objects.create(session=session, member=member, status=status)
    else:
        registration = existing
        registration.status = status
        registration.queued_at = timezone.now()
        registration.sequence += 1
        registration.save(update_fields=["status", "queued_at", "sequence", "updated_at"])
    registration.session = session
    if status == Registration.Status.REGISTERED:
        _tell(registration, "confirmed")
        return RegistrationOutcome(Outcome.REGISTERED, registration)
    _tell(registration, "waitlisted")
    return RegistrationOutcome(Outcome.WAITLISTED, registration)


@transaction.atomic
def registration_cancel(*, member: Member, session: Session) -> RegistrationOutcome:
    """Cancel `member`'s place or waiting-list entry; a freed place goes to the next in line."""
    session = _locked_session(session)
    registration = (
        Registration.objects.select_related("member__user")
        .filter(session=session, member=member)
        .active()
        .first()
    )
    if registration is None:
        raise RegistrationError(message=NOT_REGISTERED)
    had_place = registration.status == Registration.Status.REGISTERED
    registration.status = Registration.Status.CANCELLED
    registration.sequence += 1
    registration.save(update_fields=["status", "sequence", "updated_at"])
    registration.session = session
    if not had_place:
        return RegistrationOutcome(Outcome.LEFT_WAITLIST, registration)
    _tell(registration, "cancelled")
    _promote_waiting(session)
    return RegistrationOutcome(Outcome.CANCELLED_PLACE, registration)


def _promote_waiting(session: Session) -> list[Registration]:
    """Fill free places from the front of the waiting list. Caller holds the session lock."""
    if session.has_started:
        return []
    free = session.capacity - Registration.objects.filter(session=session).registered().count()
    if free <= 0:
        return []
    promoted = list(
        Registration.objects.filter(session=session)
        .waitlisted()
        .select_related("member__user")
        .in_queue_order()[:free]
    )
    for registration in promoted:
        registration.status = Registration.Status.REGISTERED
        registration.sequence += 1
        registration.save(update_fields=["status", "sequence", "updated_at"])
        registration.session = session
        _tell(registration, "promoted")
    return promoted


@transaction.atomic
def session_published(*, session: Session) -> None:
    """After an editor publishes: fill places a higher capacity opened up, and send an
    updated invitation to everyone registered if the time or place changed."""
    session = _locked_session(session)
    _promote_waiting(session)
    if session.sequence > session.notified_sequence:
        registered = Registration.objects.filter(session=session).registered()
        for registration in registered.select_related("member__user"):
            registration.session = session
            _tell(registration, "updated")
        Session.objects.filter(pk=session.pk).update(notified_sequence=session.sequence)


@transaction.atomic
def session_cancelled(*, session: Session) -> int:
    """An editor removed a session that has not happened yet: tell everyone holding a place
    or waiting for one, with a cancellation for the calendars of those with a place.

    Called as the session is deleted, while its registrations still exist."""
    if session.has_started:
        return 0
    told = 0
    for registration in (
        Registration.objects.filter(session=session).active().select_related("member__user")
    ):
        registration.session = session
        if registration.status == Registration.Status.REGISTERED:
            registration.status = Registration.Status.CANCELLED
            registration.sequence += 1
        _tell(registration, "session_cancelled")
        told += 1
    return told
