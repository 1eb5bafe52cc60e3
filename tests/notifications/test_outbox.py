"""The outbox: a refusing mail server is retried with growing delays, then the email is
recorded as failed and staff are told; an email is sent once, however often it is queued."""

import datetime as dt
import smtplib
import socket

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_q.models import Failure, Success

from network.booking_time import LONDON
from network.models import Booking
from notifications import outbox
from notifications.models import Notification, OutgoingEmail
from notifications.services import notify
from notifications.tasks import outbox_sweep
from tests.factories import MemberFactory, UserFactory, availability

pytestmark = pytest.mark.django_db

TEMPLATE = "notifications/tests/greeting"


@pytest.fixture
def mail_server(monkeypatch):
    """A mail server the test turns off and on; it records what it accepted."""

    class Server:
        refusing = False

    def send(message, fail_silently=False):
        if Server.refusing:
            raise smtplib.SMTPConnectError(421, "Service not available")
        mail.outbox.append(message)
        return 1

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", send)
    return Server


def tell(member, django_capture_on_commit_callbacks, subject="Your session is booked"):
    with django_capture_on_commit_callbacks(execute=True):
        notify(to=member, template=TEMPLATE, subject=subject, context={"what": "booked"})


def time_passes() -> None:
    """Every waiting email's delay has run out."""
    OutgoingEmail.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))


def test_a_refusing_mail_server_is_retried_with_growing_delays_then_fails_for_good(
    mail_server, django_capture_on_commit_callbacks, caplog
):
    staff = MemberFactory(user=UserFactory(is_staff=True))
    member = MemberFactory()
    mail_server.refusing = True

    tell(member, django_capture_on_commit_callbacks)
    delays = []
    for _ in range(outbox.MAX_ATTEMPTS - 1):
        waiting = OutgoingEmail.objects.get()
        assert waiting.status == OutgoingEmail.Status.PENDING
        delays.append(waiting.next_attempt_at - timezone.now())
        assert outbox_sweep() == 0  # not due yet: nothing is tried early
        time_passes()
        assert outbox_sweep() == 1

    for delay, wanted in zip(delays, outbox.RETRY_DELAYS, strict=True):
        assert wanted - dt.timedelta(seconds=5) < delay <= wanted
    failed = OutgoingEmail.objects.get()
    assert failed.status == OutgoingEmail.Status.FAILED
    assert failed.attempts == outbox.MAX_ATTEMPTS
    assert failed.last_error == "SMTPConnectError: (421, 'Service not available')"
    assert mail.outbox == []

    # The queue records the last attempt as a failed task, with its error, in the admin.
    [task] = Failure.objects.filter(func="notifications.tasks.email_send")
    assert "Gave up sending '[Common Ground] Your session is booked'" in task.result
    assert "Service not available" in task.result
    assert Success.objects.filter(func="notifications.tasks.email_send").count() == 4

    # Staff are told on site and in the log; nobody else is, and nothing more is tried.
    [note] = Notification.objects.filter(member=staff)
    assert note.text == (
        f"An email to {member.user.email} could not be sent: [Common Ground] Your session is booked"
    )
    assert note.url == f"/django-admin/notifications/outgoingemail/{failed.pk}/change/"
    assert Notification.objects.filter(member=member).count() == 1  # the original only
    assert any(r.levelname == "ERROR" and "Gave up sending" in r.message for r in caplog.records)
    time_passes()
    assert outbox_sweep() == 0


def test_an_email_is_sent_once_the_mail_server_is_back(
    mail_server, django_capture_on_commit_callbacks
):
    member = MemberFactory()
    mail_server.refusing = True
    tell(member, django_capture_on_commit_callbacks)
    assert mail.outbox == []

    mail_server.refusing = False
    time_passes()
    assert outbox_sweep() == 1
    assert [m.to for m in mail.outbox] == [[member.user.email]]
    assert not OutgoingEmail.objects.exists()
    assert outbox_sweep() == 0


def test_an_email_queued_twice_is_sent_once(mail_server):
    member = MemberFactory()
    notify(to=member, template=TEMPLATE, subject="Once", context={"what": "x"})
    [email] = OutgoingEmail.objects.all()
    assert outbox.email_deliver(email_id=email.pk) == "sent"
    assert outbox.email_deliver(email_id=email.pk).startswith("not due")
    assert len(mail.outbox) == 1


def test_an_email_whose_task_cannot_reach_the_queue_waits_for_the_sweep(
    mail_server, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def queue_down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    member = MemberFactory()
    with monkeypatch.context() as patch:
        patch.setattr(outbox, "async_task", queue_down)
        tell(member, django_capture_on_commit_callbacks)  # the write commits all the same
        assert outbox_sweep() == 0  # the queue is still down
    assert mail.outbox == []
    assert "the outbox sweep will queue it" in caplog.text
    assert OutgoingEmail.objects.get().attempts == 0

    assert outbox_sweep() == 1  # the queue is back
    assert [m.to for m in mail.outbox] == [[member.user.email]]


@pytest.mark.django_db(transaction=True)
def test_a_refusing_mail_server_leaves_the_booking_made_and_the_page_normal(
    client, settings, caplog
):
    """A real SMTP connection to a port where nothing listens, on commit, in the request."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _closed_port()
    settings.EMAIL_TIMEOUT = 5
    provider = MemberFactory(provider=True)
    availability(provider)
    commissioner = MemberFactory(commissioner=True)
    client.force_login(commissioner.user)
    today = timezone.localdate()
    wednesday = today + dt.timedelta(days=(2 - today.weekday()) % 7 + 7)
    starts = dt.datetime.combine(wednesday, dt.time(10), tzinfo=LONDON)

    response = client.post(
        reverse("network:booking_create", args=[provider.pk]),
        {"slot": starts.isoformat(), "purpose": "Plan the pilot"},
    )

    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response.url == booking.get_absolute_url()
    assert Notification.objects.filter(member=provider).count() == 1
    waiting = OutgoingEmail.objects.get()
    assert (waiting.to, waiting.status, waiting.attempts) == (
        provider.user.email,
        OutgoingEmail.Status.PENDING,
        1,
    )
    assert waiting.last_error.startswith("ConnectionRefusedError")
    assert "trying again" in caplog.text
    assert client.get(response.url).status_code == 200


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends: nothing listens
