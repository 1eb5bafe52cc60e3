"""Whatever a client sends, the circle socket answers with a documented frame and stays usable
(issue 10, part 2).

Hypothesis throws generated frames at a connected socket: valid-looking ones with wrong types,
ids beyond the database's range, NUL bytes and unpaired surrogates, unknown types, nesting,
oversize text and binary frames. After each, a `ping` must still get its `pong`, every frame the
server sent on the way must be one of the documented types (docs/realtime-protocol.md) with a
documented error code, and at the end an ordinary message still posts. Runs on PostgreSQL too,
where a NUL byte or an out-of-range id would otherwise reach the database as a DataError.
"""

import json
import logging

import pytest
from channels.db import database_sync_to_async
from django.db import DataError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peer_support import consumers, errors
from peer_support.models import Message
from peer_support.services import messages
from tests.factories import MessageFactory
from tests.peer_support.conftest import communicator, receive_type

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

SERVER_FRAMES = {
    "hello",
    "pong",
    "replay",
    "resync",
    "message.ack",
    "message.created",
    "message.updated",
    "thread.created",
    "typing",
    "presence",
    "read",
    "mention",
    "error",
}


def _codes(cls) -> set[str]:
    return {cls.code} | {code for sub in cls.__subclasses__() for code in _codes(sub)}


ERROR_CODES = _codes(errors.CircleError) | {
    errors.BAD_JSON,
    errors.UNKNOWN_TYPE,
    errors.BAD_FRAME,
    errors.NOT_FOUND,
    errors.FRAME_TOO_LARGE,
    errors.FRAME_TOO_DEEP,
}
assert errors.SERVER_ERROR not in ERROR_CODES  # a fault of ours is never a documented answer


async def connected(circle, member):
    comm = await communicator(circle.slug, member.user)
    ok, _ = await comm.connect()
    assert ok
    await receive_type(comm, "hello")
    return comm


async def answers_until_pong(comm) -> list[dict]:
    """Everything the server says in reply to what was sent, up to the `pong` of a ping sent
    after it: the socket is still open and still answering."""
    await comm.send_json_to({"type": "ping"})
    said = []
    while True:
        frame = await comm.receive_json_from(timeout=5)
        if frame.get("type") == "pong":
            return said
        said.append(frame)


def assert_documented(said: list[dict]) -> None:
    for frame in said:
        assert frame.get("type") in SERVER_FRAMES, frame
        if frame["type"] == "error":
            assert frame["code"] in ERROR_CODES, frame
            assert frame["message"]


# --- Strategies -------------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
awkward_text = st.sampled_from(
    ["a\x00b", "\x00", "\ud800", "ok \udfff", "", "   \n ", "x" * 4001, "é" * 4000, "@everyone"]
)
frame_types = st.sampled_from(list(consumers.CircleConsumer.HANDLERS)) | json_values


def frames(real_ids: list[int]):
    ids = (
        st.sampled_from(real_ids)
        | st.sampled_from([0, -1, 2**63 - 1, 2**63, 10**30, -(2**63) - 1])
        | json_values
    )
    texts = st.text(max_size=40) | awkward_text | json_values
    frame = st.fixed_dictionaries(
        {"type": frame_types},
        optional={
            "thread": ids,
            "id": ids,
            "up_to": ids,
            "last_change": ids,
            "body": texts,
            "ref": json_values,
        },
    )
    text_frames = st.one_of(
        frame.map(json.dumps),  # NaN, Infinity and "\ud800" escapes included
        json_values.map(json.dumps),
        st.text(max_size=60),
        st.integers(min_value=5, max_value=40_000).map(lambda n: "[" * n + "]" * n),
        st.integers(min_value=5, max_value=20_000).map(lambda n: '{"a":' * n + "1" + "}" * n),
        st.just("x" * (consumers.MAX_FRAME_CHARS + 1)),
        st.just('{"type": "ping", "n": ' + "9" * 5000 + "}"),  # beyond int() digit limit
    )
    return text_frames.map(lambda text: {"text": text}) | st.binary(max_size=16).map(
        lambda data: {"bytes": data}
    )


@pytest.fixture
def unlimited(monkeypatch):
    """Generated frames post a lot; the rate limit is tested on its own below."""
    monkeypatch.setattr(messages, "RATE_LIMIT", (10**6, 10))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_every_generated_frame_gets_a_documented_answer_and_the_socket_stays_usable(
    data, circle, thread, alice, bob, unlimited, caplog
):
    mine = await database_sync_to_async(MessageFactory)(thread=thread, author=alice)
    theirs = await database_sync_to_async(MessageFactory)(thread=thread, author=bob)
    real_ids = [thread.pk, mine.pk, theirs.pk, mine.change_id]
    comm = await connected(circle, alice)
    try:
        for sent in data.draw(st.lists(frames(real_ids), min_size=1, max_size=6)):
            await comm.send_input({"type": "websocket.receive", **sent})  # empty ones too
            assert_documented(await answers_until_pong(comm))
        await comm.send_json_to(
            {"type": "message.send", "thread": thread.pk, "body": "Still here", "ref": "last"}
        )
        ack = await receive_type(comm, "message.ack")
        assert ack["ref"] == "last"
    finally:
        await comm.disconnect()
    serious = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert serious == []


# --- The frames the issue found, one by one ------------------------------------------------


async def _answer(comm, frame) -> dict:
    await comm.send_to(text_data=frame if isinstance(frame, str) else json.dumps(frame))
    said = [f for f in await answers_until_pong(comm) if f["type"] not in {"presence", "hello"}]
    assert len(said) == 1, said
    return said[0]


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ({"type": "message.send", "thread": "THREAD", "body": "a\x00b"}, "text_invalid"),
        ({"type": "message.send", "thread": "THREAD", "body": "ok \ud800"}, "text_invalid"),
        ({"type": "message.edit", "id": 10**30, "body": "x"}, errors.BAD_FRAME),
        ({"type": "read", "thread": "THREAD", "up_to": 10**30}, errors.BAD_FRAME),
        ({"type": "typing", "thread": 10**30}, errors.BAD_FRAME),
        ({"type": "resume", "last_change": -1}, errors.BAD_FRAME),
        ("[" * 100_000 + "]" * 100_000, errors.FRAME_TOO_LARGE),
        ("[" * 10_000 + "]" * 10_000, errors.FRAME_TOO_DEEP),
        ({"type": {"nested": ["type"]}}, errors.UNKNOWN_TYPE),
    ],
)
async def test_each_frame_that_used_to_crash_the_socket_gets_its_error(
    circle, thread, alice, frame, code
):
    if isinstance(frame, dict):
        frame = {k: thread.pk if v == "THREAD" else v for k, v in frame.items()}
    comm = await connected(circle, alice)
    try:
        answer = await _answer(comm, frame)
        assert answer["type"] == "error"
        assert answer["code"] == code
        assert await database_sync_to_async(Message.objects.count)() == 0
    finally:
        await comm.disconnect()


async def test_the_longest_message_fits_in_a_frame_even_with_every_character_escaped(
    circle, thread, alice
):
    comm = await connected(circle, alice)
    try:
        body = "é" * 4000  # json.dumps writes each as \u00e9: 24,000 characters
        frame = json.dumps({"type": "message.send", "thread": thread.pk, "body": body})
        assert len(frame) > 24_000
        await comm.send_to(text_data=frame)
        ack = await receive_type(comm, "message.ack")
        saved = await database_sync_to_async(Message.objects.get)(pk=ack["id"])
        assert saved.body == body
    finally:
        await comm.disconnect()


async def test_a_ref_is_echoed_only_when_the_client_could_have_sent_it(circle, thread, alice):
    comm = await connected(circle, alice)
    try:
        for ref, echoed in [("r1", True), (7, True), (10**30, False), ("\ud800", False)]:
            answer = await _answer(comm, {"type": "launch", "ref": ref})
            assert ("ref" in answer) is echoed, (ref, answer)
    finally:
        await comm.disconnect()


# --- The rate limit counts only saved posts --------------------------------------------------


async def test_refused_posts_do_not_use_up_the_rate_limit(circle, thread, alice):
    limit, _ = messages.RATE_LIMIT
    comm = await connected(circle, alice)
    try:
        for bad in ("a\x00b", "", "x" * 4001):
            answer = await _answer(comm, {"type": "message.send", "thread": thread.pk, "body": bad})
            assert answer["type"] == "error"
        for n in range(limit):
            await comm.send_json_to({"type": "message.send", "thread": thread.pk, "body": f"{n}"})
            await receive_type(comm, "message.ack")
        assert await database_sync_to_async(Message.objects.count)() == limit
    finally:
        await comm.disconnect()


async def test_a_post_the_database_refuses_gives_its_rate_limit_slot_back(
    circle, thread, alice, monkeypatch
):
    limit, _ = messages.RATE_LIMIT
    post = database_sync_to_async(messages.message_post)
    for n in range(limit - 1):
        await post(thread=thread, author=alice, body=f"{n}")

    real_create = Message.objects.create

    def refused(**kwargs):
        raise DataError("the database refused the row")

    monkeypatch.setattr(Message.objects, "create", refused)
    with pytest.raises(DataError):
        await post(thread=thread, author=alice, body="refused")
    monkeypatch.setattr(Message.objects, "create", real_create)

    # The refused post was not counted, so this one is still within the limit.
    await post(thread=thread, author=alice, body="the last allowed")
    with pytest.raises(errors.RateLimited):
        await post(thread=thread, author=alice, body="one too many")
    assert await database_sync_to_async(Message.objects.count)() == limit
