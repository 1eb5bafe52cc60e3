"""Wagtail's `serve` view, with the work of finding the page kept in the cache.

Finding a page costs Wagtail a query for the site, two per level of the page tree (the page,
then its specific type) and two for view restrictions: 7 queries for a masterclass, before
the page does anything. Here the site, the route (page, args, kwargs) and the restrictions
that apply are kept in the cache under the page cache's generation (core/page_cache.py), so
publishing, unpublishing, moving or deleting any page, or changing a restriction, finds
pages afresh. Restrictions are still *checked* on every request, by Wagtail's own hook: only
the list of them is cached (`core.page_cache.CachedViewRestrictions` on the page classes).

Every page URL a template shows asks Wagtail for the sites' root paths, which Wagtail keeps
in the shared cache: a Redis round trip per request, and one more per page object asked
without the request (`page.full_url`). They are kept in this process's memory under the
same generation, which saving a site or moving a page starts afresh.
"""

from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from core.page_cache import (
    PAGES_CACHE,
    CachedViewRestrictions,
    _digest,
    _seconds,
    generation_for,
)


def serve(request: HttpRequest, path: str) -> HttpResponse:
    generation = generation_for(request)
    if generation is not None:
        try:
            key = f"pageroute:{generation}:{_digest(f'{request.get_host()}:{path}')}"
        except DisallowedHost:
            key = None
        if key is not None:
            _route(request, path, key)
        _site_root_paths(request, generation)
    return wagtail_views.serve(request, path)


def _site_root_paths(request: HttpRequest, generation: int) -> None:
    # Wagtail reads `_wagtail_cached_site_root_paths` from the request, or from the page
    # when asked without one, before its own cache.
    key = f"siteroots:{generation}"
    paths = caches[PAGES_CACHE].get(key)
    if paths is None:
        paths = Site.get_site_root_paths()
        caches[PAGES_CACHE].set(key, paths, _seconds())
    request._wagtail_cached_site_root_paths = paths
    route = getattr(request, "_wagtail_route_for_request", None)
    if route is not None:
        route[0]._wagtail_cached_site_root_paths = paths


def _route(request: HttpRequest, path: str, key: str) -> None:
    stored = caches[PAGES_CACHE].get(key)
    if stored is not None:
        request._wagtail_site, request._wagtail_route_for_request = stored
        return
    route = Page.route_for_request(request, path)
    if route is None:
        return  # a 404: not worth keeping
    page = route[0]
    if not isinstance(page, CachedViewRestrictions):
        return
    page.cached_view_restrictions = list(Page.get_view_restrictions(page))
    caches[PAGES_CACHE].set(key, (Site.find_for_request(request), route), _seconds())
