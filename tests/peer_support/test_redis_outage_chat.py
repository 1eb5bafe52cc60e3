"""Chat through a Redis outage (issue 10, part 3): no message lost or duplicated after resume.

Two members talk over real sockets to a real server whose cache and channel layer use a
private redis-server (`on_private_redis`), never the shared one. The test stops it: both sockets
close with the documented 4503, and meanwhile one member keeps posting through the page's
ordinary form (the no-JavaScript path), which must not 500 although the rate limiter's cache
is gone. Redis comes back; each client reconnects (the first attempt succeeds, within seconds),
resumes from the last change it saw, and talks on. Each client's view then holds every message
exactly as the database does, and no version of a message reached it twice. Nothing is
logged above WARNING, no "Exception in ASGI application" and no "Timeout reading from Redis".
"""

import asyncio
import json
import logging
import time

import httpx
import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from core.channel_layer import CLOSE_CHANNEL_LAYER_UNAVAILABLE
from peer_support.models import Circle, Message
from peer_support.services import messages
from tests.factories import CircleMembershipFactory, ThreadFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

RECOVERY_SECONDS = 3
CSRF_SECRET = "a" * 32  # Django accepts the unmasked secret as the request token.


@pytest.fixture(autouse=True)
def _uvicorn_logs(caplog):
    """uvicorn's loggers do not propagate to the root, where caplog listens."""
    logger = logging.getLogger("uvicorn")
    logger.addHandler(caplog.handler)
    yield
    logger.removeHandler(caplog.handler)


def _session_cookie(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


class ChatClient:
    """What circle.js keeps: every message it shows at the version it shows, and the last
    change it saw, which it resumes from after reconnecting."""

    def __init__(self, url: str, slug: str, cookie: str, last_change: int):
        self.url, self.slug, self.cookie = url, slug, cookie
        self.last_change = last_change
        self.view: dict[int, int] = {}  # message id -> change id shown
        self.received: list[tuple[int, int]] = []  # every (id, change) delivered, in order
        self.acks: list[int] = []
        self.close_codes: list[int] = []
        self.socket = None
        self.reader: asyncio.Task | None = None
        self.changed = asyncio.Event()
        self.replayed = asyncio.Event()

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        self.socket = await connect(
            f"{self.url.replace('http://', 'ws://')}/ws/circles/{self.slug}/",
            origin=self.url,
            additional_headers={"Cookie": f"sessionid={self.cookie}"},
        )
        hello = json.loads(await asyncio.wait_for(self.socket.recv(), timeout=5))
        assert hello["type"] == "hello", hello
        self.replayed.clear()
        self.reader = asyncio.create_task(self._read())
        await self.socket.send(json.dumps({"type": "resume", "last_change": self.last_change}))
        await asyncio.wait_for(self.replayed.wait(), timeout=5)

    async def _read(self) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            async for text in self.socket:
                frame = json.loads(text)
                if frame["type"] in {"message.created", "message.updated"}:
                    self._apply(frame["message"])
                elif frame["type"] == "replay":
                    for message in frame["messages"]:
                        self._apply(message)
                    self.replayed.set()
                elif frame["type"] == "message.ack":
                    self.acks.append(frame["id"])
                    self.changed.set()
                elif frame["type"] in {"error", "resync"}:
                    raise AssertionError(f"unexpected {frame}")
        except ConnectionClosed:
            pass
        self.close_codes.append(self.socket.close_code)

    def _apply(self, message: dict) -> None:
        self.received.append((message["id"], message["change"]))
        self.last_change = max(self.last_change, message["change"])
        if self.view.get(message["id"], 0) < message["change"]:
            self.view[message["id"]] = message["change"]
        self.changed.set()

    async def send(self, thread_id: int, body: str) -> None:
        await self.socket.send(
            json.dumps({"type": "message.send", "thread": thread_id, "body": body})
        )

    async def until(self, condition, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), timeout=deadline - time.monotonic())

    async def closed(self) -> int:
        await asyncio.wait_for(self.reader, timeout=10)
        return self.close_codes[-1]


def test_chat_loses_and_duplicates_nothing_across_a_redis_outage(
    live_asgi_server, on_private_redis, caplog, monkeypatch
):
    monkeypatch.setattr(messages, "_unenforced", messages._Unenforced())
    alice = CircleMembershipFactory()
    circle = alice.circle
    bob = CircleMembershipFactory(circle=circle)
    thread = ThreadFactory(circle=circle)
    start = Circle.objects.get(pk=circle.pk).last_change_id
    url = live_asgi_server.url
    alice_cookie, bob_cookie = _session_cookie(alice.member.user), _session_cookie(bob.member.user)

    async def conversation() -> dict:
        a = ChatClient(url, circle.slug, alice_cookie, start)
        b = ChatClient(url, circle.slug, bob_cookie, start)
        await a.connect()
        await b.connect()
        for n in range(3):
            await a.send(thread.pk, f"Alice before {n}")
            await b.send(thread.pk, f"Bob before {n}")
        await a.until(lambda: len(a.view) == 6)
        await b.until(lambda: len(b.view) == 6)

        on_private_redis.stop()
        codes = [await a.closed(), await b.closed()]
        async with httpx.AsyncClient(
            base_url=url, cookies={"sessionid": bob_cookie, "csrftoken": CSRF_SECRET}
        ) as form:
            during = [
                (
                    await form.post(
                        thread.get_absolute_url(),
                        data={"body": f"Bob through the form {n}"},
                        headers={"X-CSRFToken": CSRF_SECRET},
                    )
                ).status_code
                for n in range(4)
            ]

        on_private_redis.start()
        back = time.monotonic()
        await a.connect()  # the first attempt after Redis is back
        await b.connect()
        reconnected_after = time.monotonic() - back
        for n in range(2):
            await a.send(thread.pk, f"Alice after {n}")
            await b.send(thread.pk, f"Bob after {n}")
        await a.until(lambda: len(a.view) == 14)
        await b.until(lambda: len(b.view) == 14)
        await a.socket.close()
        await b.socket.close()
        await a.closed()  # re-raises anything the readers found wrong
        await b.closed()
        return {
            "codes": codes,
            "during": during,
            "reconnected_after": reconnected_after,
            "clients": (a, b),
        }

    with caplog.at_level(logging.INFO):
        outcome = asyncio.run(conversation())

    assert outcome["codes"] == [CLOSE_CHANNEL_LAYER_UNAVAILABLE] * 2
    assert outcome["during"] == [302] * 4  # saved and redirected to, not a 500
    assert outcome["reconnected_after"] < RECOVERY_SECONDS
    in_database = dict(Message.objects.filter(circle=circle).values_list("id", "change_id"))
    assert len(in_database) == 14
    for client in outcome["clients"]:
        assert client.view == in_database  # nothing lost, every version the latest
        assert len(client.received) == len(set(client.received))  # nothing delivered twice
    logged = [r.getMessage() for r in caplog.records]
    assert not [m for m in logged if "Exception in ASGI application" in m]
    assert not [m for m in logged if "Timeout reading from" in m]
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    unenforced = [m for m in logged if "rate limit not enforced" in m]
    assert len(unenforced) == 1
