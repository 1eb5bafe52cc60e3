"""The Erase my account page: a summary first, the password again, then signed out for good."""

import html

import pytest
from django.urls import reverse

from network.models import Member
from privacy.services import erasure
from privacy.views import ERASED
from tests.factories import PASSWORD, CircleFactory, MemberFactory

pytestmark = pytest.mark.django_db
URL = reverse("privacy:erase")


def test_the_page_says_what_will_happen(member_client):
    page = member_client.get(URL).content.decode()
    assert "cancelled, and the other person is told" in page
    assert "Former member" in page
    assert 'type="password"' in page


def test_erasing_signs_out_and_the_account_cannot_sign_in(client, member):
    client.force_login(member.user)
    email = member.user.email
    response = client.post(URL, {"password": PASSWORD, "confirm": "on"}, follow=True)
    assert ERASED in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert client.get(reverse("network:member_me")).status_code == 302
    assert not client.login(email=email, password=PASSWORD)
    login = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert login.status_code == 200  # the form again, with an error
    assert Member.objects.get(pk=member.pk).name == "Former member"


def test_a_wrong_password_is_a_form_error(member_client, member):
    response = member_client.post(URL, {"password": "nope", "confirm": "on"})
    assert response.status_code == 400
    assert erasure.ERASE_WRONG_PASSWORD in response.content.decode()
    member.user.refresh_from_db()
    assert member.user.is_active


def test_the_box_must_be_ticked(member_client, member):
    response = member_client.post(URL, {"password": PASSWORD})
    assert response.status_code == 400
    assert "cannot be undone" in response.content.decode()
    member.user.refresh_from_db()
    assert member.user.is_active


def test_a_facilitator_is_told_why_not_before_typing_anything(client):
    circle = CircleFactory()
    client.force_login(circle.facilitator.user)
    page = html.unescape(client.get(URL).content.decode())
    assert circle.name in page
    assert "Close the circle" in page
    assert 'type="password"' not in page
    response = client.post(URL, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 400
    circle.facilitator.user.refresh_from_db()
    assert circle.facilitator.user.is_active


def test_a_commissioner_of_an_open_challenge_is_told_why_not(client):
    from tests.factories import ChallengeFactory

    challenge = ChallengeFactory(title="Warm homes in Sutton")
    client.force_login(challenge.commissioner.user)
    page = html.unescape(client.get(URL).content.decode())
    assert "You commission Warm homes in Sutton, still open." in page
    assert 'type="password"' not in page
    response = client.post(URL, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 400
    challenge.commissioner.user.refresh_from_db()
    assert challenge.commissioner.user.is_active


def test_an_open_socket_session_is_ended_with_the_password(client):
    """Every other session signed in as them stops working: the password hash changed."""
    member = MemberFactory()
    other_device = client.__class__()
    other_device.force_login(member.user)
    client.force_login(member.user)
    client.post(URL, {"password": PASSWORD, "confirm": "on"})
    assert other_device.get(reverse("network:member_me")).status_code == 302
