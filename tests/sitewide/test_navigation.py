"""The header: one compact menu that works without JavaScript, the current section marked,
Guidance and Search always there."""

import re

import pytest

from notifications.models import Notification
from sitewide.navigation import section_for
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _current(page: str) -> list[str]:
    """The text of every header link marked as the current page."""
    header = page.split("</header>")[0]
    return re.findall(r'aria-current="page"[^>]*>([^<]+)<', header)


def test_the_menu_is_a_disclosure_that_needs_no_script(client):
    page = client.get("/").text

    assert '<details class="menu" data-disclosure>' in page
    assert '<summary class="menu__toggle">Menu</summary>' in page
    header = page.split("</header>")[0]
    assert "<script" not in header
    assert " style=" not in header
    assert "onclick" not in header


def test_guidance_and_search_are_in_the_header_for_everyone(client):
    header = client.get("/").text.split("</header>")[0]

    assert '<a href="/guidance/">Guidance</a>' in header
    assert '<a class="header-search" href="/search/">Search</a>' in header
    assert "Circles" not in header  # member-only sections wait until someone has joined


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/circles/", "Circles"),
        ("/matches/", "Matches and bookings"),
        ("/bookings/", "Matches and bookings"),
        ("/bookings/availability/", "Matches and bookings"),
        ("/opportunities/", "Matches and bookings"),
        ("/members/", "Members"),
        ("/my-masterclasses/", "Masterclasses"),
        ("/notifications/", "Notifications"),
        ("/search/", "Search"),
    ],
)
def test_the_current_section_is_marked_for_a_member(member_client, path, current):
    response = member_client.get(path)

    assert response.status_code == 200
    assert _current(response.text) == [current]


def test_a_members_own_page_marks_their_name_and_anothers_marks_members(member_client, member):
    other = MemberFactory()
    own = member_client.get("/members/me/", follow=True).text
    assert _current(own) == [member.user.get_full_name()]
    assert _current(member_client.get(f"/members/{other.pk}/").text) == ["Members"]


def test_the_log_in_page_marks_log_in(client):
    assert _current(client.get("/accounts/login/").text) == ["Log in"]


def test_pages_outside_every_section_mark_nothing(client):
    assert _current(client.get("/").text) == []


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/masterclasses/north-west-leaders-academy/some-masterclass/", "masterclasses"),
        ("/guidance/forming-an-alliance/", "guidance"),
        ("/members/12/book/", "matching"),
        ("/members/12/", "members"),
        ("/circles/north-west/threads/3/", "circles"),
        ("/privacy/", ""),
    ],
)
def test_deeper_pages_belong_to_their_section(path, section):
    assert section_for(path) == section


def test_the_matching_sub_menu_is_one_line_on_a_phone_naming_the_current_page(member_client):
    page = member_client.get("/bookings/").text

    assert '<details class="subnav" data-disclosure>' in page
    summary = re.search(r"<summary>(.*?)</summary>", page, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", summary).split() == [
        "Matches",
        "and",
        "bookings:",
        "My",
        "bookings",
    ]


def test_on_a_phone_the_closed_menu_still_shows_the_unread_count(member_client, member):
    for text in ("First", "Second"):
        Notification.objects.create(member=member, text=text, url="/")

    header = member_client.get("/circles/").text.split("</header>")[0]

    summary = re.search(r'<summary class="menu__toggle">(.*?)</summary>', header, re.S).group(1)
    assert "<span data-unread-count>2</span>" in summary
    assert "unread notifications" in summary
    assert header.count("data-unread-badge") == 2  # and on the Notifications link in the menu
