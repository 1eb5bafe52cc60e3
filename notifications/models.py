"""What a member has been told (one row per event they should know about), how each member
wants to be told about each kind of event, and the emails and reminders on their way."""

from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    """Every kind of event a member can be told about. The label is the preference's wording."""

    BOOKING_REQUESTED = "booking_requested", "Someone asks you for a session"
    BOOKING_CONFIRMED = "booking_confirmed", "A session is confirmed"
    BOOKING_DECLINED = "booking_declined", "A session you asked for is declined"
    BOOKING_CANCELLED = "booking_cancelled", "A session is cancelled"
    BOOKING_RESCHEDULED = "booking_rescheduled", "A session is moved"
    BOOKING_REMINDER = "booking_reminder", "A reminder the day before a session"
    INTEREST = "interest", "Someone is interested in meeting you"
    CONNECTION = "connection", "You and someone else are connected"
    OPPORTUNITY = "opportunity", "An opportunity is published in your places and outcome areas"
    MENTION = "mention", "Someone mentions you in a circle"
    REPLY = "reply", "A reply in a circle thread you follow"
    JOIN_REQUEST = "join_request", "Someone asks to join a circle you facilitate"
    CIRCLE_INVITATION = "circle_invitation", "You are invited to a circle"
    CIRCLE_DECISION = "circle_decision", "Your request to join a circle is answered"
    CIRCLE_REMOVAL = "circle_removal", "You are removed from a circle"
    CIRCLE_REPORT = "circle_report", "A message in your circle is reported"
    REGISTRATION = "registration", "Your masterclass places and waiting-list places"
    WAITLIST_PROMOTION = "waitlist_promotion", "A masterclass place opens up for you"
    SESSION_CHANGED = "session_changed", "A masterclass session you hold a place in changes"
    MASTERCLASS_REMINDER = "masterclass_reminder", "A reminder the day before a masterclass"
    CHALLENGE_UPDATE = "challenge_update", "A commissioning challenge you take part in moves on"
    CONSORTIUM_INVITATION = "consortium_invitation", "You are invited into a consortium bid"
    CLARIFICATION = "clarification", "A clarification is published on a challenge you bid for"
    LOT_AWARDED = "lot_awarded", "A lot you expressed interest in is awarded"
    GENERAL = "general", "Other news about your account"


class Channel(models.TextChoices):
    EMAIL = "email", "Email me at once"
    DIGEST = "digest", "In one daily email"
    SITE = "site", "Only on the site"


# Unless a member chooses otherwise, each kind is emailed at once, but for these, which can
# come often, a daily email is kinder.
DEFAULT_CHANNELS = {Kind.REPLY: Channel.DIGEST, Kind.OPPORTUNITY: Channel.DIGEST}


def default_channel(kind: str) -> str:
    return DEFAULT_CHANNELS.get(kind, Channel.EMAIL)


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One thing a member should know about: a booking that changed, a mention, a new place."""

    member = models.ForeignKey(
        "network.Member", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.GENERAL)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # For kinds the member takes as a daily email: set once that email has included it.
    digested_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["member", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text


class Preference(models.Model):
    """How one member wants to hear about one kind of event (no row: the kind's default)."""

    member = models.ForeignKey(
        "network.Member", on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.kind} by {self.channel}"


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
    # List-Unsubscribe and its one-click companion, kept so the worker sends them as rendered.
    headers = models.JSONField(default=dict, blank=True)
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
