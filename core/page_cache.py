"""The anonymous page cache: public Wagtail pages served from Django's cache with 0 queries.

A page opts in with `anonymous_page_cache = True` (masterclasses' pages do). Then:

- `AnonymousPageCacheMiddleware` answers a GET from someone with no session and no messages
  (no session or messages cookie: so never a signed-in member) from the cache when it can;
  otherwise it lets the page render and stores the response, but only when the page opted in,
  the answer is a 200, and nothing personal rides on it: no Set-Cookie (a CSRF token, a
  session, a message all set one), no `Cache-Control: private/no-store`.
- Every key carries the cache's *generation*. Publishing, unpublishing, moving or deleting a
  page, or changing what pages show (sessions, registrations, topics, speakers, places),
  starts a new generation (at once, and again after commit): so the page itself and every
  page that shows it (listings, the home page, related pages) are rendered afresh, in every
  process.
  Entries also expire after `PAGE_CACHE_SECONDS`, which bounds any staleness should a purge
  be lost while Redis was away.
- The generation lives in the default cache (Redis, shared by every process); what is keyed
  on it (pages, page routes, fragments) in each process's own memory (the `pages` cache), so
  a request asks Redis one thing. With Redis down (`core.cache.ResilientRedisCache` answers a
  miss) there is no generation, nothing is looked up or stored, and pages render as if there
  were no cache.

For an HTTP cache in front of the site, `wagtail.contrib.frontend_cache` purges it on publish
(`FRONTEND_CACHE_URL`, docs/performance.md).
"""

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache, caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpRequest, HttpResponse

GENERATION_KEY = "pagecache:generation"
# What is keyed on the generation (pages, routes, fragments) lives in each process's memory:
# only the generation itself is read from the shared cache, once a request, so a purge
# still reaches every process at once.
PAGES_CACHE = "pages"
HIT_HEADER = "X-Page-Cache"
CACHEABLE_ATTRIBUTE = "anonymous_page_cache"  # set on the request by the serve hook


def _seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


class Generation:
    """A number in the shared cache that starts afresh when what it covers changes: keys
    built on it are then never read again, in any process. None while the cache is
    unreachable: then nothing keyed on it should be looked up or stored."""

    def __init__(self, key: str):
        self.key = key

    def current(self) -> int | None:
        """The current generation; a new one if none is stored (a first start, or evicted)."""
        generation = cache.get(self.key)
        if generation is None:
            generation = time.time_ns()
            if not cache.add(self.key, generation, None):
                generation = cache.get(self.key)
            elif getattr(cache, "degraded", False):
                return None
        return generation

    def current_in(self, found: dict) -> int | None:
        """`current()`, from a `cache.get_many` that asked for `key` along with other keys
        (one round trip for several generations)."""
        return found[self.key] if self.key in found else self.current()

    def purge(self) -> None:
        """Start a new generation now."""
        cache.set(self.key, time.time_ns(), None)

    def purge_on_commit(self) -> None:
        """Purge at once (so the rest of this request and transaction see the change) and
        again once the change is committed, so a request that read the old content before
        the commit cannot leave it cached."""
        self.purge()
        transaction.on_commit(self.purge)


PAGES_GENERATION = Generation(GENERATION_KEY)


def _generation() -> int | None:
    return PAGES_GENERATION.current()


def generation_for(request: HttpRequest) -> int | None:
    """The generation, read once per request: every cached thing this request reads (the
    page, its route, fragments of it) comes from the same one."""
    if not hasattr(request, "_page_cache_generation"):
        request._page_cache_generation = _generation() if _seconds() > 0 else None
    return request._page_cache_generation


def purge() -> None:
    """Start a new generation now: every cached page is rendered afresh on its next visit."""
    PAGES_GENERATION.purge()


def purge_on_commit(**kwargs) -> None:
    """A signal receiver: purge at once and again once the change is committed."""
    PAGES_GENERATION.purge_on_commit()


def is_anonymous_request(request: HttpRequest) -> bool:
    """Someone with no session and no pending messages: nobody signed in, nothing personal."""
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


class AnonymousPageCacheMiddleware:
    """Place after the security and static-file middleware and before sessions."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def cacheable_request(self, request: HttpRequest) -> bool:
        return _seconds() > 0 and is_anonymous_request(request)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.cacheable_request(request):
            return self.get_response(request)
        try:
            host = request.get_host()
        except DisallowedHost:
            return self.get_response(request)  # Django answers it with a 400
        generation = generation_for(request)
        key = None
        if generation is not None:
            htmx = request.headers.get("HX-Request", "")
            url = f"{request.scheme}://{host}{request.get_full_path()}:{htmx}"
            key = f"pagecache:{generation}:{_digest(url)}"
            stored = caches[PAGES_CACHE].get(key)
            if stored is not None:
                return _rebuild(stored)
        response = self.get_response(request)
        if key is not None and _storable(request, response):
            caches[PAGES_CACHE].set(key, _freeze(response), _seconds())
        return response


def _digest(text: str) -> str:
    """A fixed-length key part for any URL, however long or odd."""
    return hashlib.sha256(text.encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        getattr(request, CACHEABLE_ATTRIBUTE, False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in cache_control
        and "no-store" not in cache_control
        and not _signed_in(request)
    )


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def _freeze(response: HttpResponse) -> tuple[int, list[tuple[str, str]], bytes]:
    return response.status_code, list(response.items()), response.content


def _rebuild(stored: tuple[int, list[tuple[str, str]], bytes]) -> HttpResponse:
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[HIT_HEADER] = "hit"
    return response


def mark_cacheable(page, request: HttpRequest, serve_args, serve_kwargs) -> None:
    """Wagtail's `before_serve_page` hook: let the middleware store this page's response if
    the page type opts in (and the visitor turns out to be anonymous)."""
    if getattr(page.specific_class, CACHEABLE_ATTRIBUTE, False):
        setattr(request, CACHEABLE_ATTRIBUTE, True)


class CachedViewRestrictions:
    """A page whose view restrictions can travel with its cached route (core/page_routes.py)."""

    cached_view_restrictions: list | None = None

    def get_view_restrictions(self):
        if self.cached_view_restrictions is not None:
            return self.cached_view_restrictions
        return super().get_view_restrictions()
