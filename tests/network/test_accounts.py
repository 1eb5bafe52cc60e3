"""Sign-up, email verification, log-in and two-factor rules, through the real allauth views."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from network.middleware import MFA_REQUIRED_MESSAGE
from network.models import User
from tests.factories import PASSWORD, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "first_name": "Aled",
    "last_name": "Morgan",
    "email": "aled@example.org",
    "password1": "somerset-Levels-2026",
    "password2": "somerset-Levels-2026",
}


def confirmation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body).group(1)


def test_sign_up_sends_a_verification_email_and_does_not_log_in(client, mailoutbox):
    response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="aled@example.org")
    assert user.get_full_name() == "Aled Morgan"
    assert not EmailAddress.objects.get(user=user).verified
    (message,) = mailoutbox
    assert message.to == ["aled@example.org"]
    assert "/accounts/confirm-email/" in message.body
    assert "_auth_user_id" not in client.session


def test_confirming_the_email_logs_in_and_leads_to_onboarding(client, mailoutbox):
    client.post(reverse("account_signup"), SIGNUP)

    response = client.post(confirmation_path(mailoutbox[0]))

    assert response.status_code == 302
    assert response.url == reverse("network:onboarding")
    assert EmailAddress.objects.get(email="aled@example.org").verified


def test_an_unverified_account_cannot_log_in(client, mailoutbox):
    UserFactory(email="unverified@example.org", verified=False)

    response = client.post(
        reverse("account_login"), {"login": "unverified@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_a_duplicate_email_gets_a_clear_form_error(client):
    UserFactory(email="aled@example.org")

    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "ALED@example.org"})

    assert response.status_code == 200
    assert "A user is already registered with this email address." in response.content.decode()
    assert User.objects.filter(email__iexact="aled@example.org").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("first_name", "x" * 151, "Ensure this value has at most 150 characters"),
        ("email", "not-an-email", "Enter a valid email address."),
        ("password2", "something-else-entirely", "You must type the same password each time."),
    ],
)
def test_bad_sign_up_input_gets_a_clear_error_and_creates_nothing(client, field, value, message):
    response = client.post(reverse("account_signup"), {**SIGNUP, field: value})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_logging_in_before_onboarding_goes_to_onboarding(client):
    UserFactory(email="new@example.org")

    response = client.post(
        reverse("account_login"), {"login": "new@example.org", "password": PASSWORD}
    )

    assert response.url == reverse("network:onboarding")


def test_logging_in_after_onboarding_goes_home(client):
    MemberFactory(user__email="known@example.org")

    response = client.post(
        reverse("account_login"), {"login": "known@example.org", "password": PASSWORD}
    )

    assert response.url == "/"


def test_password_reset_sends_a_link(client, mailoutbox):
    UserFactory(email="forgetful@example.org")

    client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})

    (message,) = mailoutbox
    assert "/accounts/password/reset/key/" in message.body


def log_in(client, email: str) -> None:
    """Log in through allauth's form, which (unlike force_login) counts as a recent log-in."""
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302


def test_every_member_can_turn_on_two_factor_authentication(client):
    MemberFactory(user__email="careful@example.org")
    log_in(client, "careful@example.org")

    # allauth asks for the password again before changing security settings.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(response.url, {"password": PASSWORD})

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 200
    assert "Authenticator code" in response.content.decode()


class TestTwoFactorForTheCms:
    def test_an_editor_without_two_factor_is_sent_to_set_it_up(self, client):
        MemberFactory(editor=True, user__email="ed@example.org", user__groups=["Editors"])
        log_in(client, "ed@example.org")

        response = client.get("/admin/", follow=True)

        assert response.redirect_chain[0][0] == reverse("mfa_activate_totp")
        assert MFA_REQUIRED_MESSAGE in response.content.decode()

    def test_staff_without_two_factor_cannot_open_the_django_admin(self, client):
        client.force_login(UserFactory(is_staff=True, is_superuser=True))

        response = client.get("/django-admin/")

        assert response.status_code == 302
        assert response.url == reverse("mfa_activate_totp")

    def test_an_editor_with_two_factor_reaches_the_wagtail_admin(self, client):
        editor = MemberFactory(editor=True, user__groups=["Editors"])
        TOTP.activate(editor.user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        client.force_login(editor.user)

        response = client.get("/admin/")

        assert response.status_code == 200
        assert "Dashboard" in response.content.decode()

    def test_members_outside_the_cms_groups_never_reach_the_admin(self, member_client):
        response = member_client.get("/admin/")

        assert response.status_code == 302
        assert "/accounts/login/" in response.url or response.url.startswith("/admin/login")
