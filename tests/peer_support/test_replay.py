"""After a reconnect, the thread a member sees equals a fresh page load: edits, deletions and
hiding made while they were away are replayed, not only new messages (issue 10).

The page carries `data-last-change`, the circle's change sequence when it was rendered; the
socket's `resume` sends it back and gets every message changed since, as it is now. The test
takes the page Alice had open, applies the replay the way circle.js does (replace a message
shown with a newer version, append a new one after the last shown) and compares the result with
the page rendered afresh.
"""

import pytest
from bs4 import BeautifulSoup
from channels.db import database_sync_to_async
from django.test import Client

from peer_support.services import messages, moderation
from tests.factories import ThreadFactory
from tests.peer_support.conftest import communicator, receive_type, unclaimed

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def page_as(user, thread) -> BeautifulSoup:
    client = Client()
    client.force_login(user)
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def fit(li, *, me: int, facilitator: bool):
    """What circle.js's `fit` does to a message rendered for everyone: keep this reader's
    actions. (It also adds the page's CSRF token to forms; `shown` ignores tokens.)"""
    mine = li.get("data-author") == str(me)
    for el in li.select(".msg__others" if mine else ".msg__own"):
        el.decompose()
    if not facilitator:
        for el in li.select(".msg__mod"):
            el.decompose()
    return li


def apply_replay(page: BeautifulSoup, frame: dict, *, thread_id: int, me: int) -> None:
    """circle.js's `changed`, for each replayed message."""
    listing = page.select_one("#messages")
    rendered = {
        int(li["data-id"]): li
        for li in BeautifulSoup(frame["html"], "html.parser").select("li.msg")
    }
    for m in frame["messages"]:
        li = fit(rendered[m["id"]], me=me, facilitator=False)
        shown = listing.select_one(f"#message-{m['id']}")
        if shown is not None:
            if int(shown["data-change"]) < m["change"]:
                shown.replace_with(li)
            continue
        last = listing.select("li.msg")[-1] if listing.select("li.msg") else None
        if m["thread"] == thread_id and (last is None or m["id"] > int(last["data-id"])):
            listing.append(li)


def shown(page: BeautifulSoup) -> list[str]:
    """The thread's messages as a reader sees them: markup without tokens or whitespace."""
    items = []
    for li in page.select("#messages li.msg"):
        for token in li.select("input[name=csrfmiddlewaretoken]"):
            token.decompose()
        li["class"] = [c for c in li.get("class", []) if c != "msg--new"]
        items.append(" ".join(str(li).split()))
    return items


@pytest.fixture
def unlimited(monkeypatch):
    monkeypatch.setattr(messages, "RATE_LIMIT", (100, 10))


async def test_after_a_reconnect_the_thread_equals_a_fresh_page_load(
    circle, thread, alice, bob, unlimited
):
    post = database_sync_to_async(messages.message_post)
    edit = database_sync_to_async(messages.message_edit)
    delete = database_sync_to_async(messages.message_delete)
    hide = database_sync_to_async(moderation.message_hide)

    before = [await post(thread=thread, author=bob, body=f"Before {n}") for n in range(4)]
    mine = await post(thread=thread, author=alice, body="Alice's own")
    # Alice has the thread open ...
    page = await database_sync_to_async(page_as)(alice.user, thread)
    last_change = int(page.select_one("#circle")["data-last-change"])

    # ... and loses her connection. Meanwhile:
    await edit(message=before[0], editor=bob, body="Before 0, corrected")
    await delete(message=before[1], member=bob)
    await hide(message=before[2], facilitator=circle.facilitator)
    new = await post(thread=thread, author=bob, body="While you were away")
    await edit(message=new, editor=bob, body="While you were away (edited)")
    gone = await post(thread=thread, author=bob, body="Posted and deleted")
    await delete(message=gone, member=bob)
    elsewhere = await database_sync_to_async(ThreadFactory)(circle=circle)
    other = await post(thread=elsewhere, author=bob, body="In another thread")
    await edit(message=before[0], editor=bob, body="Before 0, corrected twice")

    comm = await communicator(circle.slug, alice.user)
    try:
        await comm.connect()
        await receive_type(comm, "hello")
        await comm.send_json_to({"type": "resume", "last_change": last_change})
        replay = await receive_type(comm, "replay")
        # Each changed message once, as it is now, in change order.
        ids = [m["id"] for m in replay["messages"]]
        assert sorted(ids) == sorted(
            [before[0].pk, before[1].pk, before[2].pk, new.pk, gone.pk, other.pk]
        )
        changes = [m["change"] for m in replay["messages"]]
        assert changes == sorted(changes)
        assert mine.pk not in ids  # unchanged: not sent again
        assert before[3].pk not in ids
        await comm.send_json_to({"type": "ping"})
        await receive_type(comm, "pong")
        assert unclaimed(comm) == []
    finally:
        await comm.disconnect()

    apply_replay(page, replay, thread_id=thread.pk, me=alice.pk)
    fresh = await database_sync_to_async(page_as)(alice.user, thread)
    assert shown(page) == shown(fresh)
    assert "Before 0, corrected twice" in " ".join(shown(page))


async def test_a_change_delivered_live_is_not_replayed_again(circle, thread, alice, bob):
    message = await database_sync_to_async(messages.message_post)(
        thread=thread, author=bob, body="Hello"
    )
    comm = await communicator(circle.slug, alice.user)
    try:
        await comm.connect()
        await receive_type(comm, "hello")
        # Edited after Alice's socket joined its groups, before it asked to resume.
        await database_sync_to_async(messages.message_edit)(
            message=message, editor=bob, body="Hello again"
        )
        live = await receive_type(comm, "message.updated")
        await comm.send_json_to({"type": "resume", "last_change": message.change_id})
        replay = await receive_type(comm, "replay")
        assert live["message"]["body"] == "Hello again"
        assert replay["messages"] == []
    finally:
        await comm.disconnect()


async def test_a_page_from_before_change_ids_is_told_to_reload(circle, alice):
    comm = await communicator(circle.slug, alice.user)
    try:
        await comm.connect()
        await receive_type(comm, "hello")
        await comm.send_json_to({"type": "resume", "last_id": 0})
        await receive_type(comm, "resync")
    finally:
        await comm.disconnect()
