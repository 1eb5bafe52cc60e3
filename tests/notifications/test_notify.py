"""notify(): one path to tell people, which never loses a committed write to a mail fault."""

import datetime as dt
from smtplib import SMTPException

import pytest
from django.core import mail
from django.db import transaction

from core.calendar import CalendarEvent, Method, calendar_attachment
from notifications.models import Notification, OutgoingEmail
from notifications.services import notify
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

TEMPLATE = "notifications/tests/greeting"


def test_members_are_told_on_site_and_by_email_after_commit(django_capture_on_commit_callbacks):
    ada, bo = MemberFactory(), MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            to=[ada, bo],
            template=TEMPLATE,
            subject="A session was booked",
            context={"what": "a session on Tuesday"},
            url="/bookings/7/",
        )
        assert mail.outbox == []  # nothing leaves before the write commits
    assert [m.to for m in mail.outbox] == [[ada.user.email], [bo.user.email]]
    assert not OutgoingEmail.objects.exists()  # a sent email leaves the outbox
    first = mail.outbox[0]
    assert first.subject == "[Common Ground] A session was booked"
    assert f"Hello {ada.user.first_name}, a session on Tuesday." in first.body
    assert "http://127.0.0.1:8000/bookings/7/" in first.body
    html, mimetype = first.alternatives[0]
    assert mimetype == "text/html"
    assert "Common Ground" in html
    assert 'href="http://127.0.0.1:8000/bookings/7/"' in html
    assert list(Notification.objects.values_list("member", "text", "url")) == [
        (bo.pk, "A session was booked", "/bookings/7/"),
        (ada.pk, "A session was booked", "/bookings/7/"),
    ]


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    member = MemberFactory()

    def change_then_fail():
        with transaction.atomic():
            notify(to=member, template=TEMPLATE, subject="Never", context={"what": "x"})
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        change_then_fail()
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_bare_address_gets_the_email_without_a_site_record(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notes = notify(
            to="newcomer@example.org", template=TEMPLATE, subject="Invited", context={"what": "x"}
        )
    assert notes == []
    assert mail.outbox[0].to == ["newcomer@example.org"]
    assert "Hello there" in mail.outbox[0].body


def test_attachments_travel_with_every_email(django_capture_on_commit_callbacks):
    start = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
    invite = calendar_attachment(
        [CalendarEvent("x@commonground", 0, start, None, "Session")], method=Method.REQUEST
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            to=[MemberFactory(), MemberFactory()],
            template=TEMPLATE,
            subject="Invitation",
            context={"what": "x"},
            attachments=[invite],
        )
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
        assert [p.get_payload(decode=True)[:15] for p in parts] == [b"BEGIN:VCALENDAR"]


def test_a_failing_mail_server_is_logged_not_raised(
    django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def refuse(self, fail_silently=False):
        raise SMTPException("connection refused")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    member = MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify(to=member, template=TEMPLATE, subject="Hello", context={"what": "x"})
    assert Notification.objects.filter(member=member).count() == 1
    assert "to send '[Common Ground] Hello' to" in caplog.text
    assert "failed (SMTPException: connection refused); trying again" in caplog.text
    waiting = OutgoingEmail.objects.get()
    assert (waiting.to, waiting.status, waiting.attempts) == (member.user.email, "pending", 1)
