"""`python -m bench http`: throughput and latency of key pages next to a bare Django view.

Starts one uvicorn process with production settings on a seeded database, then loads each
page with concurrent clients for a fixed time. Ratios against the bare view, measured in
the same run, are what to compare between machines and commits.
"""

import argparse

import httpx

from bench.report import NO_PAGE_CACHE_HEADER, Page, measure_pages
from bench.server import prepared_environment, running_servers, session_cookie_for, setup_django

BASELINE = ("bare HttpResponse", "/bench/bare/", None, None)

UNCACHED = {NO_PAGE_CACHE_HEADER: "1"}
MASTERCLASS = "/masterclasses/collaborative-commissioning-in-practice/"
GUIDANCE = "/guidance/what-is-collaborative-commissioning/"

# (name, path, signed-in member's email or None, target ratio to the bare view or None).
# The targets are issue 11's. Anonymous pages are measured twice: rendered (the page cache
# skipped) and from the page cache. Each area adds its key pages here.
PAGES: list[tuple[str, str, str | None, float | None]] = [
    ("home (rendered)", "/", None, 0.35),
    ("home (from cache)", "/", None, 0.80),
    ("masterclass listing (rendered)", "/masterclasses/", None, 0.35),
    ("masterclass listing (from cache)", "/masterclasses/", None, 0.80),
    ("masterclass page (member)", MASTERCLASS, "ceo@example.org", 0.35),
    ("guidance page (rendered)", GUIDANCE, None, 0.35),
    ("guidance page (from cache)", GUIDANCE, None, 0.80),
    ("member directory", "/members/", "ceo@example.org", 0.35),
    ("masterclass page (from cache)", MASTERCLASS, None, None),
    ("masterclass listing filtered", "/masterclasses/?topic=governance&format=online", None, None),
    ("masterclass RSS (from cache)", "/masterclasses/feed/", None, None),
    ("home (member)", "/", "ceo@example.org", None),
    ("log in", "/accounts/login/", None, None),
    (
        "member directory search",
        "/members/?role=commissioner&place=south-west",
        "ceo@example.org",
        None,
    ),
    ("member page", "/members/me/", "ceo@example.org", None),
    ("suggestions (demo)", "/matches/", "commissioner@example.org", None),
    ("my bookings", "/bookings/", "provider@example.org", None),
    ("my masterclasses", "/my-masterclasses/", "ceo@example.org", None),
]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench http", description=__doc__)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per page")
    parser.add_argument("--concurrency", type=int, default=8, help="simultaneous clients")
    parser.add_argument("--only", default="", help="only pages whose name contains this")
    args = parser.parse_args(argv)

    env = prepared_environment()
    setup_django(env)
    cookies = {email: session_cookie_for(email) for _, _, email, _ in PAGES if email}
    chosen = [p for p in PAGES if args.only in p[0]]
    with running_servers(env) as (url,):
        pages = []
        for name, path, email, target in [BASELINE, *chosen]:
            headers = dict(cookies.get(email, {}))
            if email:
                # Resolve a redirect such as /members/me/ once, so each request is one page.
                response = httpx.get(url + path, headers=headers)
                if response.is_redirect:
                    path = response.headers["location"]
            if "(rendered)" in name:
                headers.update(UNCACHED)
            pages.append(Page(name, path, headers, target))
        measure_pages(url, pages, concurrency=args.concurrency, duration=args.duration)
    return 0
