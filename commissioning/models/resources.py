"""Stage 2: what the place already has. Profile assets are matched live from matching
profiles (see `commissioning.selectors.resources`); members add the rest here."""

from django.db import models

__all__ = ["CommunityAsset", "FundingStream"]


class CommunityAsset(models.Model):
    class Kind(models.TextChoices):
        VENUE = "venue", "Venue"
        VOLUNTEER_GROUP = "volunteer_group", "Volunteer group"
        DATA = "data", "Data and evidence"
        OTHER = "other", "Something else"

    challenge = models.ForeignKey(
        "commissioning.Challenge", on_delete=models.CASCADE, related_name="community_assets"
    )
    outcome = models.ForeignKey(
        "commissioning.Outcome", on_delete=models.CASCADE, related_name="community_assets"
    )
    offered_by = models.ForeignKey("network.Member", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=160)
    description = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name


class FundingStream(models.Model):
    challenge = models.ForeignKey(
        "commissioning.Challenge", on_delete=models.CASCADE, related_name="funding_streams"
    )
    outcome = models.ForeignKey(
        "commissioning.Outcome", on_delete=models.CASCADE, related_name="funding_streams"
    )
    offered_by = models.ForeignKey("network.Member", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=160)
    amount = models.PositiveBigIntegerField("amount (£)")
    terms = models.TextField(
        max_length=2000, help_text="How long, what it can pay for, any match funding."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name
