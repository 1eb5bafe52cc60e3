"""Everything that writes registrations.

Capacity holds under concurrent requests because each write first locks the session's
row (SELECT ... FOR UPDATE on PostgreSQL; SQLite's immediate transactions serialise
writers), then counts and inserts inside the same transaction. The unique constraint on
(session, member) makes a double registration harmless even if two requests race.
"""

from django.db import transaction
from django.utils import timezone

from masterclasses.emails import send_registration_email
from masterclasses.models import Registration, Session
from network.models import Member

SESSION_HAS_STARTED = "This session has already started, so registration has closed."
NOT_OPEN = "This masterclass is not open for registration."
NOT_REGISTERED = "You are not registered for this session."


class RegistrationError(Exception):
    """A registration a member asked for that cannot happen; `message` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _email_after_commit(registration: Registration, kind: str) -> None:
    """Email once committed, describing the registration as it is now (not when sent)."""
    snapshot = {
        "registration_id": registration.pk,
        "kind": kind,
        "status": registration.status,
        "sequence": registration.sequence,
    }
    transaction.on_commit(lambda: send_registration_email(**snapshot))


def _locked_session(session: Session) -> Session:
    return Session.objects.select_for_update(of=("self",)).select_related("page").get(pk=session.pk)


@transaction.atomic
def registration_create(*, member: Member, session: Session) -> Registration:
    """Give `member` a place, or a place on the waiting list when the session is full.

    Registering again returns the existing registration unchanged.
    """
    session = _locked_session(session)
    if not session.page.live:
        raise RegistrationError(NOT_OPEN)
    existing = Registration.objects.filter(session=session, member=member).first()
    if existing is not None and existing.status != Registration.Status.CANCELLED:
        return existing
    if session.has_started:
        raise RegistrationError(SESSION_HAS_STARTED)

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
    _email_after_commit(
        registration, "confirmed" if status == Registration.Status.REGISTERED else "waitlisted"
    )
    return registration


@transaction.atomic
def registration_cancel(*, member: Member, session: Session) -> Registration:
    """Cancel `member`'s place or waiting-list entry; a freed place goes to the next in line."""
    session = _locked_session(session)
    registration = Registration.objects.filter(session=session, member=member).active().first()
    if registration is None:
        raise RegistrationError(NOT_REGISTERED)
    had_place = registration.status == Registration.Status.REGISTERED
    registration.status = Registration.Status.CANCELLED
    registration.sequence += 1
    registration.save(update_fields=["status", "sequence", "updated_at"])
    if had_place:
        _email_after_commit(registration, "cancelled")
        _promote_waiting(session)
    return registration


def _promote_waiting(session: Session) -> list[Registration]:
    """Fill free places from the front of the waiting list. Caller holds the session lock."""
    if session.has_started:
        return []
    free = session.capacity - Registration.objects.filter(session=session).registered().count()
    if free <= 0:
        return []
    promoted = list(
        Registration.objects.filter(session=session).waitlisted().in_queue_order()[:free]
    )
    for registration in promoted:
        registration.status = Registration.Status.REGISTERED
        registration.sequence += 1
        registration.save(update_fields=["status", "sequence", "updated_at"])
        _email_after_commit(registration, "promoted")
    return promoted


@transaction.atomic
def session_published(*, session: Session) -> None:
    """After an editor publishes: fill places a higher capacity opened up, and send an
    updated invitation to everyone registered if the time or place changed."""
    session = _locked_session(session)
    _promote_waiting(session)
    if session.sequence > session.notified_sequence:
        for registration in Registration.objects.filter(session=session).registered():
            _email_after_commit(registration, "updated")
        Session.objects.filter(pk=session.pk).update(notified_sequence=session.sequence)
