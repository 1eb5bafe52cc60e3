"""Every public page carries the Content-Security-Policy; the two admins are left out."""

import pytest

from tests.factories import GuidancePageFactory

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/circles/"])
def test_pages_allow_only_the_site_itself_and_no_inline_script(client, path):
    response = client.get(path, follow=True)

    directives = _directives(response)
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_a_wagtail_page_carries_the_policy(client):
    page = GuidancePageFactory()

    response = client.get(page.url)

    assert response.status_code == 200
    assert _directives(response)["default-src"] == "'self'"


@pytest.mark.parametrize("path", ["/admin/login/", "/django-admin/login/"])
def test_the_admins_which_render_inline_scripts_are_left_out(client, path):
    response = client.get(path)

    assert "Content-Security-Policy" not in response.headers
