"""Two real server processes share the Redis channel layer: a message sent through one
reaches a member connected to the other, and the header badge of a member it mentions rises
on the other process too."""

import asyncio
import json
import os

import pytest
from django.conf import settings

from bench.server import running_servers
from tests.factories import CircleMembershipFactory, ThreadFactory
from tests.peer_support.conftest import session_headers

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


async def _frame_of_type(ws, wanted: str) -> dict:
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
        if frame["type"] == wanted:
            return frame


async def _exchange(urls, slug, thread_id, cookies) -> tuple[dict, dict]:
    from websockets.asyncio.client import connect

    def open_socket(url, cookie):
        return connect(
            f"{url.replace('http://', 'ws://')}/ws/circles/{slug}/",
            origin=url,
            additional_headers={"Cookie": cookie},
        )

    async with open_socket(urls[0], cookies[0]) as a, open_socket(urls[1], cookies[1]) as b:
        await _frame_of_type(a, "hello")
        await _frame_of_type(b, "hello")
        await a.send(json.dumps({"type": "message.send", "thread": thread_id, "body": "Across"}))
        ack = await _frame_of_type(a, "message.ack")
        created = await _frame_of_type(b, "message.created")
        return ack, created


def _environment() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": _database_url(),  # the test database, named while this test runs
        "REDIS_URL": settings.REDIS_URL,
        "DEBUG": "true",
    }


async def _mention_raises_badge(urls, slug, thread_id, cookies, body) -> tuple[dict, dict]:
    from websockets.asyncio.client import connect

    sender_url, reader_url = urls
    circle = connect(
        f"{sender_url.replace('http://', 'ws://')}/ws/circles/{slug}/",
        origin=sender_url,
        additional_headers={"Cookie": cookies[0]},
    )
    badge = connect(
        f"{reader_url.replace('http://', 'ws://')}/ws/notifications/",
        origin=reader_url,
        additional_headers={"Cookie": cookies[1]},
    )
    async with circle as a, badge as b:
        await _frame_of_type(a, "hello")
        before = await _frame_of_type(b, "unread")
        await a.send(json.dumps({"type": "message.send", "thread": thread_id, "body": body}))
        await _frame_of_type(a, "message.ack")
        after = await _frame_of_type(b, "unread")
        return before, after


def test_a_mention_through_one_process_raises_the_badge_on_the_other():
    membership = CircleMembershipFactory()
    circle = membership.circle
    other = CircleMembershipFactory(circle=circle).member
    thread = ThreadFactory(circle=circle)
    cookies = [
        dict(session_headers(member.user))[b"cookie"].decode()
        for member in (membership.member, other)
    ]
    with running_servers(_environment(), count=2) as urls:
        before, after = asyncio.run(
            _mention_raises_badge(
                urls, circle.slug, thread.pk, cookies, f"Over to you @{other.name}"
            )
        )

    assert before == {"type": "unread", "count": 0}
    assert after == {"type": "unread", "count": 1}


def test_a_message_sent_through_one_process_reaches_a_member_on_the_other():
    membership = CircleMembershipFactory()
    circle = membership.circle
    other = CircleMembershipFactory(circle=circle).member
    thread = ThreadFactory(circle=circle)
    cookies = [
        dict(session_headers(member.user))[b"cookie"].decode()
        for member in (membership.member, other)
    ]
    with running_servers(_environment(), count=2) as urls:
        ack, created = asyncio.run(_exchange(urls, circle.slug, thread.pk, cookies))

    assert created["message"]["id"] == ack["id"]
    assert created["message"]["body"] == "Across"
    assert created["message"]["author"]["id"] == membership.member.pk
