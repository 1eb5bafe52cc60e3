"""Screenshots for docs/design.md: `make screenshots`.

Serves the seeded development database (`make run`'s, in var/) with uvicorn on a free port,
drives /usr/bin/chromium (or $CHROMIUM) with Playwright at a phone's and a laptop's width,
and writes PNGs to docs/screenshots/. Run `manage.py seed_demo` first (`make screenshots`
does). Nothing leaves the machine.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PASSWORD = "commonground-demo"

# (file name, who is signed in, path, width, full page[, links to follow from there])
SHOTS = [
    ("home-390", None, "/", 390, False),
    ("home-1280", None, "/", 1280, False),
    ("masterclasses-1280", None, "/masterclasses/", 1280, False),
    (
        "masterclass-390",
        None,
        "/masterclasses/collaborative-commissioning-in-practice/",
        390,
        False,
    ),
    ("guidance-1280", None, "/guidance/", 1280, False),
    ("directory-1280", "ceo@example.org", "/members/", 1280, False),
    ("suggestions-1280", "commissioner@example.org", "/matches/", 1280, False),
    ("availability-1280", "provider@example.org", "/bookings/availability/", 1280, True),
    ("circles-1280", "ceo@example.org", "/circles/", 1280, False),
    (
        "thread-1280",
        "ceo@example.org",
        "/circles/",
        1280,
        False,
        ["North West chief executives' circle", "Contract renewals with a 0% uplift"],
    ),
    ("member-390", "ceo@example.org", "/members/me/", 390, False),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen) -> None:
    for _ in range(300):
        if process.poll() is not None:
            sys.exit(f"The server stopped (exit {process.returncode}).")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.1)  # polling for the server to accept connections, not timing a test
    sys.exit(f"The server did not answer at {url}.")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "SITE_URL": base, "DEBUG": "true"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_for(base + "/", server)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            contexts = {}
            for name, who, path, width, full, *follow in SHOTS:
                if who not in contexts:
                    contexts[who] = browser.new_context(viewport={"width": 1280, "height": 900})
                    if who:
                        page = contexts[who].new_page()
                        page.goto(base + "/accounts/login/")
                        page.fill("input[name=login]", who)
                        page.fill("input[name=password]", PASSWORD)
                        page.click("form button[type=submit]")
                        page.wait_for_load_state()
                        page.close()
                page = contexts[who].new_page()
                page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
                page.goto(base + path)
                for link in follow[0] if follow else []:
                    page.get_by_role("link", name=link).first.click()
                    page.wait_for_load_state()
                page.wait_for_load_state("networkidle")
                for img in page.locator("img[loading=lazy]").all():
                    img.scroll_into_view_if_needed()
                page.evaluate("window.scrollTo(0, 0)")
                page.screenshot(path=str(OUT / f"{name}.png"), full_page=full)
                page.close()
                print(f"docs/screenshots/{name}.png")
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
