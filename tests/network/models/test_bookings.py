"""A booking as calendar apps see it: one event for its whole life, updated in place."""

import datetime as dt

import pytest
from icalendar import Calendar

from core.calendar import Method, calendar_bytes
from network.booking_time import LONDON
from network.services import bookings as services
from tests.factories import MemberFactory, availability

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)


def event_of(booking):
    [event] = Calendar.from_ical(
        calendar_bytes([booking.calendar_event()], method=Method.REQUEST)
    ).walk("VEVENT")
    return event


@pytest.fixture
def booking():
    provider = MemberFactory(provider=True)
    availability(provider)
    return services.booking_request(
        requester=MemberFactory(commissioner=True),
        provider=provider,
        starts_at=dt.datetime(2026, 6, 3, 10, tzinfo=LONDON),
        purpose="Plan the pilot",
        now=NOW,
    )


def test_moving_a_session_keeps_its_uid_and_raises_its_sequence(booking):
    before = event_of(booking)
    services.booking_reschedule(
        booking=booking,
        by=booking.provider,
        starts_at=dt.datetime(2026, 6, 4, 14, tzinfo=LONDON),
        reason="Room clash",
        now=NOW,
    )
    booking.refresh_from_db()
    after = event_of(booking)
    assert str(after["UID"]) == str(before["UID"]) == f"booking-{booking.uid}@commonground"
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.decoded("DTSTART") == dt.datetime(2026, 6, 4, 14, tzinfo=LONDON)


def test_times_are_written_in_london_time_with_its_time_zone(booking):
    text = calendar_bytes([booking.calendar_event()]).decode()
    assert "DTSTART;TZID=Europe/London:20260603T100000" in text
    assert "BEGIN:VTIMEZONE" in text


def test_status_follows_the_booking(booking):
    assert str(event_of(booking)["STATUS"]) == "TENTATIVE"
    services.booking_confirm(booking=booking, by=booking.provider)
    assert str(event_of(booking)["STATUS"]) == "CONFIRMED"
    services.booking_cancel(booking=booking, by=booking.provider, reason="Unwell", now=NOW)
    assert str(event_of(booking)["STATUS"]) == "CANCELLED"
