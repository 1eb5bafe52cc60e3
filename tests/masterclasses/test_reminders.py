"""Masterclass reminders: everyone with a place at a session starting within a day is
reminded once, however often the hourly job runs; a session moved to another day is
reminded again."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from masterclasses.models import Registration
from masterclasses.tasks import session_reminders_send
from notifications.models import Notification
from tests.factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_people_with_a_place_tomorrow_are_reminded_once(django_capture_on_commit_callbacks):
    now = timezone.now()
    tomorrow = SessionFactory(start=now + dt.timedelta(hours=20), venue="Birkenhead Town Hall")
    placed = RegistrationFactory(session=tomorrow)
    RegistrationFactory(session=tomorrow, status=Registration.Status.WAITLISTED)
    RegistrationFactory(session=tomorrow, status=Registration.Status.CANCELLED)
    RegistrationFactory(session=SessionFactory(start=now + dt.timedelta(hours=30)))

    with django_capture_on_commit_callbacks(execute=True):
        assert session_reminders_send(now=now) == 1
        assert session_reminders_send(now=now + dt.timedelta(hours=1)) == 0

    [email] = mail.outbox
    assert email.to == [placed.member.user.email]
    assert email.subject.startswith(f"[Common Ground] Reminder: {tomorrow.page.title}, ")
    assert "Where: Birkenhead Town Hall" in email.body
    assert f"http://127.0.0.1:8000{tomorrow.page.url}" in email.body
    note = Notification.objects.get(member=placed.member)
    assert note.url == tomorrow.page.url


def test_a_session_moved_to_another_day_is_reminded_again(django_capture_on_commit_callbacks):
    now = timezone.now()
    session = SessionFactory(start=now + dt.timedelta(hours=5))
    RegistrationFactory(session=session)
    with django_capture_on_commit_callbacks(execute=True):
        assert session_reminders_send(now=now) == 1
        session.start += dt.timedelta(hours=10)
        session.end += dt.timedelta(hours=10)
        session.save()
        assert session_reminders_send(now=now) == 1
    assert len(mail.outbox) == 2
