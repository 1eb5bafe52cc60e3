"""Matching profiles, commissioning opportunities, and the consent that turns a match into a
connection. Imported by `network.models` so Django sees these as `network` models."""

__all__ = [
    "CONNECTION_CAP_RANGE",
    "SMALL_SIZE_BANDS",
    "Asset",
    "Connection",
    "MatchProfile",
    "MatchResponse",
    "Opportunity",
    "OutcomeArea",
    "SizeBand",
    "size_band_for_income",
]

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from core.id_arrays import IdArrayField, IdArrayIndex


class OutcomeArea(models.Model):
    """Shared taxonomy of outcomes (reference data, created by migration)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Asset(models.Model):
    """What an organisation brings or looks for: skills, volunteers, premises, data..."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SizeBand(models.TextChoices):
    """NCVO's income bands (their major and super-major bands are folded into large)."""

    MICRO = "micro", "Micro (income under £10,000)"
    SMALL = "small", "Small (£10,000 to £100,000)"
    MEDIUM = "medium", "Medium (£100,000 to £1 million)"
    LARGE = "large", "Large (£1 million or more)"


# The lower bound of each band above micro, in pounds a year (NCVO Civil Society Almanac).
SIZE_BAND_FLOORS = (
    (SizeBand.LARGE, 1_000_000),
    (SizeBand.MEDIUM, 100_000),
    (SizeBand.SMALL, 10_000),
)


def size_band_for_income(income: int | None) -> str:
    """The band an annual income falls in; "" when the income is not known."""
    if income is None:
        return ""
    for band, floor in SIZE_BAND_FLOORS:
        if income >= floor:
            return band
    return SizeBand.MICRO


CONNECTION_CAP_RANGE = "Choose between 1 and 50 new connections a month."
SMALL_SIZE_BANDS = frozenset({SizeBand.MICRO, SizeBand.SMALL})


class MatchProfileQuerySet(models.QuerySet):
    def suggestible(self):
        return self.filter(
            opted_out=False,
            member__user__is_active=True,
        )


class MatchProfile(models.Model):
    """What a member's organisation works on, where, what it brings and what it seeks."""

    member = models.OneToOneField(
        "network.Member", on_delete=models.CASCADE, related_name="match_profile"
    )
    outcome_areas = models.ManyToManyField(
        OutcomeArea,
        blank=True,
        related_name="profiles",
        verbose_name="outcome areas",
        help_text="For commissioners: your outcome priorities.",
    )
    places = models.ManyToManyField(
        "network.Place", blank=True, related_name="match_profiles", verbose_name="places served"
    )
    assets_offered = models.ManyToManyField(
        Asset, blank=True, related_name="offered_by", verbose_name="what you bring"
    )
    assets_sought = models.ManyToManyField(
        Asset, blank=True, related_name="sought_by", verbose_name="what you are looking for"
    )
    looking_for = models.TextField(
        "in your own words, what are you looking for?", max_length=1000, blank=True
    )
    size_band = models.CharField(
        "size of your organisation", max_length=16, choices=SizeBand.choices, blank=True
    )
    monthly_connection_cap = models.PositiveSmallIntegerField(
        "new connections a month",
        default=5,
        help_text="Once you reach this many new connections in a month, we stop suggesting "
        "you to others until the next month.",
    )
    opted_out = models.BooleanField(
        "don't suggest me to other members",
        default=False,
        help_text="You can still see suggestions and express interest yourself.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Copies of the M2M ids, so that suggestions find who shares an outcome area or a place
    # with one indexed overlap search (`__overlap`) and rank them by the points the score
    # gives in SQL (docs/performance.md). Kept equal to the M2M rows by
    # `network.services.matching.match_profile_ids_sync` on every change.
    outcome_area_ids = IdArrayField()
    place_ids = IdArrayField()
    offered_asset_ids = IdArrayField()
    sought_asset_ids = IdArrayField()
    # The member's role while this profile may be suggested to others; blank once they opt
    # out or their account is closed. Spares the suggestions search two joins; kept by
    # `network.services.matching.match_profile_suggested_as_sync`.
    suggested_as = models.CharField(max_length=32, blank=True, editable=False)

    objects = MatchProfileQuerySet.as_manager()

    class Meta:
        indexes = [
            IdArrayIndex(fields=["outcome_area_ids"], name="matchprofile_outcome_ids"),
            IdArrayIndex(fields=["place_ids"], name="matchprofile_place_ids"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_connection_cap__gte=1) & Q(monthly_connection_cap__lte=50),
                name="matchprofile_cap_range",
                violation_error_message=CONNECTION_CAP_RANGE,
            )
        ]

    def __str__(self) -> str:
        return f"Matching profile of {self.member}"


class OpportunityQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Opportunity.Status.OPEN, closes_on__gte=timezone.localdate())

    def with_details(self):
        return self.select_related(
            "outcome_area", "place", "commissioner__user", "commissioner__organisation"
        )


class Opportunity(models.Model):
    """An outcome a commissioner wants to reach in a place, and how they will buy it."""

    class ValueBand(models.TextChoices):
        UNDER_50K = "under_50k", "Under £50,000"
        FROM_50K = "50k_250k", "£50,000 to £250,000"
        FROM_250K = "250k_1m", "£250,000 to £1 million"
        OVER_1M = "over_1m", "Over £1 million"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    commissioner = models.ForeignKey(
        "network.Member", on_delete=models.CASCADE, related_name="opportunities"
    )
    title = models.CharField(max_length=160)
    summary = models.TextField(max_length=4000)
    outcome_area = models.ForeignKey(
        OutcomeArea, on_delete=models.PROTECT, related_name="opportunities"
    )
    place = models.ForeignKey(
        "network.Place", on_delete=models.PROTECT, related_name="opportunities"
    )
    value_band = models.CharField(max_length=16, choices=ValueBand.choices)
    closes_on = models.DateField("expressions of interest close on")
    starts_on = models.DateField("service starts on")
    open_to_small_providers = models.BooleanField("open to small and local providers", default=True)
    open_to_partnerships = models.BooleanField("open to partnership bids", default=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["closes_on", "pk"]
        verbose_name_plural = "opportunities"
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__gte=F("closes_on")),
                name="opportunity_starts_after_closing",
                violation_error_message="The service should start after interest closes.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:opportunity_detail", kwargs={"pk": self.pk})


class MatchResponse(models.Model):
    """One member's answer to a suggestion of another: interested, or not for me (hidden)."""

    class Kind(models.TextChoices):
        INTEREST = "interest", "Interested"
        DECLINE = "decline", "Not for me"

    member = models.ForeignKey(
        "network.Member", on_delete=models.CASCADE, related_name="match_responses"
    )
    other = models.ForeignKey(
        "network.Member", on_delete=models.CASCADE, related_name="match_responses_received"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    opportunity = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "other"], name="matchresponse_once"),
            models.CheckConstraint(condition=~Q(member=F("other")), name="matchresponse_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.other}: {self.get_kind_display()}"


class ConnectionQuerySet(models.QuerySet):
    def involving(self, member_id: int):
        return self.filter(Q(first_id=member_id) | Q(second_id=member_id))


class Connection(models.Model):
    """Two members who both expressed interest. Stored once, lower primary key first."""

    first = models.ForeignKey("network.Member", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("network.Member", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConnectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="connection_once"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="connection_ordered"),
        ]
        indexes = [
            models.Index(fields=["first", "created_at"], name="connection_first_month"),
            models.Index(fields=["second", "created_at"], name="connection_second_month"),
        ]

    def __str__(self) -> str:
        return f"Connection {self.first_id} and {self.second_id}"

    def other(self, member_id: int) -> int:
        return self.second_id if self.first_id == member_id else self.first_id
