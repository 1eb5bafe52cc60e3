"""Redis goes away for a few seconds while people use the site (issue 10, part 3).

The site runs over a private redis-server that the test stops and starts (`on_private_redis`),
never the shared one. Pages keep serving from the database with the cache degraded to misses,
open sockets close with the documented code and reconnect once Redis is back, and nothing is
logged above WARNING. The message-level guarantees (no lost or duplicated chat message after
resume) build on the same fixture in tests/peer_support/.
"""

import asyncio
import json
import logging
import re
import time

import httpx
import pytest
from django.test import Client

from core.channel_layer import CLOSE_CHANNEL_LAYER_UNAVAILABLE
from tests.factories import (
    PASSWORD,
    CircleMembershipFactory,
    GuidancePageFactory,
    MasterclassPageFactory,
    MemberFactory,
)

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

OUTAGE_SECONDS = 4
RECOVERY_SECONDS = 3


@pytest.fixture(autouse=True)
def _uvicorn_logs(caplog):
    """uvicorn's loggers do not propagate to the root, where caplog listens."""
    logger = logging.getLogger("uvicorn")
    logger.addHandler(caplog.handler)
    yield
    logger.removeHandler(caplog.handler)


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _log_in(http: httpx.Client, email: str, password: str) -> httpx.Response:
    form = http.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    return http.post(
        "/accounts/login/",
        data={"login": email, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{http.base_url}/accounts/login/"},
    )


def _serious(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def test_pages_serve_while_redis_is_down_and_use_the_cache_again_once_it_is_back(
    live_asgi_server, on_private_redis, caplog
):
    member, visitor = MemberFactory(), MemberFactory()
    pages = ["/", MasterclassPageFactory().url, GuidancePageFactory().url, "/accounts/login/"]
    signed_in = ["/", "/members/me/", "/members/", "/circles/", "/bookings/"]
    redis = on_private_redis.client()
    site_roots_cached = lambda: bool(redis.keys("*wagtail_site_root_paths*"))  # noqa: E731

    with (
        caplog.at_level(logging.INFO),
        httpx.Client(base_url=live_asgi_server.url, timeout=10) as anonymous,
        httpx.Client(
            base_url=live_asgi_server.url,
            timeout=10,
            cookies={"sessionid": _session_cookie(member.user)},
            follow_redirects=True,
        ) as signed,
    ):
        assert [anonymous.get(path).status_code for path in pages] == [200] * len(pages)
        assert site_roots_cached()

        on_private_redis.stop()
        answers: list[tuple[str, int, float]] = []
        outage_ends = time.monotonic() + OUTAGE_SECONDS
        while time.monotonic() < outage_ends:
            for client, paths in ((anonymous, pages), (signed, signed_in)):
                for path in paths:
                    started = time.monotonic()
                    status = client.get(path).status_code
                    answers.append((path, status, time.monotonic() - started))
        refused_log_in = _log_in(anonymous, visitor.user.email, "wrong")
        with httpx.Client(base_url=live_asgi_server.url, timeout=10) as newcomer:
            log_in = _log_in(newcomer, visitor.user.email, PASSWORD)

        on_private_redis.start()
        back = time.monotonic()
        while not site_roots_cached():
            assert time.monotonic() - back < RECOVERY_SECONDS, "the cache was not used again"
            anonymous.get("/")
            time.sleep(0.1)

    assert {status for _, status, _ in answers} == {200}, answers
    assert max(seconds for *_, seconds in answers) < 2, "a dead Redis stalled a request"
    assert refused_log_in.status_code == 200
    assert "The email address and/or password you specified are not correct." in (
        refused_log_in.text
    )
    assert log_in.status_code == 302
    assert _serious(caplog) == []
    cache_warnings = [
        r for r in caplog.records if r.name == "core.cache" and r.levelno == logging.WARNING
    ]
    assert len(cache_warnings) == 1


async def _open_socket(url: str, slug: str, cookie: str):
    from websockets.asyncio.client import connect

    socket = await connect(
        f"{url.replace('http://', 'ws://')}/ws/circles/{slug}/",
        origin=url,
        additional_headers={"Cookie": f"sessionid={cookie}"},
    )
    while json.loads(await asyncio.wait_for(socket.recv(), timeout=5))["type"] != "hello":
        pass
    return socket


async def _close_code(socket) -> int:
    from websockets.exceptions import ConnectionClosed

    try:
        while True:
            await asyncio.wait_for(socket.recv(), timeout=10)
    except ConnectionClosed as closed:
        return closed.rcvd.code


def test_an_open_socket_closes_with_the_documented_code_and_reconnects_once_redis_is_back(
    live_asgi_server, on_private_redis, caplog
):
    membership = CircleMembershipFactory()
    slug, cookie = membership.circle.slug, _session_cookie(membership.member.user)

    from websockets.exceptions import ConnectionClosed

    async def outage() -> tuple[int, float, int]:
        socket = await _open_socket(live_asgi_server.url, slug, cookie)
        on_private_redis.stop()
        code = await _close_code(socket)
        await asyncio.sleep(1)
        on_private_redis.start()
        back, attempts = time.monotonic(), 0
        while True:
            attempts += 1
            try:
                socket = await _open_socket(live_asgi_server.url, slug, cookie)
                break
            except (TimeoutError, OSError, ConnectionClosed):
                if time.monotonic() - back > RECOVERY_SECONDS:
                    raise
                await asyncio.sleep(0.2)
        await socket.close()
        return code, time.monotonic() - back, attempts

    with caplog.at_level(logging.INFO):
        code, reconnected_after, attempts = asyncio.run(outage())

    assert code == CLOSE_CHANNEL_LAYER_UNAVAILABLE
    assert reconnected_after < RECOVERY_SECONDS
    assert attempts == 1, "the first socket after Redis returned was refused"
    messages = [r.getMessage() for r in caplog.records]
    assert not [m for m in messages if "Exception in ASGI application" in m]
    assert not [m for m in messages if "Timeout reading from" in m]
    assert _serious(caplog) == []
