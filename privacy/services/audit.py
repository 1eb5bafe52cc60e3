"""The one way to record a facilitator's or staff member's action in the audit log."""

from network.models import Member
from privacy.models import AuditEntry


def audit_record(
    *,
    action: str,
    actor: Member | None,
    subject: Member | None = None,
    circle=None,
    detail: str = "",
) -> AuditEntry:
    """Called inside the service's transaction, so the entry stands or falls with the action."""
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        actor_label=actor.name if actor else "",
        subject=subject,
        subject_label=subject.name if subject else "",
        circle=circle,
        detail=detail[:300],
    )
