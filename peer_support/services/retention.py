"""How long a circle keeps its messages: the facilitator's setting, and the nightly job that
removes what is older (with the mentions and reports about it, and threads left empty)."""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.services import model_update
from network.models import Member
from peer_support.models import Circle, Message, Thread
from peer_support.services.rules import require_facilitator
from privacy.models import AuditEntry
from privacy.services.audit import audit_record

AVERAGE_MONTH = dt.timedelta(days=30.44)


def retention_cutoff(circle: Circle, now: dt.datetime) -> dt.datetime:
    return now - circle.message_retention_months * AVERAGE_MONTH


@transaction.atomic
def retention_set(*, circle: Circle, facilitator: Member, months: int) -> Circle:
    require_facilitator(circle, facilitator)
    before = circle.message_retention_months
    if model_update(circle, message_retention_months=months):
        audit_record(
            action=AuditEntry.Action.RETENTION_CHANGED,
            actor=facilitator,
            circle=circle,
            detail=f"From {before} to {months} months",
        )
    return circle


def messages_expire(*, now: dt.datetime | None = None) -> int:
    """Remove every circle's messages older than its retention period; returns how many.

    One transaction per circle, so a long run never holds every circle at once.
    """
    now = now or timezone.now()
    removed = 0
    for circle in Circle.objects.all().only("pk", "message_retention_months"):
        cutoff = retention_cutoff(circle, now)
        with transaction.atomic():
            _, per_model = Message.objects.filter(circle=circle, created_at__lt=cutoff).delete()
            count = per_model.get(Message._meta.label, 0)
            # A thread whose last message is gone, and that is itself past the period.
            (
                Thread.objects.filter(circle=circle, created_at__lt=cutoff)
                .annotate(last=Max("messages__id"))
                .filter(last__isnull=True)
                .delete()
            )
            if count:
                removed += count
                audit_record(
                    action=AuditEntry.Action.MESSAGES_EXPIRED,
                    actor=None,
                    circle=circle,
                    detail=f"{count} message(s) older than "
                    f"{circle.message_retention_months} months",
                )
    return removed
