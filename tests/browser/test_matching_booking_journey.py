"""A commissioner meets a provider through a suggestion and books time with them, in Chromium."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from network.booking_time import LONDON
from network.models import Booking
from tests.conftest import BOTH_WIDTHS, WIDTH_IDS, follow_link, log_in
from tests.factories import MemberFactory, availability, match_profile

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize("viewport", BOTH_WIDTHS, ids=WIDTH_IDS)
def test_commissioner_and_provider_match_connect_book_and_confirm(page, new_page):
    commissioner = MemberFactory(
        commissioner=True, user__first_name="Tamsin", user__last_name="Pascoe"
    )
    provider = MemberFactory(provider=True, user__first_name="Jory", user__last_name="Angove")
    match_profile(
        commissioner,
        outcomes=("loneliness-and-isolation", "older-people"),
        places=("cornwall",),
        seeks=("volunteers",),
    )
    match_profile(
        provider,
        outcomes=("loneliness-and-isolation",),
        places=("cornwall",),
        offers=("volunteers",),
    )
    availability(provider)

    # The commissioner sees the provider suggested, and why.
    log_in(page, commissioner.user.email)
    page.goto("/matches/")
    card = page.locator(".match", has_text="Jory Angove")
    card.get_by_text("You both work on loneliness and isolation.").wait_for()
    card.get_by_text("They offer volunteers, which you are looking for.").wait_for()
    card.get_by_role("button", name="Express interest in Jory Angove").click()
    page.get_by_text("noted your interest in Jory Angove").wait_for()

    # The provider, in their own browser, reciprocates.
    provider_page = new_page()
    log_in(provider_page, provider.user.email)
    provider_page.goto("/matches/")
    provider_page.get_by_role("heading", name="Interested in meeting you").wait_for()
    provider_page.get_by_role("button", name="Connect with Tamsin Pascoe").click()
    provider_page.get_by_text("You and Tamsin Pascoe are now connected.").wait_for()

    # The commissioner is told, and books the first open slot.
    page.goto("/matches/")
    page.get_by_text("You and Jory Angove (").first.wait_for()
    follow_link(page, "Connections")
    page.get_by_role("link", name="Book a session with Jory Angove").click()
    page.get_by_role("heading", name="Book a session with Jory Angove").wait_for()
    # Each day is its own group, and each time says which day it is on.
    first_day = page.locator("fieldset.slots__day").first
    day = first_day.locator("legend").inner_text()
    first_time = first_day.locator("input[name=slot]").first
    expect(first_time).to_have_accessible_name(re.compile(rf"^{day}, \d\d:\d\d"))
    page.get_by_role("group", name=day).get_by_role("radio").first.check()
    page.get_by_label("Purpose of the session").fill("Shape the rural isolation programme")
    page.get_by_label("Agenda").fill("1. What works already\n2. Where the gaps are")
    page.get_by_role("button", name="Request this session").click()
    page.get_by_text("Your request is with Jory Angove").wait_for()
    page.get_by_text("Awaiting confirmation").wait_for()

    # The provider confirms it from My bookings.
    provider_page.goto("/bookings/")
    provider_page.get_by_role("link", name="Shape the rural isolation programme").click()
    provider_page.get_by_role("button", name="Confirm session").click()
    provider_page.get_by_text("Session confirmed").wait_for()

    # Both see the confirmed session in My bookings, in the list and on the calendar.
    booking = Booking.objects.get()
    next_month = booking.starts_at.astimezone(LONDON).month != timezone.localdate().month
    for person in (page, provider_page):
        person.goto("/bookings/")
        row = person.locator(".booking", has_text="Shape the rural isolation programme")
        row.get_by_text("Confirmed").wait_for()
        person.get_by_role("link", name="Calendar").click()
        if next_month:
            person.get_by_role("link", name="Next month").click()
        # The month grid on a laptop, the agenda on a phone: whichever is shown has it.
        shown = person.get_by_role("link", name="Shape the rural isolation programme")
        shown.filter(visible=True).wait_for()

    assert booking.status == Booking.Status.CONFIRMED
    assert booking.requester == commissioner
    assert booking.provider == provider
