"""Writes for booking: availability, requests, and every change to a booking.

The no-double-booking guarantee is the database's: on PostgreSQL an exclusion constraint
(migration 0005) refuses a second active booking over the same provider time, even when
two requests arrive at once; on SQLite each write transaction holds the database lock
from its first statement, so the check below cannot race. Either way the person who loses
gets BOOKING_TAKEN, never a 500.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from core.calendar import Method, calendar_attachment
from core.errors import DomainError
from core.services import model_update
from network.booking_time import LONDON, window_bounds
from network.models import (
    Availability,
    AvailabilityWindow,
    Booking,
    CalendarFeed,
    Member,
    Opportunity,
)
from network.selectors.matching import are_connected, bookable_changed
from notifications.models import Kind
from notifications.services import PerRecipient, notify

BOOKING_IN_PAST = "That time has already passed. Choose a time in the future."
BOOKING_INSIDE_NOTICE = (
    "{name} needs at least {hours} hours' notice, so the earliest you can book is {earliest}."
)
BOOKING_OUTSIDE_AVAILABILITY = (
    "{name} is not available then. Choose one of the open times listed on this page."
)
BOOKING_OVERLAP = "{name} already has a session then (or too close to it). Choose another time."
BOOKING_TAKEN = "That time has just been taken by someone else. Choose another time."
BOOKING_DAY_FULL = "{name} takes at most {cap} sessions a day, and that day is full."
BOOKING_WEEK_FULL = "{name} takes at most {cap} sessions a week, and that week is full."
BOOKING_NOT_ACCEPTING = "{name} is not taking bookings at the moment."
BOOKING_NEEDS_CONNECTION = (
    "You can book a session with {name} once you are connected. Express interest in them first."
)
BOOKING_WITH_SELF = "You cannot book a session with yourself."
BOOKING_REQUESTER_BUSY = "You already have another session at that time."
BOOKING_TOO_LATE_TO_CHANGE = (
    "Sessions with {name} can only be cancelled or moved at least {hours} hours before they "
    "start. Please get in touch with them directly."
)
BOOKING_REASON_REQUIRED = "Give a reason, so the other person knows why."
BOOKING_NOT_PENDING = "Only a session awaiting confirmation can be confirmed or declined."
BOOKING_NOT_ACTIVE = "This session has already been cancelled or declined."
BOOKING_NOT_YOURS = "Only the provider can confirm or decline this session."
BOOKING_NOT_INVOLVED = "This session is not one of yours."
BOOKING_OPPORTUNITY_NOT_YOURS = "You can only book a session for one of your own opportunities."


class BookingError(DomainError):
    """A booking change refused; `template` is the named constant used, `message` the text."""

    code = "booking_refused"


def _local(when: dt.datetime) -> str:
    return f"{when.astimezone(LONDON):%A %-d %B at %H:%M}"


@dataclass(frozen=True)
class WindowInput:
    start_time: dt.time
    end_time: dt.time
    weekday: int | None = None
    date: dt.date | None = None


@transaction.atomic
def availability_save(
    *,
    member: Member,
    windows: Iterable[WindowInput],
    session_minutes: int = 45,
    buffer_minutes: int = 15,
    notice_hours: int = 24,
    cancellation_notice_hours: int = 24,
    max_per_day: int | None = None,
    max_per_week: int | None = None,
    accepting: bool = True,
) -> Availability:
    """Replace `member`'s booking rules and windows. Existing bookings are left as they are."""
    availability = Availability.objects.filter(member=member).first() or Availability(member=member)
    model_update(
        availability,
        session_minutes=session_minutes,
        buffer_minutes=buffer_minutes,
        notice_hours=notice_hours,
        cancellation_notice_hours=cancellation_notice_hours,
        max_per_day=max_per_day,
        max_per_week=max_per_week,
        accepting=accepting,
    )
    new = [
        AvailabilityWindow(
            availability=availability,
            weekday=w.weekday,
            date=w.date,
            start_time=w.start_time,
            end_time=w.end_time,
        )
        for w in windows
    ]
    for window in new:
        window.full_clean(exclude=["availability"])
    availability.windows.all().delete()
    AvailabilityWindow.objects.bulk_create(new)
    bookable_changed()  # bulk_create sends no signal
    return availability


def _inside_availability(
    availability: Availability,
    windows: list[AvailabilityWindow],
    start: dt.datetime,
    end: dt.datetime,
) -> bool:
    day = start.astimezone(LONDON).date()
    for window in windows:
        if window.date is not None and window.date != day:
            continue
        if window.date is None and window.weekday != day.weekday():
            continue
        lo, hi = window_bounds(day, window.start_time, window.end_time)
        if lo <= start and end <= hi:
            return True
    return False


def _check_slot(
    *,
    availability: Availability,
    provider: Member,
    requester: Member,
    starts_at: dt.datetime,
    now: dt.datetime,
    ignore: Booking | None = None,
) -> tuple[dt.datetime, dt.datetime]:
    """Every rule a new time must pass; returns (ends_at, blocked_until)."""
    name = provider.name
    if not availability.accepting:
        raise BookingError(message=BOOKING_NOT_ACCEPTING, name=name)
    if starts_at <= now:
        raise BookingError(message=BOOKING_IN_PAST)
    earliest = now + dt.timedelta(hours=availability.notice_hours)
    if starts_at < earliest:
        raise BookingError(
            message=BOOKING_INSIDE_NOTICE,
            name=name,
            hours=availability.notice_hours,
            earliest=_local(earliest),
        )
    ends_at = starts_at + dt.timedelta(minutes=availability.session_minutes)
    blocked_until = ends_at + dt.timedelta(minutes=availability.buffer_minutes)
    windows = list(availability.windows.all())
    if not _inside_availability(availability, windows, starts_at, ends_at):
        raise BookingError(message=BOOKING_OUTSIDE_AVAILABILITY, name=name)

    nearby = Booking.objects.active().filter(
        provider=provider,
        starts_at__lt=starts_at + dt.timedelta(days=8),
        starts_at__gt=starts_at - dt.timedelta(days=8),
    )
    if ignore is not None:
        nearby = nearby.exclude(pk=ignore.pk)
    day = starts_at.astimezone(LONDON).date()
    year_week = day.isocalendar()[:2]
    same_day = same_week = 0
    for other in nearby:
        if other.starts_at < blocked_until and starts_at < other.blocked_until:
            raise BookingError(message=BOOKING_OVERLAP, name=name)
        other_day = other.starts_at.astimezone(LONDON).date()
        same_day += other_day == day
        same_week += other_day.isocalendar()[:2] == year_week
    if availability.max_per_day is not None and same_day >= availability.max_per_day:
        raise BookingError(message=BOOKING_DAY_FULL, name=name, cap=availability.max_per_day)
    if availability.max_per_week is not None and same_week >= availability.max_per_week:
        raise BookingError(message=BOOKING_WEEK_FULL, name=name, cap=availability.max_per_week)

    mine = Booking.objects.active().filter(
        requester=requester, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if ignore is not None:
        mine = mine.exclude(pk=ignore.pk)
    if mine.exists():
        raise BookingError(message=BOOKING_REQUESTER_BUSY)
    return ends_at, blocked_until


def _locked_availability(provider: Member) -> Availability:
    """Lock the provider's rules row: bookings for one provider queue here on PostgreSQL, so
    the daily and weekly caps hold under concurrency too. The exclusion constraint stays the
    final word on overlaps."""
    availability = Availability.objects.select_for_update().filter(member=provider).first()
    if availability is None:
        raise BookingError(message=BOOKING_NOT_ACCEPTING, name=provider.name)
    return availability


DEADLOCK_DETECTED = "40P01"
# A booking's uid never changes, so saving it needs no uniqueness query.
_SAME_UID = ("uid",)


def _save_refusing_overlap(booking: Booking, **changes) -> None:
    """Validate and save (with `changes`), turning the database's refusal of an overlap
    into BOOKING_TAKEN.

    Two conflicting inserts checked against an exclusion constraint at the same moment can
    each wait for the other; PostgreSQL then aborts one as a deadlock victim. That loser
    has lost the race just as surely as one refused by the constraint.
    """
    try:
        with transaction.atomic():
            model_update(booking, exclude_clean=_SAME_UID, **changes)
    except IntegrityError as error:
        raise BookingError(message=BOOKING_TAKEN) from error
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == DEADLOCK_DETECTED:
            raise BookingError(message=BOOKING_TAKEN) from error
        raise


def _announce(
    booking: Booking,
    *,
    kind: str,
    subject: str,
    line: PerRecipient,
    to: Iterable[Member],
) -> None:
    """Tell people on site and by email (after commit), with the booking's .ics attached.

    `line` is both the on-site notification and the email's opening sentence; a function of
    the recipient where the person who acted reads it in the second person.
    """
    method = Method.REQUEST if booking.is_active else Method.CANCEL
    notify(
        to=list(to),
        template="network/email/booking",
        subject=subject,
        kind=kind,
        context={
            "booking": booking,
            "when": _local(booking.starts_at),
            "minutes": (booking.ends_at - booking.starts_at).seconds // 60,
        },
        url=booking.get_absolute_url(),
        text=line,
        attachments=[calendar_attachment([booking.calendar_event()], method=method)],
    )


def _by(actor: Member, *, own: str, other: str) -> PerRecipient:
    """The line about `actor`'s change: in the second person for the actor themselves."""
    return lambda recipient: own if recipient is not None and recipient.pk == actor.pk else other


@transaction.atomic
def booking_request(
    *,
    requester: Member,
    provider: Member,
    starts_at: dt.datetime,
    purpose: str,
    agenda: str = "",
    opportunity: Opportunity | None = None,
    now: dt.datetime | None = None,
) -> Booking:
    """Ask `provider` for a session at `starts_at`; the database refuses an overlap."""
    now = now or timezone.now()
    if requester.pk == provider.pk:
        raise BookingError(message=BOOKING_WITH_SELF)
    if requester.role != Member.Role.COMMISSIONER and not are_connected(requester, provider):
        raise BookingError(message=BOOKING_NEEDS_CONNECTION, name=provider.name)
    if opportunity is not None and opportunity.commissioner_id != requester.pk:
        raise BookingError(message=BOOKING_OPPORTUNITY_NOT_YOURS)
    availability = _locked_availability(provider)
    ends_at, blocked_until = _check_slot(
        availability=availability,
        provider=provider,
        requester=requester,
        starts_at=starts_at,
        now=now,
    )
    booking = Booking(
        provider=provider,
        requester=requester,
        opportunity=opportunity,
        starts_at=starts_at,
        ends_at=ends_at,
        blocked_until=blocked_until,
        purpose=purpose,
        agenda=agenda,
    )
    _save_refusing_overlap(booking)
    _announce(
        booking,
        kind=Kind.BOOKING_REQUESTED,
        subject=f"Session request from {requester.name}: {purpose}",
        line=f"{requester.name} asked for a session on {_local(starts_at)}: {purpose}. "
        "Please confirm or decline it.",
        to=[provider],
    )
    return booking


def _change(booking: Booking, **changes) -> None:
    """Save a change to an existing booking; every change raises its calendar SEQUENCE."""
    model_update(booking, sequence=booking.sequence + 1, exclude_clean=_SAME_UID, **changes)


def _lock(booking: Booking) -> None:
    """Read `booking` again under a row lock: a change decided on a copy read before another
    change committed (a confirmation while the other person erases their account) would
    otherwise undo that change."""
    booking.refresh_from_db(from_queryset=Booking.objects.select_for_update())


def _require_active(booking: Booking) -> None:
    if not booking.is_active:
        raise BookingError(message=BOOKING_NOT_ACTIVE)


@transaction.atomic
def booking_confirm(*, booking: Booking, by: Member) -> Booking:
    _lock(booking)
    if by.pk != booking.provider_id:
        raise BookingError(message=BOOKING_NOT_YOURS)
    if booking.status != Booking.Status.REQUESTED:
        raise BookingError(message=BOOKING_NOT_PENDING)
    _change(booking, status=Booking.Status.CONFIRMED)
    when = _local(booking.starts_at)
    _announce(
        booking,
        kind=Kind.BOOKING_CONFIRMED,
        subject=f"Session confirmed: {booking.purpose}",
        line=_by(
            by,
            own=f"You confirmed the session with {booking.requester.name} on {when}.",
            other=f"{by.name} confirmed your session on {when}.",
        ),
        to=[booking.requester, booking.provider],
    )
    return booking


@transaction.atomic
def booking_decline(*, booking: Booking, by: Member, reason: str) -> Booking:
    _lock(booking)
    if by.pk != booking.provider_id:
        raise BookingError(message=BOOKING_NOT_YOURS)
    if booking.status != Booking.Status.REQUESTED:
        raise BookingError(message=BOOKING_NOT_PENDING)
    if not reason.strip():
        raise BookingError(message=BOOKING_REASON_REQUIRED)
    _change(booking, status=Booking.Status.DECLINED, change_reason=reason.strip())
    _announce(
        booking,
        kind=Kind.BOOKING_DECLINED,
        subject=f"Session declined: {booking.purpose}",
        line=f"{booking.provider.name} declined your session on {_local(booking.starts_at)}: "
        f"{booking.change_reason}",
        to=[booking.requester],
    )
    return booking


def _check_can_change(
    booking: Booking, by: Member, reason: str, now: dt.datetime, *, closing_account: bool = False
) -> Member:
    """The other person, once `by` may still change `booking` with `reason`.

    Someone closing their account cancels whatever the notice rules say."""
    _lock(booking)
    if by.pk not in (booking.provider_id, booking.requester_id):
        raise BookingError(message=BOOKING_NOT_INVOLVED)
    _require_active(booking)
    if not reason.strip():
        raise BookingError(message=BOOKING_REASON_REQUIRED)
    if closing_account:
        return booking.requester if by.pk == booking.provider_id else booking.provider
    hours = (
        Availability.objects.filter(member_id=booking.provider_id)
        .values_list("cancellation_notice_hours", flat=True)
        .first()
    )
    hours = 0 if hours is None else hours
    if by.pk == booking.requester_id and booking.starts_at - now < dt.timedelta(hours=hours):
        raise BookingError(
            message=BOOKING_TOO_LATE_TO_CHANGE, name=booking.provider.name, hours=hours
        )
    return booking.requester if by.pk == booking.provider_id else booking.provider


@transaction.atomic
def booking_cancel(
    *,
    booking: Booking,
    by: Member,
    reason: str,
    now: dt.datetime | None = None,
    closing_account: bool = False,
) -> Booking:
    """Cancel within the provider's cancellation notice (the provider may always cancel, and
    so may someone erasing their account: `closing_account`)."""
    other = _check_can_change(
        booking, by, reason, now or timezone.now(), closing_account=closing_account
    )
    _change(booking, status=Booking.Status.CANCELLED, change_reason=reason.strip())
    when, reason = _local(booking.starts_at), booking.change_reason
    _announce(
        booking,
        kind=Kind.BOOKING_CANCELLED,
        subject=f"Session cancelled: {booking.purpose}",
        line=_by(
            by,
            own=f"You cancelled the session with {other.name} on {when}: {reason}",
            other=f"{by.name} cancelled the session on {when}: {reason}",
        ),
        to=[other, by],
    )
    return booking


@transaction.atomic
def booking_reschedule(
    *,
    booking: Booking,
    by: Member,
    starts_at: dt.datetime,
    reason: str,
    now: dt.datetime | None = None,
) -> Booking:
    """Move a session; the new time passes every rule a new booking does. When the requester
    moves it, the provider confirms again."""
    now = now or timezone.now()
    other = _check_can_change(booking, by, reason, now)
    availability = _locked_availability(booking.provider)
    ends_at, blocked_until = _check_slot(
        availability=availability,
        provider=booking.provider,
        requester=booking.requester,
        starts_at=starts_at,
        now=now,
        ignore=booking,
    )
    old = booking.starts_at
    _save_refusing_overlap(
        booking,
        starts_at=starts_at,
        ends_at=ends_at,
        blocked_until=blocked_until,
        change_reason=reason.strip(),
        sequence=booking.sequence + 1,
        reminder_sent_at=None,
        # When the requester moves it, the provider confirms again.
        status=Booking.Status.REQUESTED if by.pk == booking.requester_id else booking.status,
    )
    moved, reason = f"from {_local(old)} to {_local(starts_at)}", booking.change_reason
    _announce(
        booking,
        kind=Kind.BOOKING_RESCHEDULED,
        subject=f"Session moved: {booking.purpose}",
        line=_by(
            by,
            own=f"You moved the session with {other.name} {moved}: {reason}",
            other=f"{by.name} moved the session {moved}: {reason}",
        ),
        to=[other, by],
    )
    return booking


@transaction.atomic
def calendar_feed_create(*, member: Member) -> CalendarFeed:
    """The member's private feed: made when they first ask for its link, then kept."""
    feed, _ = CalendarFeed.objects.get_or_create(member=member)
    return feed


@transaction.atomic
def calendar_feed_reset(*, member: Member) -> CalendarFeed:
    """A new secret: the old feed URL stops working at once."""
    feed = calendar_feed_create(member=member)
    feed.reset()
    feed.save(update_fields=["token"])
    return feed


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Email both people about confirmed sessions starting in the next 24 hours, once each.

    Safe to run from cron every few minutes, even twice at once: the conditional update
    claims each booking for exactly one run.
    """
    now = now or timezone.now()
    due = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + dt.timedelta(hours=24),
    ).with_people()
    sent = 0
    for booking in due:
        claimed = Booking.objects.filter(pk=booking.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if not claimed:
            continue
        with transaction.atomic():
            _announce(
                booking,
                kind=Kind.BOOKING_REMINDER,
                subject=f"Reminder: {booking.purpose}, {_local(booking.starts_at)}",
                line=f"Reminder: your session with "
                f"{booking.requester.name} and {booking.provider.name} is on "
                f"{_local(booking.starts_at)}.",
                to=[booking.requester, booking.provider],
            )
        sent += 1
    return sent
