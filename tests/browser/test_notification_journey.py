"""A commissioner books a provider from the provider's own page; the provider, in another
browser, sees the header badge rise while the page stays open, opens the notification and
confirms; the commissioner sees the confirmation arrive the same way. In Chromium, on a phone
and on a laptop."""

import pytest
from playwright.sync_api import expect

from tests.conftest import log_in
from tests.factories import MemberFactory, availability

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def open_with_live_badge(page, url: str) -> None:
    """Open `url` and wait until its badge socket has joined the member's group (the socket
    answers with the current count once it has, and the page marks itself live)."""
    page.goto(url)
    page.locator("html[data-unread-live]").wait_for(state="attached")


def badge_count(page):
    """The count in the header's badge (a phone's Menu button carries a copy of it)."""
    return page.locator("[data-unread-badge] [data-unread-count]").first


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "laptop"])
def test_a_booking_request_and_its_confirmation_arrive_live(page, new_page, width):
    commissioner = MemberFactory(
        commissioner=True, user__first_name="Tamsin", user__last_name="Pascoe"
    )
    provider = MemberFactory(provider=True, user__first_name="Jory", user__last_name="Angove")
    availability(provider)
    page.set_viewport_size({"width": width, "height": 900})
    provider_page = new_page()
    provider_page.set_viewport_size({"width": width, "height": 900})

    # The provider is on the site with nothing unread.
    log_in(provider_page, provider.user.email)
    open_with_live_badge(provider_page, "/bookings/")
    assert all(b.is_hidden() for b in provider_page.locator("[data-unread-badge]").all())

    # The commissioner books from the provider's member page.
    log_in(page, commissioner.user.email)
    page.goto(provider.get_absolute_url())
    page.get_by_role("link", name="Book a session with Jory Angove").click()
    page.get_by_role("heading", name="Book a session with Jory Angove").wait_for()
    page.locator('input[name="slot"]').first.check()
    page.get_by_label("Purpose of the session").fill("Plan the befriending pilot")
    page.get_by_role("button", name="Request this session").click()
    page.get_by_text("Your request is with Jory Angove").wait_for()
    open_with_live_badge(page, "/bookings/")

    # Without reloading, the provider's badge rises; they open the notification and confirm.
    expect(badge_count(provider_page)).to_have_text("1")
    badges = provider_page.locator("[data-unread-badge]").all()
    assert all(b.get_attribute("hidden") is None for b in badges)
    provider_page.goto("/notifications/")
    provider_page.get_by_role("link", name="Tamsin Pascoe asked for a session").click()
    provider_page.get_by_role("heading", name="Plan the befriending pilot").wait_for()
    provider_page.get_by_role("button", name="Confirm session").click()
    provider_page.get_by_text("Session confirmed.").wait_for()

    # The commissioner's badge rises in the page they left open, and the news is theirs.
    expect(badge_count(page)).to_have_text("1")
    page.goto("/notifications/")
    page.get_by_role("link", name="Jory Angove confirmed your session").wait_for()

    # The provider reads their own action in the second person.
    provider_page.goto("/notifications/")
    provider_page.get_by_role(
        "link", name="You confirmed the session with Tamsin Pascoe"
    ).wait_for()
