"""Each member chooses, per kind of event, email at once, a daily email, or the site only."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Channel, Kind, Notification, Preference, default_channel
from notifications.services import (
    digest_send,
    notify,
    preferences_save,
    unsubscribe_url,
)
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

TEMPLATE = "notifications/tests/greeting"


def _tell(member, kind, text="Something happened"):
    notify(to=member, kind=kind, template=TEMPLATE, subject=text, context={"what": text})


def test_each_channel_is_respected(django_capture_on_commit_callbacks):
    emailed, digested, site_only = MemberFactory(), MemberFactory(), MemberFactory()
    preferences_save(member=digested, channels={Kind.MENTION: Channel.DIGEST})
    preferences_save(member=site_only, channels={Kind.MENTION: Channel.SITE})
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            to=[emailed, digested, site_only],
            kind=Kind.MENTION,
            template=TEMPLATE,
            subject="You were mentioned",
            context={"what": "x"},
        )
    assert [m.to for m in mail.outbox] == [[emailed.user.email]]
    # Everyone sees it on the site, whatever they chose for email.
    assert Notification.objects.filter(kind=Kind.MENTION).count() == 3


def test_choosing_the_default_keeps_no_row():
    member = MemberFactory()
    preferences_save(member=member, channels={Kind.MENTION: Channel.SITE})
    preferences_save(member=member, channels={Kind.MENTION: Channel.EMAIL})
    assert not Preference.objects.filter(member=member).exists()


def test_the_daily_email_gathers_what_was_not_sent_at_once_and_only_once(
    django_capture_on_commit_callbacks,
):
    member = MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _tell(member, Kind.REPLY, "Ada replied in Funding worries")  # a digest kind by default
        _tell(member, Kind.OPPORTUNITY, "A new opportunity in Wirral")
        _tell(member, Kind.MENTION, "Bo mentioned you")  # emailed at once
    assert [m.subject for m in mail.outbox] == ["[Common Ground] Bo mentioned you"]
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send() == 1
    summary = mail.outbox[-1]
    assert summary.subject == "[Common Ground] Your daily summary"
    assert "Ada replied in Funding worries" in summary.body
    assert "A new opportunity in Wirral" in summary.body
    assert "Bo mentioned you" not in summary.body
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send() == 0
    assert len(mail.outbox) == 2


def test_every_email_carries_a_one_click_unsubscribe_for_its_kind(
    client, django_capture_on_commit_callbacks
):
    member = MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _tell(member, Kind.BOOKING_CONFIRMED)
    message = mail.outbox[0]
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body
    path = link.removeprefix("http://127.0.0.1:8000")
    # A link checker's GET changes nothing; the mail provider's POST (no CSRF token) does.
    assert client.get(path).status_code == 200
    assert not Preference.objects.exists()
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Preference.objects.get(member=member).channel == Channel.SITE
    with django_capture_on_commit_callbacks(execute=True):
        _tell(member, Kind.BOOKING_CONFIRMED)
    assert len(mail.outbox) == 1


def test_a_forged_unsubscribe_link_is_refused_plainly(client):
    member = MemberFactory()
    good = unsubscribe_url(member=member, kind=Kind.MENTION)
    forged = good[:-4] + "AAAA/"
    response = client.post(forged.removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 400
    assert b"not valid" in response.content
    assert not Preference.objects.exists()


def test_the_settings_page_saves_choices(client):
    member = MemberFactory()
    client.force_login(member.user)
    url = reverse("notifications:preferences")
    page = client.get(url)
    assert page.status_code == 200
    choices = {kind: default_channel(kind) for kind in Kind.values} | {Kind.REPLY: Channel.SITE}
    assert client.post(url, choices).status_code == 302
    assert list(Preference.objects.values_list("kind", "channel")) == [("reply", "site")]
    bad = client.post(url, {**choices, Kind.REPLY: "pigeon"})
    assert bad.status_code == 400
    assert list(Preference.objects.values_list("kind", "channel")) == [("reply", "site")]
