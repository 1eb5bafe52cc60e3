import pytest
from django.utils.html import escape
from icalendar import Calendar

from masterclasses import services
from masterclasses.models import Registration
from tests.factories import MemberFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _url(session, action):
    return f"{session.page.url}sessions/{session.pk}/{action}/"


def test_a_member_registers_in_one_click_and_sees_the_joining_link(member_client, member):
    session = SessionFactory(online=True, capacity=3)
    before = member_client.get(session.page.url)
    assert "meet.example.org" not in before.text

    response = member_client.post(_url(session, "register"), follow=True)

    assert escape(services.REGISTERED) in response.text
    assert "You're registered." in response.text
    assert "https://meet.example.org/room-42" in response.text
    assert Registration.objects.get(session=session, member=member).status == "registered"


def test_the_joining_link_stays_hidden_from_waiting_and_anonymous_people(client, member_client):
    session = SessionFactory(online=True, capacity=1)
    RegistrationFactory(session=session)

    response = member_client.post(_url(session, "register"), follow=True)
    assert escape(services.WAITLISTED) in response.text
    assert "meet.example.org" not in response.text
    assert "meet.example.org" not in client.get(session.page.url).text


def test_registering_twice_says_so_and_changes_nothing(member_client, member):
    session = SessionFactory()
    member_client.post(_url(session, "register"))
    response = member_client.post(_url(session, "register"), follow=True)
    assert escape(services.ALREADY) in response.text
    assert Registration.objects.filter(member=member).count() == 1


def test_a_past_session_refuses_with_a_clear_message(member_client):
    session = SessionFactory(past=True)
    response = member_client.post(
        _url(session, "register"), follow=True, HTTP_REFERER=session.page.url
    )
    assert response.status_code == 200
    assert escape(services.SESSION_HAS_STARTED) in response.text
    assert not Registration.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    session = SessionFactory()
    response = client.post(_url(session, "register"))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert "Log in to register" in client.get(session.page.url).text


def test_registration_only_accepts_post(member_client):
    assert member_client.get(_url(SessionFactory(), "register")).status_code == 405


def test_a_session_of_another_masterclass_is_not_found(member_client):
    session, other = SessionFactory(), SessionFactory()
    response = member_client.post(f"{other.page.url}sessions/{session.pk}/register/")
    assert response.status_code == 404


def test_cancelling_from_my_masterclasses_frees_the_place(member_client, member):
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session, member=member)
    waiting = RegistrationFactory(session=session, status="waitlisted")

    page = member_client.get("/my-masterclasses/")
    assert session.page.title in page.text

    response = member_client.post(
        _url(session, "cancel"), {"next": "/my-masterclasses/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/my-masterclasses/"
    assert escape(services.CANCELLED) in response.text
    waiting.refresh_from_db()
    assert waiting.status == "registered"


def test_my_masterclasses_shows_waiting_list_position(member_client, member):
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session)
    RegistrationFactory(session=session, status="waitlisted")
    RegistrationFactory(session=session, status="waitlisted", member=member)

    response = member_client.get("/my-masterclasses/")
    assert "On the waiting list" in response.text
    assert "number 2 in the queue" in response.text


def test_my_masterclasses_needs_a_member(client):
    response = client.get("/my-masterclasses/")
    assert response.status_code == 302


def test_every_session_has_an_add_to_calendar_download_without_the_joining_link(client):
    session = SessionFactory(online=True)
    response = client.get(f"{session.page.url}sessions/{session.pk}/calendar/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    assert event["UID"] == f"masterclass-session-{session.pk}@commonground"
    assert "meet.example.org" not in response.content.decode()


def test_the_full_session_shows_the_waiting_list_button(member_client):
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session, member=MemberFactory())
    response = member_client.get(session.page.url)
    assert "Join the waiting list" in response.text
    assert "Full" in response.text
