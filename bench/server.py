"""Start the site in real server processes, the way production runs it (benchmarks, and
the tests that need several processes).

`prepared_environment()` gives production settings (DEBUG off, a throwaway secret, hashed
static files) over a freshly migrated and seeded database: SQLite in `var/bench/` by
default, or whatever DATABASE_URL and REDIS_URL name. `running_servers()` starts uvicorn
processes of `config.asgi:application` and waits until each accepts connections.
"""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepared_environment(*, fresh: bool = True) -> dict[str, str]:
    """Environment for production-like processes, with the database migrated and seeded."""
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
            "EMAIL_URL": "dummymail://",
            "MEDIA_ROOT": str(BENCH_VAR / "media"),
        }
    )
    if "DATABASE_URL" not in os.environ:
        database = BENCH_VAR / "bench.sqlite3"
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{database}"
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput"], ["seed_demo"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [*manage, *command, "-v", "0"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
        )
    return env


def setup_django(env: dict[str, str]) -> None:
    """Use the benchmark's database from this process too (to create sessions or data)."""
    os.environ.update(env)
    import django

    django.setup()


def session_cookie_for(email: str) -> dict[str, str]:
    """A signed-in session for `email`, as the cookie header a browser would send."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    from network.models import User

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore

    user = User.objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]  # as a sign-in leaves it
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    # A browser that has seen a form here holds a CSRF secret too: without one, every
    # response would set a new one (and /matches/ would render its cards afresh for each).
    secret = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)
    return {
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={secret}"
    }


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"server on port {port} did not start within {timeout}s")


class Servers(list):
    """The servers' base URLs, and (`pids`) their process ids."""

    pids: list[int]


@contextlib.contextmanager
def running_servers(env: dict[str, str], count: int = 1) -> Iterator[Servers]:
    """`count` uvicorn processes serving the site; yields their base URLs."""
    processes = []
    urls = Servers(f"http://127.0.0.1:{free_port()}" for _ in range(count))
    # Sockets check their Origin against CSRF_TRUSTED_ORIGINS when DEBUG is off.
    trusted = [*filter(None, env.get("CSRF_TRUSTED_ORIGINS", "").split(",")), *urls]
    env = {**env, "CSRF_TRUSTED_ORIGINS": ",".join(trusted)}
    try:
        for url in urls:
            port = int(url.rsplit(":", 1)[1])
            processes.append(
                subprocess.Popen(
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
                        "--no-access-log",
                        # As in production (README, Processes): no per-socket compression.
                        "--ws-per-message-deflate",
                        "false",
                    ],
                    env=env,
                    cwd=ROOT,
                )
            )
        for url, process in zip(urls, processes, strict=True):
            _wait_for_port(int(url.rsplit(":", 1)[1]), process)
        urls.pids = [process.pid for process in processes]
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
