"""Taking part in a lot: expressions of interest and consortia, clarifications, and the
conflict-of-interest declarations evaluators make before seeing who is bidding."""

from django.db import models
from django.db.models import Q

__all__ = ["Clarification", "ConsortiumPartner", "Declaration", "Evaluator", "Expression"]


class Expression(models.Model):
    """An organisation's expression of interest in a lot, alone or leading a consortium."""

    lot = models.ForeignKey(
        "commissioning.Lot", on_delete=models.CASCADE, related_name="expressions"
    )
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    lead = models.ForeignKey("network.Member", on_delete=models.PROTECT, related_name="+")
    statement = models.TextField(
        "how you would reach this outcome",
        max_length=4000,
        help_text="On a short-form lot, no more than 1,500 characters.",
    )
    delivery_plan = models.TextField(
        "delivery plan, staffing and safeguarding", max_length=8000, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["lot", "organisation"], name="expression_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} for {self.lot}"


class ConsortiumPartner(models.Model):
    """A partner the lead invited. Only an accepted partner is part of the consortium."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    expression = models.ForeignKey(Expression, on_delete=models.CASCADE, related_name="partners")
    member = models.ForeignKey("network.Member", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.INVITED)
    invited_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["expression", "organisation"], name="consortium_partner_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_status_display()})"


class Clarification(models.Model):
    """A question about a challenge's lots. Answered once, published to everyone at once,
    without saying who asked."""

    challenge = models.ForeignKey(
        "commissioning.Challenge", on_delete=models.CASCADE, related_name="clarifications"
    )
    asked_by = models.ForeignKey("network.Member", on_delete=models.CASCADE, related_name="+")
    question = models.TextField(max_length=2000)
    answer = models.TextField(max_length=4000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["published_at", "pk"]

    def __str__(self) -> str:
        return self.question[:60]


class Evaluator(models.Model):
    """Someone the commissioner asks to help evaluate a lot (the commissioner always does)."""

    lot = models.ForeignKey(
        "commissioning.Lot", on_delete=models.CASCADE, related_name="evaluators"
    )
    member = models.ForeignKey("network.Member", on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lot", "member"], name="evaluator_once")]

    def __str__(self) -> str:
        return f"{self.member} on {self.lot}"


class Declaration(models.Model):
    """What an evaluator declared about one bidding organisation, before seeing any bid."""

    class Kind(models.TextChoices):
        NONE = "none", "No interest"
        INTEREST = "interest", "I have an interest"

    lot = models.ForeignKey(
        "commissioning.Lot", on_delete=models.CASCADE, related_name="declarations"
    )
    member = models.ForeignKey("network.Member", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    description = models.TextField(max_length=2000, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["declared_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lot", "member", "organisation"], name="declaration_once"
            ),
            models.CheckConstraint(
                condition=Q(kind="none") | ~Q(description=""),
                name="declaration_interest_described",
                violation_error_message="Describe the interest you are declaring.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} on {self.organisation}: {self.get_kind_display()}"
