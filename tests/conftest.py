"""Fixtures shared by every area's tests: members, a live ASGI server and a real browser."""

import os
import shutil
import socket
import subprocess
import threading
import time

import pytest
import uvicorn
from django.core.cache import cache

from tests.factories import PASSWORD, MemberFactory

# Debian's Chromium, where scripts/ensure-browser (run by `make test`) looks for it.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    """Tests of guarantees only PostgreSQL or Redis can show run in CI's second pass.

    On the embedded default they are reported as skipped with the reason, never dropped
    silently; with DATABASE_URL and REDIS_URL set they run like every other test.
    """
    from django.conf import settings

    _restore_reference_data_after_flushes(items)
    items.sort(key=lambda item: "browser" in item.keywords)  # stable: otherwise unchanged
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    on_redis = bool(settings.REDIS_URL)
    for item in items:
        if "redis" in item.keywords and not on_redis:
            item.add_marker(
                pytest.mark.skip(
                    reason="needs Redis: the in-memory channel layer cannot cross processes "
                    "(runs in .ci/run's PostgreSQL and Redis pass)"
                )
            )
        elif "postgres" in item.keywords and not on_postgres:
            item.add_marker(
                pytest.mark.skip(
                    reason="needs PostgreSQL: SQLite serialises writers, so it cannot show this "
                    "concurrency guarantee (runs in .ci/run's PostgreSQL pass)"
                )
            )


def _restore_reference_data_after_flushes(items) -> None:
    """Transactional tests end by emptying every table, including the reference data that
    migrations create (places, the Wagtail root and home page, CMS groups). Serialized
    rollback restores that snapshot before each such test, so test order never matters."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = (marker is not None and marker.kwargs.get("transaction")) or (
            {"transactional_db", "live_asgi_server"} & set(item.fixturenames)
        )
        if transactional:
            kwargs = {**(marker.kwargs if marker else {}), "transaction": True}
            kwargs["serialized_rollback"] = True
            # Prepended, so pytest-django reads this marker before any the test declared.
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Let every connection object find the snapshot serialized rollback restores.

    Django keeps connections in thread-critical storage that becomes per-context while an
    event loop runs in the thread, as Playwright's sync API leaves one. A browser test then
    gets a fresh connection object without the snapshot, and the restore is skipped.
    """
    from django.db import connections

    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Production's slow PBKDF2 would dominate the suite's time; hashing itself isn't under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    """Uploads, images and their renditions go to a folder of the test's own, never var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached fragments must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _trusted_test_origin(settings):
    """Sockets opened by `WebsocketCommunicator` say they come from http://localhost. Tests run
    with DEBUG off, so that origin is trusted, as production trusts its own in
    CSRF_TRUSTED_ORIGINS."""
    settings.CSRF_TRUSTED_ORIGINS = [*settings.CSRF_TRUSTED_ORIGINS, "http://localhost"]


@pytest.fixture(autouse=True)
def _tasks_run_when_queued(monkeypatch):
    """Background tasks run in the test's own process the moment they are queued, so a test
    sees their effects at once. This is django-q2's sync mode, except that a task that raises
    is recorded under Failed tasks as the cluster would record it, instead of raising into
    the code that queued it. Tests of the real worker turn it off."""
    from django_q import tasks
    from django_q.conf import Conf

    def run_as_the_cluster_would(pack):
        from multiprocessing import Queue, Value

        from django_q.monitor import monitor
        from django_q.signing import SignedPackage
        from django_q.worker import worker

        task = SignedPackage.loads(pack)
        task["sync"] = False  # what the worker reads to decide whether to raise
        task_queue, result_queue = Queue(), Queue()
        task_queue.put(task)
        task_queue.put("STOP")
        worker(task_queue, result_queue, Value("f", -1))
        result_queue.put("STOP")
        monitor(result_queue)
        for queue in (task_queue, result_queue):
            queue.close()
            queue.join_thread()
        return task["id"]

    monkeypatch.setattr(Conf, "SYNC", True)
    monkeypatch.setattr(tasks, "_sync", run_as_the_cluster_would)


@pytest.fixture
def member(db):
    return MemberFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client


# --- A live ASGI server: HTTP and WebSockets, exactly as `make run` serves them ----------------


class LiveServer:
    def __init__(self, url: str):
        self.url = url
        self.ws_url = url.replace("http://", "ws://")

    def __str__(self) -> str:
        return self.url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_asgi_server(transactional_db, settings):
    """`config.asgi.application` under uvicorn in a thread, sharing the test database."""
    from channels.layers import channel_layers

    from config.asgi import application

    port = _free_port()
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    url = f"http://127.0.0.1:{port}"
    settings.CSRF_TRUSTED_ORIGINS = [*settings.CSRF_TRUSTED_ORIGINS, url]
    server = uvicorn.Server(
        uvicorn.Config(
            application, host="127.0.0.1", port=port, log_level="warning", lifespan="off"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("The live ASGI server did not start.")
        time.sleep(0.02)
    yield LiveServer(url)
    server.should_exit = True
    thread.join(timeout=10)
    # The server's event loop is gone, but sockets it left open may still count as receivers on
    # the channel layer; the next server gets a layer of its own, as a new process would.
    channel_layers.backends.clear()


# --- A private Redis that a test may stop and start (fault tests) ----------------------------


class PrivateRedis:
    """A `redis-server` of this test's own on a free port, without persistence.

    Fault tests stop and restart this one, never the shared Redis that REDIS_URL names.
    `stop()` kills it and returns once the port refuses connections; `start()` brings it back
    on the same port, empty, and returns once it answers PING.
    """

    def __init__(self, directory):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = directory
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.exceptions.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("The private redis-server did not start.") from None
                time.sleep(0.02)
            finally:
                client.close()

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def client(self):
        """A plain redis-py client, to look at what the site stored."""
        import redis

        return redis.Redis.from_url(self.url, socket_connect_timeout=0.5, socket_timeout=0.5)


@pytest.fixture
def private_redis(tmp_path):
    """A running private redis-server; skipped where the `redis-server` binary is missing."""
    if shutil.which("redis-server") is None:
        pytest.skip("needs the redis-server binary (apt-get install redis-server)")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def on_private_redis(private_redis, settings):
    """The site's cache and channel layer use `private_redis`, configured as in production."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": private_redis.url},
    }
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "core.channel_layer.ResilientRedisChannelLayer",
            "CONFIG": {"hosts": [private_redis.url], "prefix": "private"},
        }
    }
    return private_redis


# --- A real browser ---------------------------------------------------------------------------


NO_BROWSER = (
    "No browser for the browser tests: run `make browser` (scripts/ensure-browser), which "
    "installs Debian's chromium or Playwright's own, and says what to do if neither can be had."
)


def _launch_options() -> dict:
    """Debian's Chromium when installed; otherwise Playwright's own, if it is installed."""
    if os.path.exists(CHROMIUM):
        return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
    return {"args": CHROMIUM_ARGS}


@pytest.fixture(scope="module")
def browser():
    """One Chromium per browser-test module. Playwright's sync API keeps an event loop in
    this thread while it runs, which async tests could not share, so it stops after the
    module; browser tests also run last (see `pytest_collection_modifyitems`)."""
    from playwright.sync_api import Error, sync_playwright

    # Playwright's sync API keeps an event loop alive in this thread, which Django's
    # async-safety guard mistakes for async code calling the ORM. The tests themselves
    # are plain synchronous code, so the guard is switched off while a browser is open.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(headless=True, **_launch_options())
            except Error as error:  # failed outside the handler: one message, no traceback
                browser, reason = None, str(error).strip().splitlines()[0]
            if browser is None:
                pytest.fail(f"{NO_BROWSER}\n({reason})", pytrace=False)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 720}
# Main journeys run at both: `@pytest.mark.parametrize("viewport", BOTH_WIDTHS, ids=WIDTH_IDS)`.
BOTH_WIDTHS = [PHONE, LAPTOP]
WIDTH_IDS = ["390px", "1280px"]


@pytest.fixture
def viewport() -> dict:
    """The browser window's size; a test parametrised with `viewport` runs at each."""
    return LAPTOP


@pytest.fixture
def page(browser, live_asgi_server, viewport):
    context = browser.new_context(base_url=live_asgi_server.url, viewport=viewport)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def new_page(browser, live_asgi_server, viewport):
    """Open further pages in separate browser contexts: two people, two browsers."""
    contexts = []

    def open_page():
        context = browser.new_context(base_url=live_asgi_server.url, viewport=viewport)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def log_in(page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real allauth form."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("networkidle")


def follow_link(page, name: str) -> None:
    """Follow a menu link as a person would at this width: on a phone the link is inside a
    closed menu (a <details>), so they open the menu first."""
    link = page.get_by_role("link", name=name, exact=True, include_hidden=True)
    if not link.is_visible():
        link.locator("xpath=ancestor::details[1]/summary").click()
    link.click()
