"""Booking rules: every bad input gets its own clear message; every change is announced."""

import datetime as dt

import pytest
from django.core.management import call_command
from icalendar import Calendar

from network.booking_time import LONDON
from network.models import Booking, Connection
from network.selectors.bookings import open_slots
from network.services import bookings as services
from network.services.bookings import BookingError
from tests.factories import MemberFactory, availability

pytestmark = pytest.mark.django_db

# Monday 1 June 2026, 08:00 UTC (09:00 BST).
NOW = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)


def at(day: int, hour: int, minute: int = 0, month: int = 6) -> dt.datetime:
    """A London wall time in June 2026 as an aware datetime."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def provider():
    member = MemberFactory(provider=True)
    availability(member)  # weekdays 09:00-17:00, 45 min + 15 min buffer, 24h notice
    return member


@pytest.fixture
def commissioner():
    return MemberFactory(commissioner=True)


def book(requester, provider, starts_at, **kwargs):
    kwargs.setdefault("purpose", "Talk about the loneliness programme")
    return services.booking_request(
        requester=requester, provider=provider, starts_at=starts_at, now=NOW, **kwargs
    )


def refused(template, call, *args, **kwargs):
    with pytest.raises(BookingError) as error:
        call(*args, **kwargs)
    assert error.value.template == template, str(error.value)
    return str(error.value)


def test_a_good_request_is_saved_awaiting_confirmation(commissioner, provider):
    booking = book(commissioner, provider, at(3, 10))
    assert booking.status == Booking.Status.REQUESTED
    assert booking.ends_at - booking.starts_at == dt.timedelta(minutes=45)
    assert booking.blocked_until - booking.ends_at == dt.timedelta(minutes=15)


def test_booking_in_the_past(commissioner, provider):
    refused(services.BOOKING_IN_PAST, book, commissioner, provider, NOW - dt.timedelta(hours=1))


def test_booking_inside_the_notice_period(commissioner, provider):
    message = refused(services.BOOKING_INSIDE_NOTICE, book, commissioner, provider, at(1, 15))
    assert "24 hours' notice" in message
    assert "Tuesday 2 June at 09:00" in message


@pytest.mark.parametrize(
    "when",
    [at(6, 10), at(3, 8, 30), at(3, 16, 30), at(3, 18)],
    ids=["saturday", "before-window", "runs-past-window", "evening"],
)
def test_booking_outside_availability(commissioner, provider, when):
    refused(services.BOOKING_OUTSIDE_AVAILABILITY, book, commissioner, provider, when)


def test_booking_overlapping_an_existing_session_or_its_buffer(commissioner, provider):
    book(commissioner, provider, at(3, 10))
    other = MemberFactory(commissioner=True)
    refused(services.BOOKING_OVERLAP, book, other, provider, at(3, 10, 30))
    refused(services.BOOKING_OVERLAP, book, other, provider, at(3, 10, 50))  # in the buffer
    refused(services.BOOKING_OVERLAP, book, other, provider, at(3, 9, 20))  # its buffer
    assert book(other, provider, at(3, 11)).pk


def test_declined_and_cancelled_sessions_free_the_time(commissioner, provider):
    booking = book(commissioner, provider, at(3, 10))
    services.booking_decline(booking=booking, by=provider, reason="Away that day")
    assert book(commissioner, provider, at(3, 10)).pk


def test_daily_and_weekly_caps(commissioner, provider):
    availability(provider, max_per_day=1, max_per_week=2)
    book(commissioner, provider, at(2, 10))
    refused(services.BOOKING_DAY_FULL, book, commissioner, provider, at(2, 14))
    book(commissioner, provider, at(3, 10))
    message = refused(services.BOOKING_WEEK_FULL, book, commissioner, provider, at(4, 10))
    assert "at most 2 sessions a week" in message
    assert book(commissioner, provider, at(8, 10)).pk  # next week


def test_requester_cannot_be_in_two_sessions_at_once(commissioner, provider):
    book(commissioner, provider, at(3, 10))
    elsewhere = MemberFactory(provider=True)
    availability(elsewhere)
    refused(services.BOOKING_REQUESTER_BUSY, book, commissioner, elsewhere, at(3, 10, 15))


def test_chief_executives_book_only_once_connected(provider):
    ceo = MemberFactory()
    refused(services.BOOKING_NEEDS_CONNECTION, book, ceo, provider, at(3, 10))
    first, second = sorted([ceo, provider], key=lambda m: m.pk)
    Connection.objects.create(first=first, second=second)
    assert book(ceo, provider, at(3, 10)).pk


def test_not_with_yourself_nor_someone_not_taking_bookings(commissioner, provider):
    refused(services.BOOKING_WITH_SELF, book, provider, provider, at(3, 10))
    availability(provider, accepting=False)
    refused(services.BOOKING_NOT_ACCEPTING, book, commissioner, provider, at(3, 10))
    refused(
        services.BOOKING_NOT_ACCEPTING, book, commissioner, MemberFactory(provider=True), at(3, 10)
    )


def test_one_off_window(commissioner, provider):
    availability(provider, weekdays=(), dates=(dt.date(2026, 6, 6),))  # a Saturday
    assert book(commissioner, provider, at(6, 10)).pk
    refused(services.BOOKING_OUTSIDE_AVAILABILITY, book, commissioner, provider, at(3, 10))


def test_clock_change_sessions_take_real_elapsed_time():
    """A one-off window on the night the clocks go back offers 01:30 twice, an hour apart."""
    provider = MemberFactory(provider=True)
    night = dt.date(2026, 10, 25)
    availability(provider, weekdays=(), dates=(night,), start=dt.time(0, 30), end=dt.time(3, 0))
    days = open_slots(provider=provider, now=dt.datetime(2026, 10, 20, tzinfo=dt.UTC))
    [day] = days
    assert [s.label for s in day.slots] == ["00:30", "01:30 BST", "01:30 GMT"]
    commissioner = MemberFactory(commissioner=True)
    second = day.slots[2].starts_at
    booking = services.booking_request(
        requester=commissioner,
        provider=provider,
        starts_at=second,
        purpose="Late night",
        now=dt.datetime(2026, 10, 20, tzinfo=dt.UTC),
    )
    assert booking.starts_at == dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)


def test_spring_forward_offers_no_time_that_does_not_exist():
    provider = MemberFactory(provider=True)
    night = dt.date(2026, 3, 29)
    availability(provider, weekdays=(), dates=(night,), start=dt.time(0, 30), end=dt.time(3, 30))
    [day] = open_slots(provider=provider, now=dt.datetime(2026, 3, 20, tzinfo=dt.UTC))
    assert [s.label for s in day.slots] == ["00:30", "02:30"]


def test_open_slots_leave_out_booked_and_too_soon_times(commissioner, provider):
    book(commissioner, provider, at(3, 10))
    days = {d.day: d for d in open_slots(provider=provider, now=NOW)}
    assert dt.date(2026, 6, 1) not in days  # inside the 24-hour notice
    wednesday = [s.label for s in days[dt.date(2026, 6, 3)].slots]
    assert "10:00" not in wednesday
    assert "09:00" in wednesday
    assert "11:00" in wednesday
    assert dt.date(2026, 6, 6) not in days  # Saturday


# --- Changes, emails and calendars -------------------------------------------------------------


def _ics(message):
    [part] = message.attachments
    assert part.get_filename() == "invite.ics"
    return Calendar.from_ical(part.get_payload(decode=True)), part


def test_every_change_emails_an_ics_with_stable_uid_and_rising_sequence(
    commissioner, provider, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(commissioner, provider, at(3, 10))
    [request] = mailoutbox
    assert request.to == [provider.user.email]
    assert "asked for a session" in request.body
    [(html, mimetype)] = request.alternatives
    assert mimetype == "text/html"
    assert "asked for a session" in html
    calendar, part = _ics(request)
    assert part.get_param("method") == "REQUEST"
    assert part["Content-Type"].count("charset") == 1
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    uid = str(event["UID"])
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == at(3, 10)

    with django_capture_on_commit_callbacks(execute=True):
        services.booking_confirm(booking=booking, by=provider)
    confirmed = list(mailoutbox[1:])
    assert {m.to[0] for m in confirmed} == {commissioner.user.email, provider.user.email}
    [event] = _ics(confirmed[0])[0].walk("VEVENT")
    assert str(event["UID"]) == uid
    assert event["SEQUENCE"] == 1
    assert str(event["STATUS"]) == "CONFIRMED"

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, by=commissioner, reason="Budget moved", now=NOW)
    calendar, part = _ics(mailoutbox[0])
    assert part.get_param("method") == "CANCEL"
    assert calendar["METHOD"] == "CANCEL"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == uid
    assert event["SEQUENCE"] == 2
    assert "Budget moved" in mailoutbox[0].body


def test_only_the_provider_confirms_or_declines(commissioner, provider):
    booking = book(commissioner, provider, at(3, 10))
    refused(services.BOOKING_NOT_YOURS, services.booking_confirm, booking=booking, by=commissioner)
    refused(
        services.BOOKING_REASON_REQUIRED,
        services.booking_decline,
        booking=booking,
        by=provider,
        reason=" ",
    )
    services.booking_confirm(booking=booking, by=provider)
    refused(services.BOOKING_NOT_PENDING, services.booking_confirm, booking=booking, by=provider)


def test_cancelling_inside_the_cancellation_notice(commissioner, provider):
    booking = book(commissioner, provider, at(3, 10))
    late = at(3, 10) - dt.timedelta(hours=2)
    message = refused(
        services.BOOKING_TOO_LATE_TO_CHANGE,
        services.booking_cancel,
        booking=booking,
        by=commissioner,
        reason="Clash",
        now=late,
    )
    assert "at least 24 hours" in message
    refused(
        services.BOOKING_TOO_LATE_TO_CHANGE,
        services.booking_reschedule,
        booking=booking,
        by=commissioner,
        starts_at=at(4, 10),
        reason="Clash",
        now=late,
    )
    # The provider can still call it off, with a reason.
    services.booking_cancel(booking=booking, by=provider, reason="Unwell", now=late)
    refused(
        services.BOOKING_NOT_ACTIVE,
        services.booking_cancel,
        booking=booking,
        by=provider,
        reason="Again",
        now=late,
    )


def test_cancelling_needs_a_reason_and_a_party(commissioner, provider):
    booking = book(commissioner, provider, at(3, 10))
    refused(
        services.BOOKING_REASON_REQUIRED,
        services.booking_cancel,
        booking=booking,
        by=commissioner,
        reason="",
        now=NOW,
    )
    refused(
        services.BOOKING_NOT_INVOLVED,
        services.booking_cancel,
        booking=booking,
        by=MemberFactory(),
        reason="Nosy",
        now=NOW,
    )


def test_rescheduling_checks_the_new_time_and_asks_for_confirmation_again(commissioner, provider):
    booking = book(commissioner, provider, at(3, 10))
    services.booking_confirm(booking=booking, by=provider)
    other = book(MemberFactory(commissioner=True), provider, at(4, 10))
    refused(
        services.BOOKING_OVERLAP,
        services.booking_reschedule,
        booking=booking,
        by=commissioner,
        starts_at=at(4, 10),
        reason="Clash",
        now=NOW,
    )
    # Moving by a few minutes within its own time is fine: it never overlaps itself.
    services.booking_reschedule(
        booking=booking, by=commissioner, starts_at=at(3, 10, 15), reason="Train", now=NOW
    )
    booking.refresh_from_db()
    assert booking.starts_at == at(3, 10, 15)
    assert booking.status == Booking.Status.REQUESTED
    assert booking.sequence == 2
    assert other.status == Booking.Status.REQUESTED


def test_reminders_go_out_once_a_day_before(
    commissioner, provider, mailoutbox, django_capture_on_commit_callbacks
):
    booking = book(commissioner, provider, at(3, 10))
    services.booking_confirm(booking=booking, by=provider)
    mailoutbox.clear()
    assert services.reminders_send(now=at(2, 9)) == 0  # more than a day ahead
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(now=at(2, 10, 30)) == 1
    assert {m.to[0] for m in mailoutbox} == {commissioner.user.email, provider.user.email}
    assert all(m.subject.startswith("[Common Ground] Reminder:") for m in mailoutbox)
    assert services.reminders_send(now=at(2, 11)) == 0


def test_reminder_command_runs(commissioner, provider, mailoutbox, capsys):
    call_command("send_booking_reminders")
    assert "0 reminders sent" in capsys.readouterr().out


class _DeadlockDetected(Exception):
    sqlstate = "40P01"


def _raise_from(cause):
    def save(self, *args, **kwargs):
        from django.db import OperationalError

        raise OperationalError("deadlock detected") from cause

    return save


def test_losing_a_deadlock_against_a_concurrent_booking_reads_as_taken(
    commissioner, provider, monkeypatch
):
    """On PostgreSQL two conflicting inserts can deadlock on the exclusion constraint; the
    victim gets the same clear message as any other loser of the race."""
    monkeypatch.setattr(Booking, "save", _raise_from(_DeadlockDetected()))
    refused(services.BOOKING_TAKEN, book, commissioner, provider, at(3, 10))


def test_other_database_errors_are_not_disguised(commissioner, provider, monkeypatch):
    from django.db import OperationalError

    monkeypatch.setattr(Booking, "save", _raise_from(RuntimeError("disk full")))
    with pytest.raises(OperationalError):
        book(commissioner, provider, at(3, 10))
