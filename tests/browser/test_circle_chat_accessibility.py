"""The live discussion for people using screen readers and keyboards: new messages are read
out politely, a refused message says so and can be retried, focus comes back to an edited
message, and @ offers the circle's members."""

import re

import pytest
from playwright.sync_api import expect

from peer_support.models import Message
from tests.conftest import log_in
from tests.factories import CircleFactory, CircleMembershipFactory, MessageFactory, ThreadFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def chat():
    # Named, so that "@da" offers Daniel alone and not a generated David as well.
    circle = CircleFactory(
        name="South West chief executives' circle",
        facilitator__user__first_name="Grace",
        facilitator__user__last_name="Okafor",
    )
    thread = ThreadFactory(circle=circle, title="Winter pressures")
    amira = CircleMembershipFactory(
        circle=circle, member__user__first_name="Amira", member__user__last_name="Khan"
    ).member
    daniel = CircleMembershipFactory(
        circle=circle, member__user__first_name="Daniel", member__user__last_name="Rowe"
    ).member
    return {
        "url": f"/circles/{circle.slug}/threads/{thread.pk}/",
        "amira": amira,
        "daniel": daniel,
        "thread": thread,
    }


def _open(page, member, url):
    log_in(page, member.user.email)
    page.goto(url)
    expect(page.get_by_role("status").filter(has_text="Live")).to_be_visible()


def test_new_messages_are_announced_politely_but_typing_is_not(page, new_page, chat):
    _open(page, chat["amira"], chat["url"])
    announcer = page.locator("#announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")
    other = new_page()
    _open(other, chat["daniel"], chat["url"])

    other.get_by_label("Your message").press_sequentially("Our A&E handovers doubled")
    expect(page.locator("#typing")).to_have_text("Daniel Rowe is typing…")
    expect(announcer).to_have_text("")  # typing is never read out
    other.get_by_role("button", name="Send").click()

    expect(announcer).to_have_text("Daniel Rowe: Our A&E handovers doubled")
    # The sender's own message is not announced back to them.
    expect(other.locator("#messages .msg").filter(has_text="handovers doubled")).to_be_visible()
    expect(other.locator("#announcer")).to_have_text("")


def test_a_refused_message_says_not_sent_and_can_be_retried(page, chat, monkeypatch):
    from peer_support.services import messages as message_services

    monkeypatch.setattr(message_services, "RATE_LIMIT", (1, 60))
    _open(page, chat["amira"], chat["url"])
    box = page.get_by_label("Your message")
    box.fill("First thought")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#messages .msg").filter(has_text="First thought")).to_have_count(1)
    expect(page.locator("#messages .msg[data-id]").filter(has_text="First thought")).to_have_count(
        1
    )
    box.fill("Second thought")
    page.get_by_role("button", name="Send").click()

    refused = page.locator(".msg--pending").filter(has_text="Second thought")
    expect(refused.locator(".msg__status")).to_contain_text("Not sent")
    assert not Message.objects.filter(body="Second thought").exists()

    monkeypatch.setattr(message_services, "RATE_LIMIT", (100, 60))
    from django.core.cache import cache

    cache.clear()
    refused.get_by_role("button", name="Retry sending this message").click()
    # Saved: the server's copy (with its id) has replaced the stand-in.
    expect(page.locator("#messages .msg[data-id]").filter(has_text="Second thought")).to_have_count(
        1
    )
    expect(page.locator(".msg--pending")).to_have_count(0)
    assert Message.objects.filter(body="Second thought").count() == 1


def test_after_saving_an_edit_focus_returns_to_the_message(page, chat):
    message = MessageFactory(thread=chat["thread"], author=chat["amira"], body="Draft figures")
    _open(page, chat["amira"], chat["url"])
    item = page.locator(f"#message-{message.pk}")
    item.get_by_role("link", name="Edit").click()
    editor = page.get_by_label("Edit your message")
    expect(editor).to_be_focused()
    editor.fill("Final figures")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Save

    expect(item.locator(".msg__body")).to_have_text("Final figures")
    expect(item.locator(".msg__edited")).to_be_visible()
    expect(item).to_be_focused()


def test_typing_at_offers_the_circles_members_to_mention(page, chat):
    _open(page, chat["amira"], chat["url"])
    box = page.get_by_label("Your message")
    box.press_sequentially("Thanks @da")
    options = page.get_by_role("listbox", name="Members to mention").get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_have_text("Daniel Rowe")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(r".+-0$"))
    box.press("Enter")
    expect(box).to_have_value("Thanks @Daniel Rowe ")
    expect(page.get_by_role("listbox", name="Members to mention")).to_be_hidden()
    box.press_sequentially("for this")
    page.get_by_role("button", name="Send").click()
    # Saved: the server's copy (with its id) has replaced the "Sending…" stand-in.
    expect(page.locator("#messages .msg[data-id]").filter(has_text="for this")).to_have_count(1)
    sent = Message.objects.get(body="Thanks @Daniel Rowe for this")
    assert [m.member for m in sent.mentions.all()] == [chat["daniel"]]
