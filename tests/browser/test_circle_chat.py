"""Two members of a circle talk live, each in their own browser."""

import pytest
from playwright.sync_api import expect

from tests.conftest import log_in
from tests.factories import (
    CircleFactory,
    CircleMembershipFactory,
    MessageFactory,
    ThreadFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_one_member_types_and_the_other_sees_the_typing_then_the_message(page, new_page):
    circle = CircleFactory(name="North West chief executives' circle")
    thread = ThreadFactory(circle=circle, title="Contract renewals")
    amira = CircleMembershipFactory(circle=circle, member__user__first_name="Amira").member
    daniel = CircleMembershipFactory(circle=circle, member__user__first_name="Daniel").member
    url = f"/circles/{circle.slug}/threads/{thread.pk}/"

    log_in(page, amira.user.email)
    page.goto(url)
    expect(page.get_by_role("status").filter(has_text="Live")).to_be_visible()

    other = new_page()
    log_in(other, daniel.user.email)
    other.goto(url)
    expect(other.get_by_role("status").filter(has_text="Live")).to_be_visible()
    expect(page.locator(f'#people [data-member="{daniel.pk}"]')).to_have_class("is-present")

    other.get_by_label("Your message").press_sequentially("Has anyone pushed back on a 0% uplift?")
    expect(page.locator("#typing")).to_have_text(f"{daniel.name} is typing…")

    other.get_by_role("button", name="Send").click()
    message = page.locator("#messages .msg").filter(has_text="pushed back on a 0% uplift")
    expect(message).to_be_visible()
    expect(message.locator(".msg__author")).to_have_text(daniel.name)
    expect(page.locator("#typing")).to_have_text("")
    # Sent through the socket, not a page load: Daniel's box is empty and ready again.
    expect(other.get_by_label("Your message")).to_have_value("")
    expect(other.locator("#messages .msg")).to_have_count(1)
    # One server template for both, each reader seeing only the actions that are theirs.
    expect(message.get_by_role("link", name="Report")).to_be_visible()
    expect(message.get_by_role("link", name="Edit")).to_have_count(0)
    mine = other.locator("#messages .msg").first
    expect(mine.get_by_role("link", name="Edit")).to_be_visible()
    expect(mine.get_by_role("link", name="Report")).to_have_count(0)


def test_a_member_reads_new_messages_and_the_unread_count_clears(page):
    circle = CircleFactory()
    thread = ThreadFactory(circle=circle, title="Reserves policy")
    reader = CircleMembershipFactory(circle=circle).member
    MessageFactory.create_batch(2, thread=thread, author=circle.facilitator)

    log_in(page, reader.user.email)
    page.goto("/circles/")
    expect(page.get_by_text("2 unread messages")).to_be_visible()
    page.goto(f"/circles/{circle.slug}/threads/{thread.pk}/")
    # The page offers "Mark as read"; live, it reads them by itself and the server confirms.
    expect(page.get_by_role("status").filter(has_text="Live")).to_be_visible()
    expect(page.get_by_role("button", name="Mark as read")).to_have_count(0)
    page.goto("/circles/")
    expect(page.get_by_text("unread message")).to_have_count(0)


def test_a_member_scrolls_back_to_the_start_of_a_long_thread(page):
    circle = CircleFactory()
    thread = ThreadFactory(circle=circle, title="Ten years of the network")
    reader = CircleMembershipFactory(circle=circle).member
    history = MessageFactory.create_batch(60, thread=thread, author=circle.facilitator)

    log_in(page, reader.user.email)
    page.goto(f"/circles/{circle.slug}/threads/{thread.pk}/")
    expect(page.locator("#messages .msg")).to_have_count(50)
    page.get_by_role("link", name="Show earlier messages").click()
    # Loaded in place, above the others, and there is nothing earlier to show.
    expect(page.locator("#messages .msg")).to_have_count(60)
    expect(page.locator("#messages .msg").first).to_have_id(f"message-{history[0].pk}")
    expect(page.get_by_role("link", name="Show earlier messages")).to_have_count(0)
    assert "before=" not in page.url  # the same page, not a page load
