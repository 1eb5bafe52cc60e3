"""Journeys without dead ends: wherever a commissioner meets a provider they can book a session
(or are told what is missing), the same in every place; each member's own page lists their next
steps until they are done; empty pages say what to do next."""

import datetime as dt
import re

import pytest
from django.urls import reverse, reverse_lazy
from django.utils.html import escape

from masterclasses import services as masterclasses
from network.booking_time import LONDON
from network.models import Connection, MatchResponse
from network.services import bookings
from peer_support.models import CircleMembership
from tests.factories import (
    CircleFactory,
    MemberFactory,
    OpportunityFactory,
    SessionFactory,
    availability,
    match_profile,
)

pytestmark = pytest.mark.django_db

BOOK = re.compile(r'<a class="button button--small" href="/members/(\d+)/book/">Book a session')


def booked_from(html: str) -> set[int]:
    """The members a page offers "Book a session" with."""
    return {int(pk) for pk in BOOK.findall(html)}


def provider(*, takes_bookings: bool = True, **profile):
    member = MemberFactory(provider=True)
    match_profile(member, places=("cornwall",), **profile)
    if takes_bookings:
        availability(member)
    return member


def visit(client, member, url: str) -> str:
    client.force_login(member.user)
    response = client.get(url)
    assert response.status_code == 200
    return response.text


@pytest.fixture
def commissioner():
    member = MemberFactory(commissioner=True)
    match_profile(member, places=("cornwall",))
    return member


def test_a_commissioner_can_book_a_provider_from_each_place_they_meet(client, commissioner):
    bookable, closed = provider(), provider(takes_bookings=False)
    opportunity = OpportunityFactory(commissioner=commissioner)

    member_pages = {
        p.pk: visit(client, commissioner, p.get_absolute_url()) for p in (bookable, closed)
    }
    matches = visit(client, commissioner, reverse("network:suggestions"))
    fitting = visit(client, commissioner, opportunity.get_absolute_url())

    for html in (matches, fitting):
        assert booked_from(html) == {bookable.pk}
        assert escape(f"{closed.name} is not taking bookings at the moment.") in html
    assert booked_from(member_pages[bookable.pk]) == {bookable.pk}
    assert booked_from(member_pages[closed.pk]) == set()
    assert "is not taking bookings at the moment." in member_pages[closed.pk]

    # The button leads to a page that takes the booking.
    response = client.get(reverse("network:booking_create", args=[bookable.pk]))
    assert response.status_code == 200


def test_a_chief_executive_is_told_to_express_interest_first_then_can_book(client):
    chief = MemberFactory()
    other = MemberFactory()  # chief executives book each other once connected
    availability(other)
    page = visit(client, chief, other.get_absolute_url())
    assert booked_from(page) == set()
    assert escape(f"Express interest first: you can book a session with {other.name}") in page

    MatchResponse.objects.create(member=chief, other=other, kind=MatchResponse.Kind.INTEREST)
    page = visit(client, chief, other.get_absolute_url())
    assert escape(f"You can book a session with {other.name} once they are interested too.") in page

    first, second = sorted((chief, other), key=lambda m: m.pk)
    Connection.objects.create(first=first, second=second)
    page = visit(client, chief, other.get_absolute_url())
    assert booked_from(page) == {other.pk}


def test_a_member_who_offers_no_sessions_shows_no_booking_at_all(client, commissioner):
    page = visit(client, MemberFactory(provider=True), commissioner.get_absolute_url())
    assert "Book a session" not in page
    assert "not taking bookings" not in page


def test_an_interested_commissioner_is_listed_once_on_a_providers_matches(client, commissioner):
    member = provider()
    MatchResponse.objects.create(
        member=commissioner, other=member, kind=MatchResponse.Kind.INTEREST
    )
    page = visit(client, member, reverse("network:suggestions"))
    assert "Interested in meeting you" in page
    assert page.count(f'data-member="{commissioner.pk}"') == 1
    interested, _, suggested = page.partition("People you could work with")
    assert commissioner.name in interested
    assert commissioner.name not in suggested


def next_steps(client, member) -> list[str]:
    page = visit(client, member, member.get_absolute_url())
    section = page.partition('id="next-steps-heading"')[2].partition("</section>")[0]
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a></li>', section)


def test_next_steps_follow_each_role_until_done(client):
    session = SessionFactory()

    member = MemberFactory(provider=True)
    assert next_steps(client, member) == [
        "Complete your matching profile",
        "Set your availability",
        "Register for a masterclass",
    ]
    match_profile(member)
    availability(member)
    masterclasses.registration_create(member=member, session=session)
    assert next_steps(client, member) == []
    assert "Your next steps" not in client.get(member.get_absolute_url()).text

    member = MemberFactory(commissioner=True)
    assert next_steps(client, member) == [
        "Complete your matching profile",
        "Publish an opportunity",
        "Register for a masterclass",
    ]
    OpportunityFactory(commissioner=member)
    assert "Publish an opportunity" not in next_steps(client, member)

    member = MemberFactory()
    assert "Join a peer-support circle" in next_steps(client, member)
    CircleMembership.objects.create(circle=CircleFactory(), member=member)
    assert "Join a peer-support circle" not in next_steps(client, member)


def test_next_steps_are_only_on_your_own_page(client):
    page = visit(client, MemberFactory(), MemberFactory(provider=True).get_absolute_url())
    assert "Your next steps" not in page


EMPTY_STATES = [
    ("network:my_bookings", "commissioner", reverse_lazy("network:suggestions")),
    ("network:my_bookings", "provider", reverse_lazy("network:availability_edit")),
    ("network:connections", "commissioner", reverse_lazy("network:suggestions")),
    ("network:suggestions", "chief", reverse_lazy("network:match_profile_edit")),
    ("notifications:centre", "chief", reverse_lazy("network:suggestions")),
    ("peer_support:circle_list", "chief", "#open-circles"),
    ("masterclasses:my_masterclasses", "chief", "/masterclasses/"),
]


@pytest.mark.parametrize(("url_name", "role", "link"), EMPTY_STATES)
def test_empty_pages_say_what_to_do_next_and_link_to_it(client, url_name, role, link):
    member = {
        "commissioner": lambda: MemberFactory(commissioner=True),
        "provider": lambda: MemberFactory(provider=True),
        "chief": MemberFactory,
    }[role]()
    page = visit(client, member, reverse(url_name))
    assert f'href="{link}"' in page


def test_a_bookings_own_page_offers_its_calendar_file(client, commissioner):
    member = provider()
    now = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)
    booking = bookings.booking_request(
        requester=commissioner,
        provider=member,
        starts_at=dt.datetime(2026, 6, 3, 10, 0, tzinfo=LONDON),
        purpose="Talk",
        now=now,
    )
    page = visit(client, commissioner, booking.get_absolute_url())
    assert f'href="{reverse("network:booking_calendar", args=[booking.pk])}" download' in page
