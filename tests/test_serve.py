"""`make serve` (scripts/serve) runs the site and the worker side by side, and Ctrl-C stops
both, with every process they started."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import _free_port

pytestmark = pytest.mark.django_db(transaction=True)


def _descendants(pid: int) -> dict[int, str]:
    """Every living process under `pid`, with its command line."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = {}, list(children.get(pid, []))
    while todo:
        child = todo.pop()
        try:
            found[child] = (
                (Path("/proc") / str(child) / "cmdline").read_bytes().replace(b"\0", b" ")
            )
        except OSError:
            continue
        todo.extend(children.get(child, []))
    return {child: command.decode(errors="replace") for child, command in found.items()}


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2)
    except urllib.error.HTTPError:
        return True  # any answer at all: the server is up
    except OSError:
        return False
    return True


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _alive(pid: int) -> bool:
    stat = Path("/proc") / str(pid) / "stat"
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_serve_runs_the_site_and_the_worker_and_ctrl_c_stops_both():
    port = _free_port()
    env = {
        **os.environ,
        "BIN": str(Path(sys.executable).parent),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DEBUG": "true",
        "DATABASE_URL": _database_url(),
        "TASK_QUEUE_NAME": f"test-serve-{uuid.uuid4().hex[:8]}",
    }
    script = subprocess.Popen(
        ["scripts/serve"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not (
            _answers(f"http://127.0.0.1:{port}/")
            and any("qcluster" in command for command in _descendants(script.pid).values())
        ):
            assert script.poll() is None, "scripts/serve stopped by itself"
            assert time.monotonic() < deadline, "the site and the worker did not both start"
            time.sleep(0.2)
        started = _descendants(script.pid)

        script.send_signal(signal.SIGINT)
        assert script.wait(timeout=30) == 130
        deadline = time.monotonic() + 30
        while left := [command for pid, command in started.items() if _alive(pid)]:
            assert time.monotonic() < deadline, f"still running after Ctrl-C: {left}"
            time.sleep(0.2)
    finally:
        if script.poll() is None:
            os.killpg(script.pid, signal.SIGKILL)
            script.wait()
