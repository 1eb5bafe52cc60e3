"""Who may open a socket (scheme, host and port of its Origin), and how it ends without Redis."""

import pytest
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.testing import WebsocketCommunicator

from core.channel_layer import CLOSE_CHANNEL_LAYER_UNAVAILABLE, ChannelLayerUnavailable
from core.websocket import (
    CloseWhenChannelLayerUnavailable,
    origin_is_same_host,
    origin_is_trusted,
)

SITE = "https://commonground.example.org"


@pytest.mark.parametrize(
    ("origin", "trusted"),
    [
        (SITE, True),
        ("https://commonground.example.org:443", True),
        ("http://commonground.example.org", False),  # scheme
        ("https://commonground.example.org:8443", False),  # port
        ("https://evil.example.org", False),
        ("https://commonground.example.org.evil.net", False),
        ("null", False),
        ("", False),
        ("https://[::1", False),
    ],
)
def test_an_origin_is_trusted_only_with_the_same_scheme_host_and_port(origin, trusted):
    assert origin_is_trusted(origin, [SITE]) is trusted


def test_a_wildcard_trusted_origin_admits_subdomains_on_its_scheme_and_port():
    trusted = ["https://*.example.org"]

    assert origin_is_trusted("https://chat.example.org", trusted)
    assert not origin_is_trusted("http://chat.example.org", trusted)
    assert not origin_is_trusted("https://chat.example.org:8443", trusted)
    assert not origin_is_trusted("https://example.net", trusted)


@pytest.mark.parametrize(
    ("origin", "host", "same"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1:8000", True),
        ("http://localhost", "localhost", True),
        ("http://127.0.0.1:9201", "127.0.0.1:8000", False),
        ("http://127.0.0.1", "127.0.0.1:8000", False),
        ("http://localhost:8000", "127.0.0.1:8000", False),
        ("http://127.0.0.1:8000", "", False),
    ],
)
def test_the_same_host_rule_compares_host_and_port(origin, host, same):
    assert origin_is_same_host(origin, host) is same


def _headers(origin: str, host: str = "127.0.0.1:8000") -> list[tuple[bytes, bytes]]:
    return [(b"origin", origin.encode()), (b"host", host.encode())]


async def _connects(headers) -> bool:
    from config.asgi import application

    communicator = WebsocketCommunicator(application, "/ws/circles/any/", headers=headers)
    try:
        connected, _ = await communicator.connect()
        return connected
    finally:
        await communicator.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db
async def test_in_production_the_site_refuses_origins_not_in_csrf_trusted_origins(settings):
    settings.DEBUG = False
    settings.CSRF_TRUSTED_ORIGINS = ["http://127.0.0.1:8000"]

    assert not await _connects(_headers("http://127.0.0.1:9201"))
    assert not await _connects(_headers("https://127.0.0.1:8000"))
    assert await _connects(_headers("http://127.0.0.1:8000"))


@pytest.mark.asyncio
@pytest.mark.django_db
async def test_in_development_a_page_on_the_same_host_and_port_may_connect(settings):
    settings.DEBUG = True
    settings.CSRF_TRUSTED_ORIGINS = []

    assert await _connects(_headers("http://127.0.0.1:8000"))
    assert not await _connects(_headers("http://127.0.0.1:9201"))


class _LosesRedis(AsyncWebsocketConsumer):
    accept_first = True

    async def connect(self):
        if self.accept_first:
            await self.accept()
        raise ChannelLayerUnavailable("Connection refused")


class _LosesRedisBeforeAccepting(_LosesRedis):
    accept_first = False


@pytest.mark.asyncio
@pytest.mark.parametrize("consumer", [_LosesRedis, _LosesRedisBeforeAccepting])
async def test_a_socket_that_loses_redis_closes_with_the_documented_code(consumer):
    app = CloseWhenChannelLayerUnavailable(consumer.as_asgi())
    communicator = WebsocketCommunicator(app, "/ws/")
    try:
        connected, _ = await communicator.connect()
        assert connected
        closed = await communicator.receive_output(timeout=2)
    finally:
        await communicator.disconnect()

    assert closed == {"type": "websocket.close", "code": CLOSE_CHANNEL_LAYER_UNAVAILABLE}
    assert CLOSE_CHANNEL_LAYER_UNAVAILABLE == 4503
