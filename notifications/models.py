"""What a member has been told (one row per event they should know about), and the emails
and reminders on their way to them."""

from django.db import models
from django.utils import timezone


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An on-site note for a member: a new connection, a booking that changed, a mention."""

    member = models.ForeignKey(
        "network.Member", on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["member", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now)


class OutgoingEmail(models.Model):
    """An email rendered with the write that caused it, waiting for the worker to send it.

    Saved in the same transaction as that write, so an email is never sent for a change that
    rolled back, and never lost when the task queue is unreachable. A sent email's row is
    deleted; what stays here is waiting to be sent, or has failed for good.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        FAILED = "failed", "Failed for good"

    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField()
    # Each attachment as the MIME text it was rendered to (a calendar invitation, say).
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoing_email_due")]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to}"


class SentReminder(models.Model):
    """A reminder that has gone out, under a key naming what it was about, so a job that
    runs every hour sends each reminder once however often it runs."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key
