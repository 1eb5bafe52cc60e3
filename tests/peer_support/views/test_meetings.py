"""The next meeting: the facilitator's form and the members' calendar file."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

pytestmark = pytest.mark.django_db


def ics_event(client, circle):
    response = client.get(reverse("peer_support:meeting_ics", kwargs={"slug": circle.slug}))
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    return response.content.decode(), event


def set_meeting(client, circle, starts: str, ends: str):
    return client.post(
        reverse("peer_support:meeting_edit", kwargs={"slug": circle.slug}),
        {"starts_at": starts, "ends_at": ends, "link": "meet.example.org/circle"},
    )


def test_the_next_meeting_downloads_as_ics_in_uk_time(facilitator_client, circle):
    set_meeting(facilitator_client, circle, "2030-07-10 10:00", "2030-07-10 11:00")
    text, event = ics_event(facilitator_client, circle)
    assert "DTSTART;TZID=Europe/London:20300710T100000" in text
    assert "BEGIN:VTIMEZONE" in text
    assert event.decoded("dtstart").utcoffset() == timedelta(hours=1)  # BST
    assert str(event["location"]) == "https://meet.example.org/circle"
    assert circle.get_absolute_url() in str(event["description"])


def test_a_moved_meeting_keeps_its_uid_and_raises_its_sequence(facilitator_client, circle):
    set_meeting(facilitator_client, circle, "2030-01-10 10:00", "2030-01-10 11:00")
    _, before = ics_event(facilitator_client, circle)
    set_meeting(facilitator_client, circle, "2030-01-17 10:00", "2030-01-17 11:00")
    _, after = ics_event(facilitator_client, circle)
    assert str(after["uid"]) == str(before["uid"])
    assert "2030" not in str(after["uid"])  # never derived from the time
    assert after["sequence"] == before["sequence"] + 1
    assert after.decoded("dtstart").day == 17


def test_there_is_no_calendar_file_without_a_meeting(alice_client, circle):
    url = reverse("peer_support:meeting_ics", kwargs={"slug": circle.slug})
    assert alice_client.get(url).status_code == 404


def test_a_meeting_that_ends_before_it_starts_is_refused(facilitator_client, circle):
    response = set_meeting(facilitator_client, circle, "2030-01-10 10:00", "2030-01-10 09:00")
    assert response.status_code == 400
    assert "must end after it starts" in response.content.decode()
    circle.refresh_from_db()
    assert circle.next_meeting_starts_at is None


def test_the_circle_page_shows_the_upcoming_meeting(alice_client, circle):
    circle.next_meeting_starts_at = timezone.now() + timedelta(days=2)
    circle.save()
    page = alice_client.get(circle.get_absolute_url()).content.decode()
    assert "Add to your calendar (.ics)" in page
