"""The one builder of iCalendar (.ics) data: bookings, masterclass sessions, circle meetings.

Calendar apps match an update to the event they already hold by UID and keep the highest
SEQUENCE. So every event here has a UID that never depends on its time (a moved meeting
replaces itself rather than appearing twice), its owner raises `sequence` on every change,
and METHOD says what an emailed file does: REQUEST adds or updates, CANCEL removes, PUBLISH
(downloads and feeds) only shows. Times are written in Europe/London with its VTIMEZONE.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.mime.text import MIMEText
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from icalendar import Calendar, Event, vCalAddress, vText

LONDON = ZoneInfo("Europe/London")
PRODID = "-//Common Ground//commonground//EN"
UID_DOMAIN = "commonground"


class Method:
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"
    PUBLISH = "PUBLISH"


class Status:
    CONFIRMED = "CONFIRMED"
    TENTATIVE = "TENTATIVE"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class Person:
    email: str
    name: str = ""
    # RFC 5545 PARTSTAT for attendees: ACCEPTED, DECLINED, NEEDS-ACTION, TENTATIVE.
    partstat: str = ""


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    sequence: int
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    status: str = Status.CONFIRMED
    organizer: Person | None = None
    attendees: tuple[Person, ...] = field(default_factory=tuple)
    # When the event last changed (DTSTAMP); defaults to now.
    updated_at: dt.datetime | None = None


def event_uid(kind: str, key: object) -> str:
    """A UID from a kind and a key that never changes (a primary key or a stored UUID)."""
    return f"{kind}-{key}@{UID_DOMAIN}"


def _address(person: Person, *, attendee: bool) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["cn"] = vText(person.name)
    if attendee:
        address.params["role"] = vText("REQ-PARTICIPANT")
        if person.partstat:
            address.params["partstat"] = vText(person.partstat)
    return address


def _component(item: CalendarEvent) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("sequence", item.sequence)
    event.add("dtstamp", (item.updated_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC))
    event.add("dtstart", item.starts_at.astimezone(LONDON))
    if item.ends_at is not None:
        event.add("dtend", item.ends_at.astimezone(LONDON))
    event.add("summary", item.summary)
    event.add("status", item.status)
    if item.description:
        event.add("description", item.description)
    if item.location:
        event.add("location", item.location)
    if item.url:
        event.add("url", item.url)
    if item.organizer is not None:
        event.add("organizer", _address(item.organizer, attendee=False))
    for person in item.attendees:
        event.add("attendee", _address(person, attendee=True), encode=0)
    return event


def calendar_bytes(
    events: Iterable[CalendarEvent], *, method: str | None = None, name: str = ""
) -> bytes:
    """The .ics text of `events`; `name` titles a subscribed feed."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    for item in events:
        calendar.add_component(_component(item))
    calendar.add_missing_timezones(first_date=dt.date(2020, 1, 1), last_date=dt.date(2040, 1, 1))
    return calendar.to_ical()


def calendar_response(
    events: Iterable[CalendarEvent],
    *,
    filename: str,
    method: str | None = Method.PUBLISH,
    name: str = "",
    download: bool = True,
) -> HttpResponse:
    response = HttpResponse(
        calendar_bytes(events, method=method, name=name),
        content_type="text/calendar; charset=utf-8",
    )
    if download:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def calendar_attachment(
    events: Iterable[CalendarEvent], *, method: str, filename: str = "invite.ics"
) -> MIMEText:
    """An email part for an invitation: `text/calendar; charset="utf-8"; method=...`, once each.

    (Handing Django a mimetype that already names a charset makes it add a second one.)
    """
    part = MIMEText(calendar_bytes(events, method=method).decode(), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part
