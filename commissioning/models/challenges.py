"""A commissioning challenge for one place, the stage it is at, and who is invited to it."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

__all__ = ["Challenge", "Invitation", "Stage"]


class Stage(models.TextChoices):
    OUTCOMES = "outcomes", "1. Outcomes"
    RESOURCES = "resources", "2. Resources"
    METHODS = "methods", "3. Methods"
    AWARDED = "awarded", "Awarded"
    CLOSED = "closed", "Closed"


class Challenge(models.Model):
    """ "Older people living safely at home, Sutton": outcomes, then resources, then methods."""

    class Visibility(models.TextChoices):
        INVITED = "invited", "Only people I invite"
        PLACE = "place", "Every member in the place, and people I invite"

    commissioner = models.ForeignKey(
        "network.Member", on_delete=models.PROTECT, related_name="challenges"
    )
    title = models.CharField(max_length=160)
    summary = models.TextField(max_length=4000)
    place = models.ForeignKey("network.Place", on_delete=models.PROTECT, related_name="challenges")
    visibility = models.CharField(
        "who can see it", max_length=8, choices=Visibility.choices, default=Visibility.PLACE
    )
    short_form_below = models.CharField(
        "lots below this value ask only for a short form",
        max_length=16,
        choices=[
            ("50k_250k", "£50,000"),
            ("250k_1m", "£250,000"),
            ("over_1m", "£1 million"),
        ],
        default="250k_1m",
    )
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.OUTCOMES)
    stage_changed_at = models.DateTimeField(auto_now_add=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commissioning:challenge_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.stage in (Stage.OUTCOMES, Stage.RESOURCES, Stage.METHODS)


class Invitation(models.Model):
    """A member invited to a challenge, or a person with lived experience invited by link.

    A lived-experience guest has no account: the signed link names this row, and what they
    write is shown under the name they gave.
    """

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(
        "network.Member",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="challenge_invitations",
    )
    guest_name = models.CharField("their name", max_length=120, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "member"],
                condition=Q(member__isnull=False),
                name="invitation_member_once",
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(guest_name=""),
                name="invitation_member_or_guest",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.member.name if self.member_id else self.guest_name

    @property
    def is_guest(self) -> bool:
        return self.member_id is None
