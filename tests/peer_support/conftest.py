"""Helpers for circle tests: a circle with members, and authenticated socket connections."""

import pytest
from channels.db import database_sync_to_async
from channels.testing.websocket import WebsocketCommunicator
from django.test import Client

from tests.factories import CircleFactory, CircleMembershipFactory, ThreadFactory

ORIGIN = b"http://localhost"


@pytest.fixture(autouse=True)
def _fresh_channel_layer():
    """Each async test runs its own event loop; a Redis channel layer made in an earlier
    loop cannot be reused, so every test starts with a new one."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block's on-commit callbacks (emails, broadcasts) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice.user)
    return client


@pytest.fixture
def facilitator_client(client, circle):
    client.force_login(circle.facilitator.user)
    return client


@pytest.fixture
def circle(db):
    return CircleFactory()


@pytest.fixture
def thread(circle):
    return ThreadFactory(circle=circle)


@pytest.fixture
def alice(circle):
    """A member of `circle` who has accepted the agreement."""
    return CircleMembershipFactory(circle=circle).member


@pytest.fixture
def bob(circle):
    return CircleMembershipFactory(circle=circle).member


def session_headers(user, origin: bytes = ORIGIN) -> list[tuple[bytes, bytes]]:
    """The cookie a browser signed in as `user` would send, plus its Origin."""
    client = Client()
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    return [(b"cookie", cookie), (b"origin", origin)]


async def communicator(slug: str, user=None, origin: bytes = ORIGIN) -> WebsocketCommunicator:
    from config.asgi import application

    if user is not None:
        headers = await database_sync_to_async(session_headers)(user, origin)
    else:
        headers = [(b"origin", origin)]
    return WebsocketCommunicator(application, f"/ws/circles/{slug}/", headers=headers)


IGNORED = {"presence", "typing", "hello", "mention"}


async def receive_type(comm: WebsocketCommunicator, wanted: str, timeout: float = 3) -> dict:
    """The next frame of type `wanted`. Presence, typing, hello and mention frames are skipped;
    other frames are kept (acks and broadcasts may interleave in either order) and checked
    later with `unclaimed`."""
    stash = comm.__dict__.setdefault("stash", [])
    for frame in stash:
        if frame["type"] == wanted:
            stash.remove(frame)
            return frame
    while True:
        frame = await comm.receive_json_from(timeout=timeout)
        if frame["type"] == wanted:
            return frame
        if frame["type"] not in IGNORED:
            stash.append(frame)


def unclaimed(comm: WebsocketCommunicator) -> list[dict]:
    """Frames received but not asked for: a test expecting none asserts this is empty."""
    return comm.__dict__.get("stash", [])


async def receive_close(comm: WebsocketCommunicator, timeout: float = 3) -> int:
    """Skip data frames until the server closes; return the close code."""
    while True:
        output = await comm.receive_output(timeout=timeout)
        if output["type"] == "websocket.close":
            return output["code"]
