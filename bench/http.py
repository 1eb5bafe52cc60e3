"""`python -m bench http`: throughput and latency of key pages next to a bare Django view.

Starts one uvicorn process with production settings on a seeded database, then loads each
page with concurrent clients for a fixed time. Ratios against the bare view, measured in
the same run, are what to compare between machines and commits.
"""

import argparse

import httpx

from bench.report import measure_pages
from bench.server import prepared_environment, running_servers, session_cookie_for, setup_django

BASELINE = ("bare HttpResponse", "/bench/bare/", None)

# (name, path, signed-in member's email or None). Each area adds its key pages here.
PAGES: list[tuple[str, str, str | None]] = [
    ("home", "/", None),
    ("log in", "/accounts/login/", None),
    ("member directory", "/members/", "ceo@example.org"),
    ("member directory search", "/members/?role=commissioner&place=south-west", "ceo@example.org"),
    ("member page", "/members/me/", "ceo@example.org"),
    ("suggestions (demo)", "/matches/", "commissioner@example.org"),
    ("my bookings", "/bookings/", "provider@example.org"),
    ("masterclass listing", "/masterclasses/", None),
    ("masterclass listing filtered", "/masterclasses/?topic=governance&format=online", None),
    (
        "masterclass page (member)",
        "/masterclasses/collaborative-commissioning-in-practice/",
        "ceo@example.org",
    ),
    ("guidance page", "/guidance/what-is-collaborative-commissioning/", None),
    ("my masterclasses", "/my-masterclasses/", "ceo@example.org"),
]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench http", description=__doc__)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per page")
    parser.add_argument("--concurrency", type=int, default=8, help="simultaneous clients")
    args = parser.parse_args(argv)

    env = prepared_environment()
    setup_django(env)
    cookies = {email: session_cookie_for(email) for _, _, email in PAGES if email}
    with running_servers(env) as (url,):
        pages = []
        for name, path, email in [BASELINE, *PAGES]:
            headers = cookies.get(email, {})
            if email:
                # Resolve a redirect such as /members/me/ once, so each request is one page.
                response = httpx.get(url + path, headers=headers)
                if response.is_redirect:
                    path = response.headers["location"]
            pages.append((name, path, headers))
        measure_pages(url, pages, concurrency=args.concurrency, duration=args.duration)
    return 0
