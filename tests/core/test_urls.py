"""Apps' URLs at the root are entered only by their own paths (core/urls.py)."""

import sys
import types

import pytest
from django.urls import path, resolve, reverse

from core.urls import include_at_root


def test_finding_a_wagtail_page_does_not_walk_every_app_s_patterns():
    # 86 patterns were tried before Wagtail's catch-all when every app was included at "".
    assert len(resolve("/masterclasses/a-masterclass/").tried) < 20


@pytest.mark.parametrize(
    ("name", "kwargs", "url"),
    [
        ("network:member_directory", {}, "/members/"),
        ("network:suggestions", {}, "/matches/"),
        ("masterclasses:my_masterclasses", {}, "/my-masterclasses/"),
        ("peer_support:circle_detail", {"slug": "wirral-ceos"}, "/circles/wirral-ceos/"),
        ("sitewide:search", {}, "/search/"),
    ],
)
def test_app_urls_reverse_and_resolve_as_before(name, kwargs, url):
    assert reverse(name, kwargs=kwargs) == url
    assert resolve(url).view_name == name


def _module(name: str, patterns: list) -> str:
    module = types.ModuleType(name)
    module.urlpatterns = patterns
    sys.modules[name] = module
    return name


def _view(request):
    raise NotImplementedError


def test_a_module_that_may_match_any_first_segment_is_included_as_it_is():
    name = _module("tests_core_dynamic_urls", [path("<slug:slug>/", _view)])
    assert str(include_at_root(name).pattern) == ""


def test_a_module_of_literal_first_segments_is_entered_only_through_them():
    name = _module("tests_core_literal_urls", [path("a/", _view), path("b-c/<int:pk>/", _view)])
    assert str(include_at_root(name).pattern) == r"^(?=(?:a|b\-c)/)"


def test_the_tests_route_walker_still_sees_every_app_s_routes():
    # tests/routes.py feeds the every-page and hostile-input tests; a prefix it cannot read
    # would drop an app's routes from both without failing them.
    from tests.routes import project_routes

    routes = project_routes(namespaced=True)
    for route, name in [
        ("members/", "network:member_directory"),
        ("circles/<slug:slug>/", "peer_support:circle_detail"),
        ("commissioning/", "commissioning:challenge_list"),
    ]:
        assert (route, name) in routes
