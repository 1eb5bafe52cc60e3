"""Every URL pattern of the project, walked rather than listed by hand, so a test that covers
"every route" or "every page" covers a new view the day it is added."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

# Admin sites and static file serving are not ours; everything else is walked.
SKIPPED_PREFIXES = ("django-admin/", "admin/", "^media/", "documents/^", "static/")
# An app included at the root only for its own first segments (core.urls.include_at_root):
# a lookahead, which adds nothing to the path.
LOOKAHEAD = re.compile(r"^\^\(\?=.*\)$")
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            part = "" if LOOKAHEAD.match(str(pattern.pattern)) else str(pattern.pattern)
            yield from _walk(pattern.url_patterns, prefix + part, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or ""
            yield prefix + str(pattern.pattern), f"{namespace}:{name}" if namespace else name


def project_routes(*, namespaced: bool = False) -> list[tuple[str, str]]:
    """(route, URL name) for every pattern but the admin sites, static files and Wagtail's
    page catch-all (pages are walked through the page tree)."""
    routes = []
    for route, name in _walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or "((?:" in route:  # Wagtail's page catch-all
            continue
        if re.search(r"\((?!\?P<)", route):  # unnamed regex groups: nothing to name
            continue
        routes.append((route, name if namespaced else name.rpartition(":")[2]))
    return routes


def parameters(route: str) -> list[tuple[str, str]]:
    """(converter, name) of each parameter in `route`."""
    return [
        (m.group("converter") or "str", m.group("name") or m.group("rname"))
        for m in PARAMETER.finditer(route)
    ]


def fill(route: str, values: dict[str, str]) -> str:
    """The path `route` names with each parameter replaced by its (already encoded) value."""

    def value(match):
        return str(values[match.group("name") or match.group("rname")])

    return "/" + PARAMETER.sub(value, route).lstrip("^").rstrip("$")
