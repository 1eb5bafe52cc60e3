"""Stage 3: options appraised against the outcomes, and a contract cut into lots."""

from django.db import models
from django.urls import reverse

__all__ = ["VALUE_BAND_ORDER", "Appraisal", "Lot", "Method", "ValueBand", "is_short_form"]


class Method(models.TextChoices):
    GRANT = "grant", "Grant"
    CONTRACT = "contract", "Contract"
    ALLIANCE = "alliance", "Alliance"
    CONSORTIUM = "consortium", "Consortium"
    IN_HOUSE = "in_house", "In-house"


class ValueBand(models.TextChoices):
    UNDER_50K = "under_50k", "Under £50,000"
    FROM_50K = "50k_250k", "£50,000 to £250,000"
    FROM_250K = "250k_1m", "£250,000 to £1 million"
    OVER_1M = "over_1m", "Over £1 million"


VALUE_BAND_ORDER = [band.value for band in ValueBand]


def is_short_form(value_band: str, threshold: str) -> bool:
    """Whether a lot in `value_band` sits below the commissioner's short-form `threshold`."""
    if value_band not in VALUE_BAND_ORDER or threshold not in VALUE_BAND_ORDER:
        return False
    return VALUE_BAND_ORDER.index(value_band) < VALUE_BAND_ORDER.index(threshold)


class Appraisal(models.Model):
    """One option considered, the outcomes it would serve, and why it was chosen or not."""

    class Verdict(models.TextChoices):
        CHOSEN = "chosen", "Chosen"
        NOT_CHOSEN = "not_chosen", "Not chosen"

    challenge = models.ForeignKey(
        "commissioning.Challenge", on_delete=models.CASCADE, related_name="appraisals"
    )
    method = models.CharField(max_length=12, choices=Method.choices)
    outcomes = models.ManyToManyField("commissioning.Outcome", related_name="appraisals")
    reasons = models.TextField(max_length=4000)
    verdict = models.CharField(max_length=12, choices=Verdict.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "method"], name="appraisal_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()}: {self.get_verdict_display()}"


class Lot(models.Model):
    """A piece of a chosen contract, sized so that small and local providers can win it."""

    challenge = models.ForeignKey(
        "commissioning.Challenge", on_delete=models.CASCADE, related_name="lots"
    )
    title = models.CharField(max_length=160)
    outcome = models.ForeignKey(
        "commissioning.Outcome", on_delete=models.PROTECT, related_name="lots"
    )
    value_band = models.CharField(max_length=16, choices=ValueBand.choices)
    length_months = models.PositiveSmallIntegerField("length (months)")
    open_to_small_local = models.BooleanField("open to small and local providers", default=True)
    requirements = models.TextField(max_length=4000)
    awarded_to = models.ForeignKey(
        "commissioning.Expression",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    award_reasons = models.TextField(max_length=4000, blank=True)
    awarded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(length_months__gte=1) & models.Q(length_months__lte=120),
                name="lot_length_range",
                violation_error_message="A lot lasts between 1 and 120 months.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commissioning:lot_detail", kwargs={"pk": self.pk})

    @property
    def short_form(self) -> bool:
        """Below the challenge's threshold a lot asks for no more than a short form."""
        return is_short_form(self.value_band, self.challenge.short_form_below)
