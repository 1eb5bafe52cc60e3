"""A signed-in request reads the person and their member in one query, then from memory until
anything about members or accounts changes; sessions signed in before that (naming Django's
or allauth's backend) stay signed in."""

from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.urls import reverse

from network.auth_backends import PASSWORD_BACKENDS
from tests.factories import PASSWORD, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sessions_as_in_production(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def signed_in_before_this_change(client, user, backend: str) -> None:
    """The session a sign-in left before MemberBackend: it names the backend that checked
    the password."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


def log_in(client, email: str) -> None:
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("backend", sorted(PASSWORD_BACKENDS))
def test_a_session_signed_in_before_stays_signed_in(client, backend):
    member = MemberFactory(user__first_name="Ffion", user__last_name="Rees")
    signed_in_before_this_change(client, member.user, backend)

    response = client.get(reverse("network:member_directory"))

    assert response.status_code == 200
    assert "Ffion Rees" in response.text
    assert "Log out" in response.text


def test_after_signing_in_the_member_comes_with_the_user(client, django_assert_num_queries):
    member = MemberFactory(user__email="known@example.org")
    log_in(client, "known@example.org")

    with django_assert_num_queries(1):
        response = client.get(reverse("network:member_me"))

    assert response.url == member.get_absolute_url()


def test_then_the_signed_in_person_comes_from_memory(client, django_assert_num_queries):
    member = MemberFactory(user__email="known@example.org")
    log_in(client, "known@example.org")
    client.get(reverse("network:member_me"))

    with django_assert_num_queries(0):
        response = client.get(reverse("network:member_me"))

    assert response.url == member.get_absolute_url()


def test_a_new_name_shows_on_the_next_page(client):
    member = MemberFactory(user__email="known@example.org", user__first_name="Ffion")
    log_in(client, "known@example.org")
    client.get(reverse("network:member_directory"))
    member.user.first_name = "Gwen"
    member.user.save()

    response = client.get(reverse("network:member_directory"))

    assert "Gwen" in response.text
    assert "Ffion" not in response.text


def test_a_deactivated_account_is_signed_out_even_after_pages_were_seen(client):
    member = MemberFactory(user__email="leaving@example.org")
    log_in(client, "leaving@example.org")
    assert client.get(reverse("network:member_directory")).status_code == 200
    member.user.is_active = False
    member.user.save()

    response = client.get(reverse("network:member_directory"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_new_password_signs_out_other_browsers(client, django_user_model):
    from django.test import Client

    member = MemberFactory(user__email="moving@example.org")
    log_in(client, "moving@example.org")
    assert client.get(reverse("network:member_directory")).status_code == 200
    member.user.set_password("a completely new passphrase")
    member.user.save()

    response = client.get(reverse("network:member_directory"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert Client().get(reverse("network:member_directory")).status_code == 302


def test_a_session_from_before_costs_one_query_more(client, django_assert_num_queries):
    member = MemberFactory()
    signed_in_before_this_change(client, member.user, "django.contrib.auth.backends.ModelBackend")
    client.get(reverse("network:member_me"))

    with django_assert_num_queries(2):
        response = client.get(reverse("network:member_me"))

    assert response.url == member.get_absolute_url()


def test_someone_yet_to_onboard_is_still_sent_to_onboarding(client, django_assert_num_queries):
    UserFactory(email="new@example.org")
    log_in(client, "new@example.org")
    client.get(reverse("network:member_me"))

    with django_assert_num_queries(0):
        response = client.get(reverse("network:member_me"))

    assert response.url.startswith(reverse("network:onboarding"))


def test_a_deactivated_account_is_signed_out(client):
    member = MemberFactory(user__email="leaving@example.org")
    log_in(client, "leaving@example.org")
    member.user.is_active = False
    member.user.save()

    response = client.get(reverse("network:member_directory"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
