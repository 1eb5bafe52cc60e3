"""Two real server processes share the Redis channel layer: a message sent through one
reaches a member connected to the other."""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings

from tests.conftest import _free_port
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


def _start_server(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),  # the test database, named while this test runs
        "REDIS_URL": settings.REDIS_URL,
        "DEBUG": "true",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--lifespan",
            "off",
        ],
        env=env,
        cwd=settings.BASE_DIR,
    )


def _wait_until_listening(process: subprocess.Popen, port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The server on port {port} exited with {process.returncode}.")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"The server on port {port} did not start in {timeout}s.")


async def _frame_of_type(ws, wanted: str) -> dict:
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
        if frame["type"] == wanted:
            return frame


async def _exchange(ports, slug, thread_id, cookies) -> tuple[dict, dict]:
    from websockets.asyncio.client import connect

    def open_socket(port, cookie):
        return connect(
            f"ws://127.0.0.1:{port}/ws/circles/{slug}/",
            origin=f"http://127.0.0.1:{port}",
            additional_headers={"Cookie": cookie},
        )

    async with open_socket(ports[0], cookies[0]) as a, open_socket(ports[1], cookies[1]) as b:
        await _frame_of_type(a, "hello")
        await _frame_of_type(b, "hello")
        await a.send(json.dumps({"type": "message.send", "thread": thread_id, "body": "Across"}))
        ack = await _frame_of_type(a, "message.ack")
        created = await _frame_of_type(b, "message.created")
        return ack, created


def test_a_message_sent_through_one_process_reaches_a_member_on_the_other():
    membership = CircleMembershipFactory()
    circle = membership.circle
    other = CircleMembershipFactory(circle=circle).member
    thread = ThreadFactory(circle=circle)
    cookies = [
        dict(session_headers(member.user))[b"cookie"].decode()
        for member in (membership.member, other)
    ]
    ports = [_free_port(), _free_port()]
    servers = [_start_server(port) for port in ports]
    try:
        for server, port in zip(servers, ports, strict=True):
            _wait_until_listening(server, port)
        ack, created = asyncio.run(_exchange(ports, circle.slug, thread.pk, cookies))
        assert created["message"]["id"] == ack["id"]
        assert created["message"]["body"] == "Across"
        assert created["message"]["author"]["id"] == membership.member.pk
    finally:
        for server in servers:
            server.kill()
            server.wait(timeout=10)
