"""Peer-support circles and their real-time discussion.

A circle is small and confidential: nothing in it (messages, member names) is shown to anyone
who is not an active member who has accepted the circle's agreement.
"""

import secrets
import uuid
from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import urlize

from network.models import Member, Place

MESSAGE_MAX_LENGTH = 4000
DEFAULT_SIZE_LIMIT = 12
# Messages older than this many months are removed by a daily job (peer_support.services.
# retention); each circle may keep them for less or longer.
DEFAULT_RETENTION_MONTHS = 24
RETENTION_MONTHS_RANGE = "Keep messages for between 1 and 120 months."
INVITATION_LIFETIME = timedelta(days=14)
# An open socket refreshes its presence row this often (on the client's frames; it pings
# while idle), and a row not refreshed for PRESENCE_EXPIRES_AFTER is a socket that is gone.
# The margin covers browsers that slow a background tab's timers to once a minute.
PRESENCE_HEARTBEAT = timedelta(seconds=30)
PRESENCE_EXPIRES_AFTER = timedelta(minutes=3)

AGREEMENT_TEXT = (
    "What is said in this circle stays in this circle. I will not share other members' names, "
    "organisations or anything they say outside it, I will speak for myself and my own "
    "organisation, and I will tell the facilitator if I think someone is at risk."
)


class CircleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(closed_at__isnull=True)

    def open_to_join(self):
        return self.active().filter(admission=Circle.Admission.OPEN)

    def in_place(self, place: Place):
        return self.filter(Q(place=place) | Q(place__region=place))

    def with_member(self, member: Member):
        """Circles where `member` is an active member (agreement accepted or not)."""
        return self.filter(
            memberships__member=member, memberships__status=CircleMembership.Status.ACTIVE
        )


class Circle(models.Model):
    class Admission(models.TextChoices):
        OPEN = "open", "Open to requests to join"
        INVITATION = "invitation", "By invitation only"

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    purpose = models.TextField(max_length=2000)
    theme = models.CharField(max_length=100, blank=True)
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="circles"
    )
    facilitator = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="facilitated_circles"
    )
    size_limit = models.PositiveSmallIntegerField(default=DEFAULT_SIZE_LIMIT)
    admission = models.CharField(max_length=16, choices=Admission.choices, default=Admission.OPEN)
    agreement = models.TextField(default=AGREEMENT_TEXT)
    closed_at = models.DateTimeField(null=True, blank=True)
    next_meeting_starts_at = models.DateTimeField(null=True, blank=True)
    next_meeting_ends_at = models.DateTimeField(null=True, blank=True)
    next_meeting_link = models.URLField("joining link", blank=True)
    # The calendar identity of the next meeting: kept while it is moved or edited (calendars
    # then replace it rather than add it twice), new once a meeting after it is planned.
    next_meeting_uid = models.UUIDField(default=uuid.uuid4, editable=False)
    next_meeting_sequence = models.PositiveIntegerField(default=0, editable=False)
    # The circle's one sequence of changes to its messages (created, edited, deleted,
    # hidden): each change takes the next value, and the message keeps it as `change_id`.
    last_change_id = models.BigIntegerField(default=0, editable=False)
    message_retention_months = models.PositiveSmallIntegerField(
        "keep messages for (months)",
        default=DEFAULT_RETENTION_MONTHS,
        help_text="Messages older than this are removed for good, every night.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CircleQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size_limit__gte=2) & Q(size_limit__lte=50),
                name="circle_size_limit_range",
            ),
            models.CheckConstraint(
                condition=Q(message_retention_months__gte=1) & Q(message_retention_months__lte=120),
                name="circle_retention_range",
                violation_error_message=RETENTION_MONTHS_RANGE,
            ),
            models.CheckConstraint(
                condition=Q(next_meeting_ends_at__isnull=True)
                | Q(next_meeting_ends_at__gt=models.F("next_meeting_starts_at")),
                name="circle_meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("peer_support:circle_detail", kwargs={"slug": self.slug})

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_open_to_join(self) -> bool:
        return self.admission == self.Admission.OPEN and not self.is_closed

    @property
    def has_upcoming_meeting(self) -> bool:
        return bool(self.next_meeting_starts_at and self.next_meeting_starts_at > timezone.now())

    @property
    def meeting_is_over(self) -> bool:
        """No meeting is set, or the one set has ended (or started, if it has no end)."""
        last = self.next_meeting_ends_at or self.next_meeting_starts_at
        return last is None or last <= timezone.now()


class CircleMembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=CircleMembership.Status.ACTIVE)

    def participating(self):
        """Active and agreement accepted: may read, post and open the socket."""
        return self.active().filter(agreement_accepted_at__isnull=False)


class CircleMembership(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        LEFT = "left", "Left"
        REMOVED = "removed", "Removed"

    class Role(models.TextChoices):
        FACILITATOR = "facilitator", "Facilitator"
        MEMBER = "member", "Member"

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="circle_memberships")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    agreement_accepted_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    # The highest message id already summarised in a digest, so no message is mailed twice.
    digest_sent_up_to = models.BigIntegerField(default=0)

    objects = CircleMembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["circle", "member"], name="one_membership_per_circle")
        ]
        indexes = [models.Index(fields=["member", "status"])]

    def __str__(self) -> str:
        return f"{self.member} in {self.circle}"

    @property
    def is_participating(self) -> bool:
        return self.status == self.Status.ACTIVE and self.agreement_accepted_at is not None

    @property
    def is_facilitator(self) -> bool:
        return self.role == self.Role.FACILITATOR


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the facilitator"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="join_requests")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="join_requests")
    note = models.TextField("why you would like to join", max_length=1000, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "member"],
                condition=Q(status="pending"),
                name="one_pending_join_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} asks to join {self.circle}"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation to {self.circle} for {self.email}"

    def get_absolute_url(self) -> str:
        return reverse("peer_support:invitation_accept", kwargs={"token": self.token})

    @property
    def is_expired(self) -> bool:
        return timezone.now() > self.created_at + INVITATION_LIFETIME


class Thread(models.Model):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(max_length=150)
    started_by = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_message_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "peer_support:thread_detail", kwargs={"slug": self.circle.slug, "pk": self.pk}
        )


class MessageQuerySet(models.QuerySet):
    def visible(self):
        """Messages still counted as unread and digested: not deleted, not hidden."""
        return self.filter(deleted_at__isnull=True, hidden_at__isnull=True)


class Message(models.Model):
    """One message. Ids within a circle are allocated while the circle row is locked, so
    they increase in commit order: "everything after id N" never skips a late commit.

    `change_id` is the circle's change sequence value of the message's latest change (its
    creation, last edit, deletion or hiding), allocated the same way: a reconnecting socket
    asks for every message whose `change_id` is above the last one it saw, and so sees edits
    and deletions made while it was away, not just new messages."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    change_id = models.BigIntegerField(default=0, editable=False)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["circle", "id"]),
            models.Index(fields=["thread", "id"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["circle", "change_id"], name="one_message_per_change")
        ]

    def __str__(self) -> str:
        return f"Message {self.pk}"

    @property
    def is_removed(self) -> bool:
        return self.deleted_at is not None or self.hidden_at is not None

    @property
    def body_html(self) -> str:
        """Plain text, HTML-escaped, with links made clickable."""
        if self.deleted_at:
            return "<em>Message deleted</em>"
        if self.hidden_at:
            return "<em>Hidden by the facilitator</em>"
        return urlize(self.body, nofollow=True, autoescape=True).replace("\n", "<br>")


class ThreadState(models.Model):
    """One member's read position in a thread and whether they follow or mute it."""

    class Notify(models.TextChoices):
        DEFAULT = "default", "Normal"
        FOLLOWING = "following", "Following"
        MUTED = "muted", "Muted"

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="states")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="thread_states")
    last_read_message_id = models.BigIntegerField(default=0)
    notify = models.CharField(max_length=16, choices=Notify.choices, default=Notify.DEFAULT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "member"], name="one_state_per_thread")
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.thread}"


class Mention(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="mentions")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="circle_mentions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "member"], name="one_mention_per_message")
        ]

    def __str__(self) -> str:
        return f"{self.member} mentioned in message {self.message_id}"


class Report(models.Model):
    """A message a member asked the facilitator to look at: the circle's moderation queue."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        HIDDEN = "hidden", "Message hidden"
        DISMISSED = "dismissed", "No action needed"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(max_length=1000)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Report on message {self.message_id}"


class Presence(models.Model):
    """One open socket. Rows live in the database so every server process sees them.

    The socket's consumer refreshes `last_seen` while it is open (the heartbeat); a row not
    refreshed for `PRESENCE_EXPIRES_AFTER` belongs to a socket that is gone (its process
    crashed): nobody is shown for it, and `presence_sweep` deletes it."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="presences")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    channel_name = models.CharField(max_length=200, unique=True)
    connected_at = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.member} in {self.circle}"


# --- Action-learning sets ---------------------------------------------------------------------


class ActionLearningSet(models.Model):
    """One circle meeting run in action-learning mode.

    The meeting moves through steps (`peer_support.action_learning.steps`): a review of the
    actions from the last set, if any are open, then for each issue-holder in turn presenting,
    questions, reflection and actions, then done. `position` is the current step (-1: not
    started); `stage_ends_at` is when the shared timer runs out.
    """

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="action_sets")
    created_by = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL, related_name="+")
    presenting_minutes = models.PositiveSmallIntegerField(default=10)
    questions_minutes = models.PositiveSmallIntegerField(default=20)
    reflection_minutes = models.PositiveSmallIntegerField(default=10)
    actions_minutes = models.PositiveSmallIntegerField(default=5)
    review_minutes = models.PositiveSmallIntegerField(default=10)
    has_review = models.BooleanField(default=False)
    position = models.SmallIntegerField(default=-1)
    stage_ends_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Action-learning set in {self.circle} ({self.created_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("peer_support:action_set", kwargs={"slug": self.circle.slug, "pk": self.pk})


class ActionLearningIssue(models.Model):
    """An issue-holder's turn in a set."""

    action_set = models.ForeignKey(
        ActionLearningSet, on_delete=models.CASCADE, related_name="issues"
    )
    holder = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL, related_name="+")
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["action_set", "order"], name="one_issue_per_turn")
        ]

    def __str__(self) -> str:
        return f"Issue {self.order + 1} of {self.action_set}"


class ActionLearningQuestion(models.Model):
    """A question asked in an issue's questions stage (questions only, never advice)."""

    issue = models.ForeignKey(
        ActionLearningIssue, on_delete=models.CASCADE, related_name="questions"
    )
    author = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Question {self.pk}"


class ActionLearningAction(models.Model):
    """What an issue-holder commits to, reviewed at the start of the circle's next set."""

    class Status(models.TextChoices):
        OPEN = "open", "Not yet reviewed"
        DONE = "done", "Done"
        IN_PROGRESS = "in_progress", "In progress"
        DROPPED = "dropped", "Dropped"

    issue = models.ForeignKey(ActionLearningIssue, on_delete=models.CASCADE, related_name="actions")
    holder = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.CharField(max_length=500)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    review_note = models.CharField(max_length=500, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text
