"""Stage 1: the outcomes, the proposals people make, their history, and the conversation."""

from django.db import models
from django.db.models import Q

__all__ = ["Comment", "Outcome", "OutcomeEvent", "Proposal"]


class Outcome(models.Model):
    challenge = models.ForeignKey(
        "commissioning.Challenge", on_delete=models.CASCADE, related_name="outcomes"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=2000, blank=True)
    outcome_area = models.ForeignKey(
        "network.OutcomeArea",
        on_delete=models.PROTECT,
        related_name="challenge_outcomes",
        help_text="Providers whose profiles work on this area are matched to it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Proposal(models.Model):
    """An outcome someone proposes; the commissioner accepts it, merges it, or declines it."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for the commissioner"
        ACCEPTED = "accepted", "Accepted as an outcome"
        MERGED = "merged", "Merged into an outcome"
        DECLINED = "declined", "Not taken forward"

    challenge = models.ForeignKey(
        "commissioning.Challenge", on_delete=models.CASCADE, related_name="proposals"
    )
    author = models.ForeignKey(
        "commissioning.Invitation",
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    author_member = models.ForeignKey(
        "network.Member", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=2000, blank=True)
    outcome_area = models.ForeignKey(
        "network.OutcomeArea", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    outcome = models.ForeignKey(
        Outcome, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    decision_note = models.TextField(max_length=1000, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def author_name(self) -> str:
        if self.author_member_id:
            return self.author_member.name
        return self.author.guest_name if self.author_id else "Someone"


class OutcomeEvent(models.Model):
    """The history of an outcome: drafted, edited, accepted from or merged with a proposal.

    Each row keeps the wording as it stood after the change, so nothing said is lost.
    """

    class Kind(models.TextChoices):
        DRAFTED = "drafted", "Drafted by the commissioner"
        EDITED = "edited", "Reworded by the commissioner"
        ACCEPTED = "accepted", "Accepted from a proposal"
        MERGED = "merged", "A proposal merged in"

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=2000, blank=True)
    note = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class Comment(models.Model):
    """Threaded: a reply names its parent. Hidden by the commissioner or staff with a reason."""

    challenge = models.ForeignKey(
        "commissioning.Challenge", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        "commissioning.Invitation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    author_member = models.ForeignKey(
        "network.Member", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    body = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        "network.Member", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(author__isnull=False) | Q(author_member__isnull=False),
                name="comment_has_author",
            )
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def author_name(self) -> str:
        if self.author_member_id:
            return self.author_member.name
        return self.author.guest_name
