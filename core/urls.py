"""Apps' URLs at the site's root, skipped at once for paths that are not theirs.

Django tries the root's patterns in order, and every app is included at "" before Wagtail's
catch-all. An include that has no match for a path still lists every pattern it tried (for
the debug 404 page) before Django moves on, so finding a Wagtail page walked eight apps'
patterns: a tenth of a masterclass page's time in the server (docs/performance.md).
"""

import re
from importlib import import_module

from django.urls import URLPattern, URLResolver, include, path, re_path
from django.urls.resolvers import RoutePattern


def _first_segment(entry: URLPattern | URLResolver) -> str | None:
    """The literal first segment every path this entry matches starts with, if it has one."""
    if not isinstance(entry.pattern, RoutePattern):
        return None
    first, slash, _ = str(entry.pattern).partition("/")
    return first if slash and first and "<" not in first else None


def include_at_root(module: str) -> URLResolver:
    """`path("", include(module))`, entered only by paths that start with one of the first
    segments of its patterns: a lookahead, which matches nothing (so reversing is unchanged).
    A module with a pattern that could match any first segment is included as it is."""
    segments = {_first_segment(entry) for entry in import_module(module).urlpatterns}
    if None in segments:
        return path("", include(module))
    alternatives = "|".join(re.escape(segment) for segment in sorted(segments))
    return re_path(rf"^(?=(?:{alternatives})/)", include(module))
