"""allauth's emails (verification, password reset) speak in the site's name and come in the
same layout as every other email, whatever address the request arrived on."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1:8301"


@pytest.fixture
def served_on_a_port(settings, client):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    settings.SITE_URL = f"http://{HOST}"
    client.defaults["HTTP_HOST"] = HOST
    return client


def assert_in_the_sites_name_and_layout(message):
    assert message.subject.startswith("[Common Ground] ")
    assert "Hello from Common Ground!" in message.body
    assert "Thank you for using Common Ground!" in message.body
    assert f"Hello from {HOST}" not in message.body
    assert f"{HOST}!" not in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "Common Ground</td>" in html  # the layout's banner
    assert "Hello from Common Ground!" in html


def test_the_verification_email(served_on_a_port, mailoutbox):
    served_on_a_port.post(
        reverse("account_signup"),
        {
            "first_name": "Aled",
            "last_name": "Morgan",
            "email": "aled@example.org",
            "password1": "somerset-Levels-2026",
            "password2": "somerset-Levels-2026",
        },
    )
    (message,) = mailoutbox
    assert_in_the_sites_name_and_layout(message)
    assert f"http://{HOST}/accounts/confirm-email/" in message.body
    html = message.alternatives[0][0]
    assert f'href="http://{HOST}/accounts/confirm-email/' in html


def test_the_password_reset_email(served_on_a_port, mailoutbox):
    user = UserFactory()
    served_on_a_port.post(reverse("account_reset_password"), {"email": user.email})
    (message,) = mailoutbox
    assert_in_the_sites_name_and_layout(message)
    assert f"http://{HOST}/accounts/password/reset/key/" in message.body


def test_links_are_built_from_site_url_not_the_host_the_request_came_on(
    served_on_a_port, settings, mailoutbox
):
    settings.SITE_URL = "https://commonground.example.org"
    user = UserFactory()
    served_on_a_port.post(reverse("account_reset_password"), {"email": user.email})
    (message,) = mailoutbox
    assert "https://commonground.example.org/accounts/password/reset/key/" in message.body
    assert f"http://{HOST}/" not in message.body
