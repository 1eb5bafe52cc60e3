"""iCalendar files for sessions, built with `icalendar`.

One event per member and session, with a UID that never changes, so an update (higher
SEQUENCE) or a cancellation (METHOD:CANCEL) replaces the event already in their calendar.
"""

from datetime import UTC, datetime
from email.utils import parseaddr

from django.conf import settings
from django.utils.html import strip_tags
from icalendar import Calendar, Event, vCalAddress, vText

from masterclasses.models import Registration, Session

PRODID = "-//Common Ground//Masterclasses//EN"


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return calendar


def _event(session: Session, *, uid: str, sequence: int, show_joining_link: bool) -> Event:
    page = session.page
    url = settings.SITE_URL + page.url if page.url else settings.SITE_URL
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", session.start.astimezone(UTC))
    event.add("dtend", session.end.astimezone(UTC))
    event.add("summary", f"Masterclass: {page.title}")
    description = [strip_tags(page.summary), "", url]
    if show_joining_link and session.joining_url:
        description[1:1] = ["", f"Join online: {session.joining_url}"]
    event.add("description", "\n".join(description))
    location = session.venue or ("Online" if session.joining_url else "")
    if show_joining_link and session.joining_url and not session.venue:
        location = session.joining_url
    if location:
        event.add("location", location)
    event.add("url", url)
    organiser_name, organiser_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{organiser_email}")
    organizer.params["cn"] = vText(organiser_name or "Common Ground")
    event.add("organizer", organizer)
    return event


def session_download(session: Session) -> bytes:
    """The public "add to calendar" file (no joining link: that is for registered members)."""
    calendar = _calendar("PUBLISH")
    calendar.add_component(
        _event(
            session,
            uid=f"masterclass-session-{session.pk}@commonground",
            sequence=session.sequence,
            show_joining_link=False,
        )
    )
    return calendar.to_ical()


def registration_invitation(registration: Registration) -> bytes:
    """METHOD:REQUEST for a confirmed place, METHOD:CANCEL once it is cancelled."""
    cancelled = registration.status == Registration.Status.CANCELLED
    calendar = _calendar("CANCEL" if cancelled else "REQUEST")
    event = _event(
        registration.session,
        uid=registration.calendar_uid,
        sequence=registration.calendar_sequence,
        show_joining_link=not cancelled,
    )
    user = registration.member.user
    attendee = vCalAddress(f"mailto:{user.email}")
    attendee.params["cn"] = vText(str(user))
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("DECLINED" if cancelled else "ACCEPTED")
    event.add("attendee", attendee, encode=0)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()
