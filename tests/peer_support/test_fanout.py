"""A posted message is serialised once for its whole circle, and every socket gets the same
frame: the consumer only forwards the text."""

import json

import orjson
import pytest

from peer_support import events
from tests.factories import CircleMembershipFactory
from tests.peer_support.conftest import communicator, receive_type

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


@pytest.fixture
def carol(circle):
    return CircleMembershipFactory(circle=circle).member


async def _connected(circle, member):
    comm = await communicator(circle.slug, member.user)
    ok, _ = await comm.connect()
    assert ok
    await receive_type(comm, "hello")
    return comm


async def test_a_message_is_serialised_once_for_every_socket_in_the_circle(
    circle, thread, alice, bob, carol, monkeypatch
):
    serialised = []
    real_dumps = orjson.dumps

    def counting_dumps(value, *args, **kwargs):
        if value.get("type") == "message.created":
            serialised.append(value)
        return real_dumps(value, *args, **kwargs)

    monkeypatch.setattr(events.orjson, "dumps", counting_dumps)
    sockets = [await _connected(circle, m) for m in (alice, bob, carol)]
    try:
        await sockets[0].send_json_to(
            {"type": "message.send", "thread": thread.pk, "body": "One for all"}
        )
        frames = [await receive_type(s, "message.created") for s in sockets]
    finally:
        for s in sockets:
            await s.disconnect()

    assert len(serialised) == 1
    assert all(frame == frames[0] for frame in frames)
    assert frames[0]["message"]["body"] == "One for all"
    assert json.loads(real_dumps(serialised[0])) == frames[0]
