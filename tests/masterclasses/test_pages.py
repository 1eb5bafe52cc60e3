"""Masterclass and guidance pages: listings, feeds, home page, and registering for a session."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils.html import escape
from icalendar import Calendar
from wagtail.embeds.exceptions import EmbedNotFoundException

from masterclasses import services
from masterclasses.models import Registration
from tests.factories import (
    GuidancePageFactory,
    MasterclassPageFactory,
    MemberFactory,
    RegistrationFactory,
    SessionFactory,
    topic,
)

pytestmark = pytest.mark.django_db


def _titles(response):
    return [page.title for page in response.context["page_obj"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Alliances on the Wirral", "Assets in Cornwall"]),
        ("?topic=asset-based-approaches", ["Assets in Cornwall"]),
        ("?audience=commissioners", ["Alliances on the Wirral", "Assets in Cornwall"]),
        ("?audience=chief_executives", ["Assets in Cornwall"]),
        ("?place=wirral", ["Alliances on the Wirral"]),
        ("?place=north-west", ["Alliances on the Wirral"]),  # a region includes its areas
        ("?format=online", ["Assets in Cornwall"]),
        ("?when=past", ["Last year's outcomes masterclass"]),
    ],
)
def test_listing_filters(client, catalogue, query, expected):
    response = client.get(f"/masterclasses/{query}")
    assert response.status_code == 200
    assert sorted(_titles(response)) == sorted(expected)


@pytest.mark.parametrize(
    "query",
    ["?topic=no-such-topic", "?format=teleport", "?when=tomorrow"],
)
def test_malformed_filters_get_a_clear_400_not_a_500(client, catalogue, query):
    response = client.get(f"/masterclasses/{query}")
    assert response.status_code == 400
    assert "There is a problem" in response.text


@pytest.mark.parametrize("page", ["abc", "-1", "99999", "1.5"])
def test_malformed_page_numbers_give_a_normal_page(client, catalogue, page):
    response = client.get(f"/masterclasses/?page={page}")
    assert response.status_code == 200


def test_listing_paginates(client):
    for _ in range(13):
        SessionFactory()
    first = client.get("/masterclasses/")
    second = client.get("/masterclasses/?page=2")
    assert len(_titles(first)) == 12
    assert len(_titles(second)) == 1
    assert 'rel="next"' in first.text


def test_guidance_listing_filters_by_topic_and_rejects_unknown_ones(client):
    GuidancePageFactory(title="Alliance checklist", topics=[topic("governance")])
    GuidancePageFactory(title="Asset mapping", topics=[topic("asset-based-approaches")])
    response = client.get("/guidance/?topic=governance")
    assert _titles(response) == ["Alliance checklist"]
    assert client.get("/guidance/?topic=nope").status_code == 400


def test_draft_masterclasses_are_not_found_or_listed(client, catalogue):
    catalogue["wirral"].unpublish()
    assert "Alliances on the Wirral" not in _titles(client.get("/masterclasses/"))
    groups = client.get("/search/?q=alliance").context["groups"]
    assert {group.kind: group.results for group in groups}["masterclasses"] == []


@pytest.mark.parametrize(
    ("url", "marker"),
    [
        ("/masterclasses/feed/", "<rss"),
        ("/masterclasses/feed/atom/", "<feed"),
    ],
)
def test_masterclass_feeds(client, catalogue, url, marker):
    response = client.get(url)
    assert response.status_code == 200
    assert marker in response.text
    assert "Alliances on the Wirral" in response.text


def test_guidance_feeds(client):
    GuidancePageFactory(title="Outcomes without paperwork")
    assert "Outcomes without paperwork" in client.get("/guidance/feed/").text
    assert "Outcomes without paperwork" in client.get("/guidance/feed/atom/").text


def test_sitemap_lists_masterclasses_and_guidance(client, catalogue):
    guidance = GuidancePageFactory()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert catalogue["wirral"].url in response.text
    assert guidance.url in response.text


def test_pages_have_titles_descriptions_and_open_graph_tags(client, catalogue):
    page = catalogue["wirral"]
    response = client.get(page.url)
    assert f"<title>{page.title} · Common Ground</title>" in response.text
    assert f'<meta name="description" content="{page.summary}">' in response.text
    assert f'<meta property="og:title" content="{page.title}">' in response.text
    assert '<meta property="og:type" content="article">' in response.text


def test_home_page_shows_upcoming_masterclasses_guidance_and_the_peer_invitation(client, catalogue):
    GuidancePageFactory(title="What is collaborative commissioning?")
    response = client.get("/")
    assert "Alliances on the Wirral" in response.text
    assert "Last year's outcomes masterclass" not in response.text
    assert "What is collaborative commissioning?" in response.text
    assert "Find your peers" in response.text


def test_a_video_that_cannot_be_embedded_becomes_a_link(client):
    page = MasterclassPageFactory(
        body=[
            (
                "video",
                {"url": "https://www.youtube.com/watch?v=abc", "title": "Alliance stories"},
            )
        ]
    )
    with mock.patch(
        "wagtail.embeds.embeds.get_embed", side_effect=EmbedNotFoundException("offline")
    ):
        response = client.get(page.url)
        assert response.status_code == 200
        assert 'href="https://www.youtube.com/watch?v=abc">Alliance stories</a>' in response.text
    with mock.patch("wagtail.embeds.embeds.get_embed", side_effect=OSError("no network")):
        assert client.get(page.url).status_code == 200


# --- Registering for a session, and its calendar file -----------------------------------


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


def test_a_moved_session_keeps_its_calendar_uid_and_raises_its_sequence(client):
    session = SessionFactory()
    url = f"{session.page.url}sessions/{session.pk}/calendar/"
    (before,) = Calendar.from_ical(client.get(url).content).walk("VEVENT")
    session.start += timedelta(days=1)
    session.end += timedelta(days=1)
    session.save()
    (after,) = Calendar.from_ical(client.get(url).content).walk("VEVENT")
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.decoded("DTSTART") == session.start


def test_a_member_sees_the_places_left_change_as_others_register(member_client):
    session = SessionFactory(capacity=10)
    assert "10 of 10 places left" in member_client.get(session.page.url).text

    RegistrationFactory(session=session, member=MemberFactory())

    assert "9 of 10 places left" in member_client.get(session.page.url).text


def test_each_member_sees_only_their_own_registration(client, member_client, member):
    session = SessionFactory(capacity=10)
    RegistrationFactory(session=session, member=member)
    assert "You're registered." in member_client.get(session.page.url).text

    client.force_login(MemberFactory().user)
    page = client.get(session.page.url).text

    assert "You're registered." not in page
    assert "9 of 10 places left" in page
