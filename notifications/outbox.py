"""The email outbox: emails are saved with the write that caused them and sent by the worker.

- `emails_queue` saves rendered emails inside the caller's transaction and, once it has
  committed, puts one `email_send` task per email on the queue.
- `email_deliver` (the task's body) claims the email, hands it to the mail server and deletes
  it. A mail server that refuses is tried again with growing delays (`RETRY_DELAYS`); after
  the last attempt the email is marked failed, staff are told on site and in the log, and the
  task raises so the queue records it under Failed tasks with its error.
- `outbox_sweep` (every minute) queues every email that is due: a retry whose delay has passed,
  one whose task never reached the queue (Redis was down at commit) or was lost with it.

A claim is a conditional update, so an email queued twice (by its commit and by the sweep)
is still sent once.
"""

import datetime as dt
import email
import logging
from collections.abc import Iterable
from email.message import Message
from email.mime.base import MIMEBase
from email.policy import compat32

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django_q.tasks import async_task

from network.models import Member
from notifications.events import unread_changed_on_commit
from notifications.models import Notification, OutgoingEmail

logger = logging.getLogger(__name__)

SEND_TASK = "notifications.tasks.email_send"
# Wait this long after the 1st, 2nd, ... failed attempt; the attempt after the last fails for good.
RETRY_DELAYS = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# A claimed email is not handed out again for this long: longer than a task may run.
CLAIM = dt.timedelta(minutes=10)
SWEEP_BATCH = 500


class EmailUndeliverable(Exception):
    """Raised by the last failed attempt, so the queue records the task as failed."""


class _StoredPart(MIMEBase):
    """An attachment read back from the outbox exactly as it was rendered."""

    def __init__(self, *, policy=compat32):
        Message.__init__(self, policy=policy)


def _message(outgoing: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        outgoing.subject,
        outgoing.text,
        settings.DEFAULT_FROM_EMAIL,
        [outgoing.to],
        headers=outgoing.headers,
    )
    message.attach_alternative(outgoing.html, "text/html")
    for part in outgoing.attachments:
        message.attach(email.message_from_string(part, _class=_StoredPart))
    return message


def emails_queue(*, emails: Iterable) -> list[OutgoingEmail]:
    """Save rendered `notifications.services.Email`s now; queue their sending after commit."""
    rows = OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            to=e.to,
            subject=e.subject[:300],
            text=e.text,
            html=e.html,
            attachments=[part.as_string() for part in e.attachments],
            headers=e.headers,
        )
        for e in emails
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: [email_enqueue(email_id=pk) for pk in ids])
    return rows


def email_enqueue(*, email_id: int) -> bool:
    """Put one email's task on the queue; if the queue is unreachable the sweep will."""
    try:
        async_task(SEND_TASK, email_id, group="email")
    except Exception:
        logger.warning(
            "Could not queue email %s; the outbox sweep will queue it when the queue is back.",
            email_id,
            exc_info=True,
        )
        return False
    return True


def email_deliver(*, email_id: int) -> str:
    """Send one email if it is due; on failure, back off or fail for good. Says what it did."""
    now = timezone.now()
    claimed = (
        OutgoingEmail.objects.due(now)
        .filter(pk=email_id)
        .update(attempts=F("attempts") + 1, next_attempt_at=now + CLAIM)
    )
    if not claimed:
        return "not due: sent, failed, or being sent by another task"
    outgoing = OutgoingEmail.objects.get(pk=email_id)
    try:
        _message(outgoing).send()
    except Exception as error:
        return _attempt_failed(outgoing, error, now)
    outgoing.delete()
    return "sent"


def _attempt_failed(outgoing: OutgoingEmail, error: Exception, now: dt.datetime) -> str:
    outgoing.last_error = f"{type(error).__name__}: {error}"[:2000]
    if outgoing.attempts < MAX_ATTEMPTS:
        outgoing.next_attempt_at = now + RETRY_DELAYS[outgoing.attempts - 1]
        outgoing.save(update_fields=["last_error", "next_attempt_at"])
        logger.warning(
            "Attempt %s of %s to send %r to %s failed (%s); trying again at %s.",
            outgoing.attempts,
            MAX_ATTEMPTS,
            outgoing.subject,
            outgoing.to,
            outgoing.last_error,
            outgoing.next_attempt_at.isoformat(),
        )
        return f"attempt {outgoing.attempts} failed; next at {outgoing.next_attempt_at}"
    outgoing.status = OutgoingEmail.Status.FAILED
    outgoing.save(update_fields=["last_error", "status"])
    _tell_staff(outgoing)
    raise EmailUndeliverable(
        f"Gave up sending {outgoing.subject!r} to {outgoing.to} after {outgoing.attempts} "
        f"attempts: {outgoing.last_error}"
    ) from error


def _tell_staff(outgoing: OutgoingEmail) -> None:
    """Staff hear of an email that failed for good in the log and on site, never by email:
    the mail server is what failed, and telling by email could fail the same way again."""
    logger.error(
        "Gave up sending %r to %s after %s attempts: %s (outgoing email %s)",
        outgoing.subject,
        outgoing.to,
        outgoing.attempts,
        outgoing.last_error,
        outgoing.pk,
    )
    url = reverse("admin:notifications_outgoingemail_change", args=[outgoing.pk])
    notes = Notification.objects.bulk_create(
        Notification(
            member=member,
            text=f"An email to {outgoing.to} could not be sent: {outgoing.subject}"[:300],
            url=url,
        )
        for member in Member.objects.filter(user__is_staff=True, user__is_active=True)
    )
    unread_changed_on_commit(note.member_id for note in notes)


def outbox_sweep() -> int:
    """Queue every email that is due; returns how many."""
    due = list(
        OutgoingEmail.objects.due(timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return sum(email_enqueue(email_id=pk) for pk in due)
