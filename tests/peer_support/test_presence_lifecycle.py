"""Nobody is shown as "here now" after they have left (issue 10, "found by driving the
journeys"): presence is removed however a socket ends, and rows carry a heartbeat and expire.
"""

import asyncio
import datetime as dt
import json

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone
from uvicorn.protocols.utils import ClientDisconnected

from peer_support import consumers, selectors
from peer_support.models import PRESENCE_EXPIRES_AFTER, Presence
from peer_support.services import messages
from tests.peer_support.conftest import communicator, receive_type, session_headers

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


class ClientThatCloses:
    """An ASGI server's side of one socket, as uvicorn behaves: once the client has closed,
    a send raises ClientDisconnected, and the `websocket.disconnect` event may come later."""

    def __init__(self) -> None:
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.frames: list[str] = []
        self.closed = False
        self.presence_seen = asyncio.Event()

    async def receive(self) -> dict:
        return await self.inbox.get()

    async def send(self, message: dict) -> None:
        if self.closed and message["type"] in {"websocket.send", "websocket.close"}:
            raise ClientDisconnected()
        if message["type"] == "websocket.send":
            self.frames.append(message["text"])
            if json.loads(message["text"]).get("type") == "presence":
                self.presence_seen.set()


async def test_a_group_event_racing_the_close_leaves_no_one_here(circle, thread, alice, bob):
    from config.asgi import application

    client = ClientThatCloses()
    headers = await database_sync_to_async(session_headers)(alice.user)
    scope = {
        "type": "websocket",
        "path": f"/ws/circles/{circle.slug}/",
        "raw_path": f"/ws/circles/{circle.slug}/".encode(),
        "query_string": b"",
        "headers": headers,
        "subprotocols": [],
        "client": ("127.0.0.1", 50000),
        "server": ("localhost", 80),
    }
    await client.inbox.put({"type": "websocket.connect"})
    socket = asyncio.create_task(application(scope, client.receive, client.send))
    await asyncio.wait_for(client.presence_seen.wait(), timeout=5)
    assert await database_sync_to_async(Presence.objects.filter(member=alice).count)() == 1

    # Alice closes her tab; before the server hands her consumer the disconnect, Bob posts.
    client.closed = True
    await database_sync_to_async(messages.message_post)(thread=thread, author=bob, body="Hi")
    await asyncio.wait_for(socket, timeout=5)  # ended, and without an exception

    assert await database_sync_to_async(Presence.objects.count)() == 0
    b = await communicator(circle.slug, bob.user)
    try:
        await b.connect()
        presence = await receive_type(b, "presence")
        assert [m["id"] for m in presence["members"]] == [bob.pk]
    finally:
        await b.disconnect()


async def test_closing_normally_leaves_no_one_here(circle, alice):
    for _ in range(3):
        comm = await communicator(circle.slug, alice.user)
        await comm.connect()
        await receive_type(comm, "hello")
        await comm.disconnect()
    assert await database_sync_to_async(Presence.objects.count)() == 0


def _expire(member) -> None:
    Presence.objects.filter(member=member).update(
        last_seen=timezone.now() - PRESENCE_EXPIRES_AFTER - dt.timedelta(seconds=1)
    )


async def test_a_socket_that_stops_beating_is_no_longer_shown_and_beats_back(
    circle, alice, bob, monkeypatch
):
    present = database_sync_to_async(selectors.present_members)
    a = await communicator(circle.slug, alice.user)
    try:
        await a.connect()
        await receive_type(a, "presence")
        assert [m["id"] for m in await present(circle_id=circle.pk)] == [alice.pk]

        # Its row was not refreshed for too long (as if its process had died): not shown.
        await database_sync_to_async(_expire)(alice)
        assert await present(circle_id=circle.pk) == []

        # The socket is alive after all: its next frame beats, and it is shown again.
        monkeypatch.setattr(consumers, "PRESENCE_HEARTBEAT", dt.timedelta(0))
        await a.send_json_to({"type": "ping"})
        await receive_type(a, "pong")
        assert [m["id"] for m in await present(circle_id=circle.pk)] == [alice.pk]
    finally:
        await a.disconnect()


async def test_a_beat_puts_back_a_row_the_sweep_removed(circle, alice, monkeypatch):
    from peer_support.services.presence import presence_sweep

    a = await communicator(circle.slug, alice.user)
    try:
        await a.connect()
        await receive_type(a, "presence")
        await database_sync_to_async(_expire)(alice)
        assert await database_sync_to_async(presence_sweep)() == 1
        assert (await receive_type(a, "presence"))["members"] == []
        monkeypatch.setattr(consumers, "PRESENCE_HEARTBEAT", dt.timedelta(0))
        await a.send_json_to({"type": "ping"})
        presence = await receive_type(a, "presence")
        assert [m["id"] for m in presence["members"]] == [alice.pk]
    finally:
        await a.disconnect()
