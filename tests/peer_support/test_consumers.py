"""The circle socket: who may open it, every bad input, live messages, replay and removal."""

import json

import pytest
from channels.db import database_sync_to_async
from django.template.loader import render_to_string
from django.utils.html import escape

from peer_support import errors
from peer_support.models import Message
from peer_support.services import circles, messages
from tests.factories import (
    CircleMembershipFactory,
    MemberFactory,
    MessageFactory,
    ThreadFactory,
)
from tests.peer_support.conftest import communicator, receive_close, receive_type, unclaimed

# Transactional: consumers run in other threads. Serialised rollback keeps the Places
# reference data that migrations create.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.asyncio,
]


async def connected(circle, member):
    comm = await communicator(circle.slug, member.user)
    ok, _ = await comm.connect()
    assert ok
    hello = await receive_type(comm, "hello")
    assert hello["member"]["id"] == member.pk
    return comm


# --- Who may connect ------------------------------------------------------------------------


async def test_anonymous_visitor_is_refused_with_4401(circle):
    comm = await communicator(circle.slug)
    try:
        await comm.connect()
        assert await receive_close(comm) == errors.CLOSE_UNAUTHENTICATED
    finally:
        await comm.disconnect()


async def test_signed_in_non_member_is_refused_with_4403(circle):
    outsider = await database_sync_to_async(MemberFactory)()
    comm = await communicator(circle.slug, outsider.user)
    try:
        await comm.connect()
        assert await receive_close(comm) == errors.CLOSE_FORBIDDEN
    finally:
        await comm.disconnect()


async def test_member_who_has_not_accepted_the_agreement_is_refused(circle):
    membership = await database_sync_to_async(CircleMembershipFactory)(
        circle=circle, agreement_accepted_at=None
    )
    comm = await communicator(circle.slug, membership.member.user)
    try:
        await comm.connect()
        assert await receive_close(comm) == errors.CLOSE_FORBIDDEN
    finally:
        await comm.disconnect()


async def test_unknown_circle_is_refused_like_a_forbidden_one(alice):
    comm = await communicator("no-such-circle", alice.user)
    try:
        await comm.connect()
        assert await receive_close(comm) == errors.CLOSE_FORBIDDEN
    finally:
        await comm.disconnect()


async def test_closed_circle_is_refused_with_4410(circle, alice):
    await database_sync_to_async(circles.circle_close)(circle=circle, closed_by=circle.facilitator)
    comm = await communicator(circle.slug, alice.user)
    try:
        await comm.connect()
        assert await receive_close(comm) == errors.CLOSE_CIRCLE_CLOSED
    finally:
        await comm.disconnect()


async def test_foreign_origin_is_rejected_at_the_handshake(circle, alice):
    comm = await communicator(circle.slug, alice.user, origin=b"https://evil.example.com")
    try:
        ok, _ = await comm.connect()
        assert not ok
    finally:
        await comm.disconnect()


# --- Messages live ----------------------------------------------------------------------------


async def test_a_message_sent_by_one_member_reaches_the_other_after_it_is_saved(
    circle, thread, alice, bob
):
    a = await connected(circle, alice)
    b = await connected(circle, bob)
    try:
        await a.send_json_to(
            {"type": "message.send", "thread": thread.pk, "body": "Hello <b>all</b>", "ref": 7}
        )
        ack = await receive_type(a, "message.ack")
        assert ack["ref"] == 7
        created = await receive_type(b, "message.created")
        assert created["message"]["id"] == ack["id"]
        assert created["message"]["author"]["name"] == alice.name
        assert created["message"]["html"] == "Hello &lt;b&gt;all&lt;/b&gt;"
        saved = await database_sync_to_async(Message.objects.get)(pk=ack["id"])
        assert saved.body == "Hello <b>all</b>"
    finally:
        await a.disconnect()
        await b.disconnect()


async def test_links_are_clickable_and_html_escaped(circle, thread, alice):
    a = await connected(circle, alice)
    try:
        await a.send_json_to(
            {
                "type": "message.send",
                "thread": thread.pk,
                "body": "See https://example.org/report <script>x</script>",
            }
        )
        created = await receive_type(a, "message.created")
        html = created["message"]["html"]
        assert '<a href="https://example.org/report" rel="nofollow">' in html
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
    finally:
        await a.disconnect()


def _rendered(message_id: int) -> str:
    message = Message.objects.select_related("author__user", "circle").get(pk=message_id)
    return render_to_string(
        "peer_support/_messages.html", {"page": [message], "circle": message.circle}
    )


async def test_a_frame_carries_the_message_rendered_by_the_pages_template(
    circle, thread, alice, bob
):
    a = await connected(circle, alice)
    b = await connected(circle, bob)
    try:
        await a.send_json_to({"type": "message.send", "thread": thread.pk, "body": "Hi @all"})
        created = await receive_type(b, "message.created")
        html = created["html"]
        assert html == await database_sync_to_async(_rendered)(created["message"]["id"])
        assert f'id="message-{created["message"]["id"]}"' in html
        assert f'data-author="{alice.pk}"' in html
        assert escape(alice.name) in html
        # Rendered once for everyone: every action is there for the script to keep or drop.
        for action in ("msg__own", "msg__others", "msg__mod"):
            assert action in html
    finally:
        await a.disconnect()
        await b.disconnect()


async def test_edits_and_deletes_of_own_messages_are_seen_live(circle, thread, alice, bob):
    a = await connected(circle, alice)
    b = await connected(circle, bob)
    try:
        await a.send_json_to({"type": "message.send", "thread": thread.pk, "body": "Frist"})
        message_id = (await receive_type(a, "message.ack"))["id"]
        await receive_type(b, "message.created")

        await a.send_json_to({"type": "message.edit", "id": message_id, "body": "First"})
        updated = await receive_type(b, "message.updated")
        assert updated["message"]["body"] == "First"
        assert updated["message"]["edited"] is True

        # Bob cannot change Alice's message.
        await b.send_json_to({"type": "message.delete", "id": message_id})
        refused = await receive_type(b, "error")
        assert refused["code"] == errors.NotPermitted.code

        await a.send_json_to({"type": "message.delete", "id": message_id})
        deleted = await receive_type(b, "message.updated")
        assert deleted["message"]["deleted"] is True
        assert deleted["message"]["body"] is None
        assert "First" not in deleted["message"]["html"]
        assert "Message deleted" in deleted["html"]
        assert "msg__actions" not in deleted["html"]
    finally:
        await a.disconnect()
        await b.disconnect()


async def test_typing_and_presence_reach_other_members(circle, thread, alice, bob):
    a = await connected(circle, alice)
    try:
        presence = await receive_type(a, "presence")
        assert [m["id"] for m in presence["members"]] == [alice.pk]
        b = await connected(circle, bob)
        try:
            presence = await receive_type(a, "presence")
            assert {m["id"] for m in presence["members"]} == {alice.pk, bob.pk}
            await b.send_json_to({"type": "typing", "thread": thread.pk})
            typing = await receive_type(a, "typing")
            assert typing["member"] == {"id": bob.pk, "name": bob.name}
            assert typing["thread"] == thread.pk
        finally:
            await b.disconnect()
        presence = await receive_type(a, "presence")
        assert [m["id"] for m in presence["members"]] == [alice.pk]
    finally:
        await a.disconnect()


async def test_a_mention_notifies_the_member_mentioned(circle, thread, alice, bob):
    b = await connected(circle, bob)
    a = await connected(circle, alice)
    try:
        name = bob.user.get_full_name()
        await a.send_json_to(
            {"type": "message.send", "thread": thread.pk, "body": f"What do you think, @{name}?"}
        )
        while True:
            frame = await b.receive_json_from(timeout=3)
            if frame["type"] == "mention":
                break
        assert frame["by"] == alice.name
        assert frame["thread"] == thread.pk
    finally:
        await a.disconnect()
        await b.disconnect()


async def test_a_refusal_from_a_service_becomes_an_error_frame_with_its_code_and_message(
    circle, thread, alice, bob
):
    message = await database_sync_to_async(messages.message_post)(
        thread=thread, author=bob, body="Mine"
    )
    a = await connected(circle, alice)
    try:
        await a.send_json_to({"type": "message.edit", "id": message.pk, "body": "x", "ref": "e1"})
        refused = await receive_type(a, "error")
        assert refused == {
            "type": "error",
            "code": errors.NotPermitted.code,
            "message": "You can only change your own messages.",
            "ref": "e1",
        }
        saved = await database_sync_to_async(Message.objects.get)(pk=message.pk)
        assert saved.body == "Mine"
    finally:
        await a.disconnect()


# --- Bad input: an error frame, and the connection stays usable -------------------------------


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("this is not json", errors.BAD_JSON),
        ("[1, 2, 3]", errors.BAD_JSON),
        ('"just a string"', errors.BAD_JSON),
        (json.dumps({"type": "launch.rockets"}), errors.UNKNOWN_TYPE),
        (json.dumps({"no": "type"}), errors.UNKNOWN_TYPE),
        (json.dumps({"type": "message.send", "thread": "one", "body": "x"}), errors.BAD_FRAME),
        (json.dumps({"type": "message.send", "body": "x"}), errors.BAD_FRAME),
        (json.dumps({"type": "message.send", "thread": 0, "body": 5}), errors.BAD_FRAME),
        (json.dumps({"type": "message.send", "thread": 999999, "body": "x"}), errors.NOT_FOUND),
        (json.dumps({"type": "resume", "last_change": "yesterday"}), errors.BAD_FRAME),
    ],
)
async def test_malformed_frames_get_an_error_and_the_socket_stays_open(circle, alice, frame, code):
    a = await connected(circle, alice)
    try:
        await a.send_to(text_data=frame)
        error = await receive_type(a, "error")
        assert error["code"] == code
        await a.send_json_to({"type": "ping"})
        assert (await receive_type(a, "pong"))["type"] == "pong"
    finally:
        await a.disconnect()


async def test_a_post_to_another_circles_thread_is_not_found_and_saves_nothing(circle, alice):
    elsewhere = await database_sync_to_async(ThreadFactory)()
    a = await connected(circle, alice)
    try:
        await a.send_json_to({"type": "message.send", "thread": elsewhere.pk, "body": "Leak?"})
        assert (await receive_type(a, "error"))["code"] == errors.NOT_FOUND
        assert not await database_sync_to_async(Message.objects.exists)()
    finally:
        await a.disconnect()


async def test_a_binary_frame_is_answered_like_any_frame_that_is_not_a_json_object(circle, alice):
    a = await connected(circle, alice)
    try:
        await a.send_to(bytes_data=b"\x00\x01")
        assert (await receive_type(a, "error"))["code"] == errors.BAD_JSON
        await a.send_json_to({"type": "ping"})
        await receive_type(a, "pong")
    finally:
        await a.disconnect()


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("", errors.MessageEmpty),
        ("   \n  ", errors.MessageEmpty),
        ("x" * 4001, errors.MessageTooLong),
    ],
)
async def test_empty_and_oversized_messages_are_refused_and_not_saved(
    circle, thread, alice, body, error
):
    a = await connected(circle, alice)
    try:
        await a.send_json_to({"type": "message.send", "thread": thread.pk, "body": body, "ref": 1})
        frame = await receive_type(a, "error")
        assert frame["code"] == error.code
        assert frame["ref"] == 1
        assert await database_sync_to_async(Message.objects.count)() == 0
        await a.send_json_to({"type": "message.send", "thread": thread.pk, "body": "x" * 4000})
        assert (await receive_type(a, "message.ack"))["id"]
    finally:
        await a.disconnect()


async def test_flooding_is_rate_limited_per_member(circle, thread, alice):
    limit, _ = messages.RATE_LIMIT
    a = await connected(circle, alice)
    try:
        for n in range(limit):
            await a.send_json_to({"type": "message.send", "thread": thread.pk, "body": f"m{n}"})
            await receive_type(a, "message.ack")
            await receive_type(a, "message.created")
        await a.send_json_to({"type": "message.send", "thread": thread.pk, "body": "one more"})
        assert (await receive_type(a, "error"))["code"] == errors.RateLimited.code
        assert await database_sync_to_async(Message.objects.count)() == limit
        await a.send_json_to({"type": "ping"})
        await receive_type(a, "pong")
    finally:
        await a.disconnect()


# --- Reconnect replay -------------------------------------------------------------------------


async def test_reconnecting_with_the_last_change_replays_exactly_the_missed_messages(
    circle, thread, alice, bob
):
    seen = await database_sync_to_async(MessageFactory)(thread=thread, author=bob)
    missed = [
        await database_sync_to_async(messages.message_post)(
            thread=thread, author=bob, body=f"while you were away {n}"
        )
        for n in range(3)
    ]
    a = await connected(circle, alice)
    try:
        await a.send_json_to({"type": "resume", "last_change": seen.change_id})
        replay = await receive_type(a, "replay")
        assert [m["id"] for m in replay["messages"]] == [m.pk for m in missed]
        assert replay["html"].count('<li class="msg') == len(missed)
        assert "while you were away 2" in replay["html"]
        await a.send_json_to({"type": "ping"})
        await receive_type(a, "pong")
        assert unclaimed(a) == []  # nothing arrived twice
    finally:
        await a.disconnect()


async def test_a_message_committed_between_subscribing_and_replay_arrives_exactly_once(
    circle, thread, alice, bob
):
    seen = await database_sync_to_async(MessageFactory)(thread=thread, author=bob)
    a = await connected(circle, alice)
    try:
        # Committed after this socket joined the group, before it asked for replay.
        raced = await database_sync_to_async(messages.message_post)(
            thread=thread, author=bob, body="in the gap"
        )
        live = await receive_type(a, "message.created")
        assert live["message"]["id"] == raced.pk
        await a.send_json_to({"type": "resume", "last_change": seen.change_id})
        replay = await receive_type(a, "replay")
        assert replay["messages"] == []
        later = await database_sync_to_async(messages.message_post)(
            thread=thread, author=bob, body="after replay"
        )
        assert (await receive_type(a, "message.created"))["message"]["id"] == later.pk
        await a.send_json_to({"type": "ping"})
        await receive_type(a, "pong")
        assert unclaimed(a) == []  # the raced message was not delivered a second time
    finally:
        await a.disconnect()


async def test_read_frames_move_the_read_position_and_every_tab_of_that_member_hears(
    circle, thread, alice, bob
):
    message = await database_sync_to_async(MessageFactory)(thread=thread, author=bob)
    a = await connected(circle, alice)
    other_tab = await connected(circle, alice)
    b = await connected(circle, bob)
    try:
        await a.send_json_to({"type": "read", "thread": thread.pk, "up_to": message.pk})
        for tab in (a, other_tab):
            assert await receive_type(tab, "read") == {
                "type": "read",
                "thread": thread.pk,
                "up_to": message.pk,
            }
        state = await database_sync_to_async(thread.states.get)(member=alice)
        assert state.last_read_message_id == message.pk
        # Reading again up to the same message moves nothing and tells nobody.
        await a.send_json_to({"type": "read", "thread": thread.pk, "up_to": message.pk})
        for comm in (a, b):
            await comm.send_json_to({"type": "ping"})
            await receive_type(comm, "pong")
            assert unclaimed(comm) == []
    finally:
        await a.disconnect()
        await other_tab.disconnect()
        await b.disconnect()


# --- Removal and closing disconnect at once ---------------------------------------------------


async def test_removing_a_member_closes_their_open_sockets(circle, thread, alice, bob):
    a = await connected(circle, alice)
    b = await connected(circle, bob)
    try:
        await database_sync_to_async(circles.membership_remove)(
            circle=circle, member=bob, removed_by=circle.facilitator
        )
        assert await receive_close(b) == errors.CLOSE_REMOVED
        # Alice stays connected and keeps talking.
        await a.send_json_to({"type": "message.send", "thread": thread.pk, "body": "Still here"})
        assert (await receive_type(a, "message.ack"))["id"]
        # Bob cannot come back in.
        again = await communicator(circle.slug, bob.user)
        try:
            await again.connect()
            assert await receive_close(again) == errors.CLOSE_FORBIDDEN
        finally:
            await again.disconnect()
    finally:
        await a.disconnect()
        await b.disconnect()


async def test_closing_the_circle_closes_every_socket(circle, alice, bob):
    a = await connected(circle, alice)
    b = await connected(circle, bob)
    try:
        await database_sync_to_async(circles.circle_close)(
            circle=circle, closed_by=circle.facilitator
        )
        assert await receive_close(a) == errors.CLOSE_CIRCLE_CLOSED
        assert await receive_close(b) == errors.CLOSE_CIRCLE_CLOSED
    finally:
        await a.disconnect()
        await b.disconnect()
