"""Two members of a circle talk live, each in their own browser."""

import re
from concurrent.futures import ThreadPoolExecutor

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


SHOWN = """els => els.map(li => [
    Number(li.dataset.id),
    Number(li.dataset.change),
    [...li.classList].filter(c => c !== "msg--new").join(" "),
    li.querySelector(".msg__author").textContent.trim(),
    li.querySelector(".msg__body").innerHTML.trim(),
    !li.querySelector(".msg__edited").hidden,
    [...li.querySelectorAll(".msg__actions a, .msg__actions button")]
      .map(a => a.textContent.trim()),
])"""


def elsewhere(action, **kwargs):
    """Run a service as another process would: in a thread without Playwright's event loop
    (a service broadcasts after commit through the channel layer's sync wrapper)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(action, **kwargs).result()


def test_after_losing_the_connection_the_thread_shows_what_a_fresh_load_shows(page, new_page):
    from peer_support.services import messages, moderation

    circle = CircleFactory()
    thread = ThreadFactory(circle=circle, title="Winter pressures")
    reader = CircleMembershipFactory(circle=circle).member
    writer = CircleMembershipFactory(circle=circle).member
    post = messages.message_post
    history = [elsewhere(post, thread=thread, author=writer, body=f"Earlier {n}") for n in range(3)]
    mine = elsewhere(post, thread=thread, author=reader, body="Mine, from before")

    # The reader's socket goes through a switch the test can open, like a network dropping.
    online = {"now": True}
    open_sockets = []

    def through_the_network(ws):
        if not online["now"]:
            ws.close(code=4000, reason="offline")
            return
        ws.connect_to_server()
        open_sockets.append(ws)

    page.route_web_socket(re.compile(r"/ws/circles/"), through_the_network)
    log_in(page, reader.user.email)
    page.goto(f"/circles/{circle.slug}/threads/{thread.pk}/")
    status = page.get_by_role("status")
    expect(status.filter(has_text="Live")).to_be_visible()

    online["now"] = False
    for ws in open_sockets:
        ws.close(code=4000, reason="offline")
    expect(status.filter(has_text="Connection lost")).to_be_visible()

    # While the reader is away: an edit, a deletion, a hidden message, new messages.
    elsewhere(messages.message_edit, message=history[0], editor=writer, body="Earlier 0, corrected")
    elsewhere(messages.message_delete, message=history[1], member=writer)
    elsewhere(moderation.message_hide, message=history[2], facilitator=circle.facilitator)
    elsewhere(post, thread=thread, author=writer, body="While you were away")
    elsewhere(messages.message_edit, message=mine, editor=reader, body="Mine, edited elsewhere")

    online["now"] = True
    expect(status.filter(has_text="Live")).to_be_visible(timeout=20_000)
    expect(page.locator("#messages .msg").filter(has_text="While you were away")).to_be_visible()

    fresh = new_page()
    log_in(fresh, reader.user.email)
    fresh.goto(f"/circles/{circle.slug}/threads/{thread.pk}/")
    expect(fresh.get_by_role("status").filter(has_text="Live")).to_be_visible()
    reconnected = page.eval_on_selector_all("#messages .msg", SHOWN)
    loaded = fresh.eval_on_selector_all("#messages .msg", SHOWN)
    assert reconnected == loaded
    assert [m[4] for m in loaded][:3] == [
        "Earlier 0, corrected",
        "<em>Message deleted</em>",
        "<em>Hidden by the facilitator</em>",
    ]


def test_messages_broadcast_out_of_order_are_shown_in_the_order_they_were_saved(page):
    """Two server processes can broadcast a circle's messages in a different order from the
    one they were saved in; neither may be lost, and the thread reads in saved order."""
    from peer_support import events

    circle = CircleFactory()
    thread = ThreadFactory(circle=circle, title="Joint bids")
    reader = CircleMembershipFactory(circle=circle).member
    MessageFactory(thread=thread, author=circle.facilitator, body="Who is bidding?")
    log_in(page, reader.user.email)
    page.goto(f"/circles/{circle.slug}/threads/{thread.pk}/")
    expect(page.get_by_role("status").filter(has_text="Live")).to_be_visible()

    earlier = MessageFactory(thread=thread, author=circle.facilitator, body="We are, with two")
    later = MessageFactory(thread=thread, author=circle.facilitator, body="Count us in too")
    group = events.circle_group(circle.pk)

    def broadcast(message):
        # Off Playwright's thread, which runs an event loop of its own.
        event = events.message_event("message.created", message)
        with ThreadPoolExecutor(1) as pool:
            pool.submit(events.send_now, group, event).result()

    broadcast(later)
    expect(page.locator("#messages .msg").filter(has_text="Count us in too")).to_be_visible()
    broadcast(earlier)

    expect(page.locator("#messages .msg[data-id] .msg__body")).to_have_text(
        ["Who is bidding?", "We are, with two", "Count us in too"]
    )
