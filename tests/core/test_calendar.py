"""The one .ics builder: what a calendar app needs to replace, not duplicate, an event."""

import datetime as dt
from email import message_from_bytes

import icalendar
from django.core.mail import EmailMessage

from core.calendar import (
    CalendarEvent,
    Method,
    Person,
    Status,
    calendar_attachment,
    calendar_bytes,
    calendar_response,
    event_uid,
)

START = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)


def _event(**changes) -> CalendarEvent:
    fields = {
        "uid": event_uid("booking", "3f1c"),
        "sequence": 0,
        "starts_at": START,
        "ends_at": START + dt.timedelta(minutes=45),
        "summary": "Talk about lots",
        "organizer": Person("provider@example.org", "Pat Provider"),
        "attendees": (Person("commissioner@example.org", "Cam Commissioner", "ACCEPTED"),),
    }
    return CalendarEvent(**(fields | changes))


def _parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def test_a_moved_event_keeps_its_uid_and_raises_its_sequence():
    before = _parse(calendar_bytes([_event()], method=Method.REQUEST)).events[0]
    after = _parse(
        calendar_bytes(
            [_event(starts_at=START + dt.timedelta(days=2), sequence=1)], method=Method.REQUEST
        )
    ).events[0]
    assert before["uid"] == after["uid"] == "booking-3f1c@commonground"
    assert (before["sequence"], after["sequence"]) == (0, 1)
    assert after.decoded("dtstart") != before.decoded("dtstart")


def test_times_are_written_in_london_time_with_the_zone_defined():
    data = calendar_bytes([_event()], method=Method.REQUEST)
    text = data.decode()
    assert "DTSTART;TZID=Europe/London:20261201T100000" in text
    calendar = _parse(data)
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    # Summer time: 10:00 UTC is 11:00 in London.
    summer = calendar_bytes([_event(starts_at=dt.datetime(2027, 7, 1, 10, tzinfo=dt.UTC))])
    assert "DTSTART;TZID=Europe/London:20270701T110000" in summer.decode()


def test_method_and_status_say_what_the_file_does():
    cancel = _parse(calendar_bytes([_event(status=Status.CANCELLED)], method=Method.CANCEL))
    assert cancel["method"] == "CANCEL"
    assert cancel.events[0]["status"] == "CANCELLED"
    feed = _parse(calendar_bytes([_event()], name="My sessions"))
    assert "method" not in feed
    assert feed["x-wr-calname"] == "My sessions"


def test_people_are_named_with_their_part():
    event = _parse(calendar_bytes([_event()])).events[0]
    assert str(event["organizer"]) == "mailto:provider@example.org"
    assert event["organizer"].params["CN"] == "Pat Provider"
    attendee = event["attendee"]
    assert str(attendee) == "mailto:commissioner@example.org"
    assert attendee.params["PARTSTAT"] == "ACCEPTED"


def test_an_emailed_invitation_names_its_charset_once():
    message = EmailMessage("Invitation", "See attached.", "a@example.org", ["b@example.org"])
    message.attach(calendar_attachment([_event()], method=Method.REQUEST))
    parsed = message_from_bytes(message.message().as_bytes())
    part = next(p for p in parsed.walk() if p.get_content_type() == "text/calendar")
    content_type = part["Content-Type"]
    assert content_type.lower().count("charset") == 1
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "invite.ics"
    assert b"UID:booking-3f1c@commonground" in part.get_payload(decode=True)


def test_a_download_is_an_attachment_of_calendar_type():
    response = calendar_response([_event()], filename="session.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="session.ics"'
    assert _parse(response.content)["method"] == "PUBLISH"
