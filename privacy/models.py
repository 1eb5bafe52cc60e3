"""What the site keeps to answer for members' data: archives they asked for, the record
that an account was erased, and the log of what facilitators and staff did."""

import secrets

from django.db import models
from django.utils import timezone

FORMER_MEMBER = "Former member"


class AuditEntryQuerySet(models.QuerySet):
    def with_people(self):
        return self.select_related("actor__user", "subject__user", "circle")


class AuditEntry(models.Model):
    """One facilitator or staff action on someone else's account or words.

    The labels hold the names as they were, so the log reads without joins; erasing an
    account replaces them with FORMER_MEMBER and drops the links.
    """

    class Action(models.TextChoices):
        MEMBER_REMOVED = "member_removed", "Removed a member from a circle"
        MESSAGE_HIDDEN = "message_hidden", "Hid a message"
        REPORT_DISMISSED = "report_dismissed", "Dismissed a report"
        CIRCLE_CLOSED = "circle_closed", "Closed a circle"
        RETENTION_CHANGED = "retention_changed", "Changed how long messages are kept"
        MESSAGES_EXPIRED = "messages_expired", "Removed messages past their retention period"
        DATA_EXPORTED = "data_exported", "Built a data archive"
        ACCOUNT_ERASED = "account_erased", "Erased an account"

    action = models.CharField(max_length=32, choices=Action.choices)
    actor = models.ForeignKey(
        "network.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    subject = models.ForeignKey(
        "network.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_label = models.CharField(max_length=200, blank=True)
    circle = models.ForeignKey(
        "peer_support.Circle", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.actor_label or 'The site'}: {self.get_action_display()}"


def _token() -> str:
    return secrets.token_urlsafe(24)


class DataExport(models.Model):
    """An archive of one member's data, built on the worker and downloadable for a while."""

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Could not be prepared"
        EXPIRED = "expired", "Expired"

    member = models.ForeignKey(
        "network.Member", on_delete=models.CASCADE, related_name="data_exports"
    )
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    file_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Data archive {self.pk} of {self.member_id}"


class Erasure(models.Model):
    """The record the law asks us to keep that an account was erased on request: when, and
    the pseudonymous remainder it left (no name, no address)."""

    member = models.OneToOneField(
        "network.Member", on_delete=models.PROTECT, related_name="erasure"
    )
    erased_at = models.DateTimeField(default=timezone.now)
    messages_kept = models.BooleanField(
        default=False, help_text="The member chose to leave their messages, without their name."
    )

    def __str__(self) -> str:
        return f"Erasure of member {self.member_id} on {self.erased_at:%Y-%m-%d}"
