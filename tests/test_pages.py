"""The shell every page shares: the home page, accessible layout and friendly errors."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_home_page_invites_visitors_to_join(client):
    response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Where voluntary sector leaders meet" in page
    assert 'href="/accounts/signup/"' in page


def test_every_page_has_a_skip_link_and_landmarks(client):
    page = client.get("/accounts/login/").content.decode()

    assert '<a class="skip-link" href="#main">' in page
    assert '<main id="main"' in page
    assert '<nav class="site-nav" aria-label="Main">' in page
    assert '<html lang="en-GB">' in page


def test_an_unknown_address_gets_a_helpful_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
