"""allauth's log-in limits hold per account whatever the Host port, and per visitor behind a
reverse proxy (ALLAUTH_TRUSTED_PROXY_COUNT from TRUSTED_PROXY_COUNT)."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts"


def _log_in(client, email: str, password: str, **headers):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **headers)


def test_failed_log_ins_count_against_the_account_whatever_port_the_host_header_names(client):
    user = UserFactory()
    for port in range(1, 6):  # allauth allows 5 failures per account in 5 minutes
        response = _log_in(client, user.email, "wrong", HTTP_HOST=f"testserver:{port}")
        assert TOO_MANY not in response.content.decode()

    response = _log_in(client, user.email, PASSWORD, HTTP_HOST="testserver:6")

    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session


def _ten_failures_then_another_visitor_logs_in(client) -> bool:
    for attempt in range(10):  # allauth allows 10 failures per address a minute
        _log_in(client, f"nobody{attempt}@example.org", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.7")
    other = UserFactory()
    response = _log_in(client, other.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9")
    return TOO_MANY not in response.content.decode() and response.status_code == 302


def test_behind_a_trusted_proxy_one_visitors_failures_do_not_lock_out_the_next(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    assert _ten_failures_then_another_visitor_logs_in(client)


def test_without_trusted_proxies_everyone_behind_the_proxy_shares_one_limit(client, settings):
    """X-Forwarded-For is ignored by default (anyone can forge it), so behind a proxy all
    visitors share its address: why TRUSTED_PROXY_COUNT must be set there."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0

    assert not _ten_failures_then_another_visitor_logs_in(client)
