"""The facilitator's moderation queue: members report messages, the facilitator hides them or
dismisses the report."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.services import model_update
from network.models import Member
from notifications.models import Kind
from notifications.services import notify
from peer_support import errors, events
from peer_support.models import Message, Report
from peer_support.services.rules import (
    lock_message,
    next_change_id,
    require_facilitator,
    require_participant,
)
from privacy.models import AuditEntry
from privacy.services.audit import audit_record


@transaction.atomic
def message_hide(*, message: Message, facilitator: Member) -> Message:
    message = lock_message(message)
    require_facilitator(message.circle, facilitator)
    if message.hidden_at is None:
        model_update(message, hidden_at=timezone.now(), change_id=next_change_id(message.circle))
        audit_record(
            action=AuditEntry.Action.MESSAGE_HIDDEN,
            actor=facilitator,
            subject=message.author,
            circle=message.circle,
            detail=f"Message {message.pk} in thread {message.thread_id}",
        )
        events.broadcast_on_commit(
            events.circle_group(message.circle_id),
            events.message_event("message.updated", message),
        )
    Report.objects.filter(message=message, status=Report.Status.OPEN).update(
        status=Report.Status.HIDDEN, resolved_at=timezone.now()
    )
    return message


@transaction.atomic
def message_report(*, message: Message, reporter: Member, reason: str) -> Report:
    """Put a message in the facilitator's moderation queue, and tell them."""
    reason = (reason or "").strip()
    if not reason:
        raise errors.ReasonMissing()
    circle = message.circle
    require_participant(circle, reporter)
    if message.is_removed:
        raise errors.MessageGone()
    if Report.objects.filter(
        message=message, reporter=reporter, status=Report.Status.OPEN
    ).exists():
        raise errors.AlreadyReported()
    report = Report(message=message, circle=circle, reporter=reporter, reason=reason)
    report.full_clean()
    report.save()
    notify(
        to=circle.facilitator,
        template="peer_support/email/report",
        subject=f"A message in {circle.name} was reported",
        kind=Kind.CIRCLE_REPORT,
        context={"circle": circle},
        url=reverse("peer_support:moderation", kwargs={"slug": circle.slug}),
    )
    return report


@transaction.atomic
def report_dismiss(*, report: Report, facilitator: Member) -> Report:
    require_facilitator(report.circle, facilitator)
    model_update(report, status=Report.Status.DISMISSED, resolved_at=timezone.now())
    audit_record(
        action=AuditEntry.Action.REPORT_DISMISSED,
        actor=facilitator,
        circle=report.circle,
        detail=f"Report {report.pk} on message {report.message_id}",
    )
    return report
