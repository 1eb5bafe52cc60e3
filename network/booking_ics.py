"""iCalendar for bookings: one event per booking, the same UID for its whole life.

Calendar apps match updates by UID and keep the highest SEQUENCE, so every change bumps
`Booking.sequence`; METHOD REQUEST adds or updates, METHOD CANCEL removes.
"""

from collections.abc import Iterable

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

from network.models import Booking

PRODID = "-//Common Ground//Bookings//EN"


def booking_uid(booking: Booking) -> str:
    return f"booking-{booking.uid}@commonground"


def _event(booking: Booking) -> Event:
    event = Event()
    event.add("uid", booking_uid(booking))
    event.add("sequence", booking.sequence)
    event.add("dtstamp", booking.updated_at)
    event.add("dtstart", booking.starts_at)
    event.add("dtend", booking.ends_at)
    event.add(
        "summary", f"{booking.purpose} ({booking.requester.name} and {booking.provider.name})"
    )
    description = booking.agenda or booking.purpose
    event.add("description", f"{description}\n\n{settings.SITE_URL}{booking.get_absolute_url()}")
    event.add(
        "status",
        {
            Booking.Status.CONFIRMED: "CONFIRMED",
            Booking.Status.REQUESTED: "TENTATIVE",
        }.get(booking.status, "CANCELLED"),
    )
    organizer = vCalAddress(f"mailto:{booking.provider.user.email}")
    organizer.params["cn"] = vText(booking.provider.name)
    event["organizer"] = organizer
    attendee = vCalAddress(f"mailto:{booking.requester.user.email}")
    attendee.params["cn"] = vText(booking.requester.name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    event.add("attendee", attendee, encode=0)
    return event


def _calendar(method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def booking_invite(booking: Booking) -> tuple[str, bytes]:
    """(METHOD, .ics bytes) for an email about `booking`'s current state."""
    method = "REQUEST" if booking.is_active else "CANCEL"
    calendar = _calendar(method)
    calendar.add_component(_event(booking))
    return method, calendar.to_ical()


def bookings_feed(bookings: Iterable[Booking], *, name: str) -> bytes:
    """A subscribable calendar of a member's sessions."""
    calendar = _calendar()
    calendar.add("x-wr-calname", name)
    for booking in bookings:
        calendar.add_component(_event(booking))
    return calendar.to_ical()
