"""Writes for matching: profiles, opportunities, interest, declines and connections."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from network.models import (
    Asset,
    Connection,
    MatchProfile,
    MatchResponse,
    Member,
    Opportunity,
    OutcomeArea,
    Place,
)
from notifications.models import Notification

INTEREST_IN_SELF = "You cannot express interest in yourself."
MEMBER_UNAVAILABLE = "That member is no longer on Common Ground."
OPPORTUNITY_ONLY_COMMISSIONERS = "Only commissioners publish commissioning opportunities."
OPPORTUNITY_NOT_YOURS = "You can only change opportunities you published."


class MatchingError(ValueError):
    """Something a member asked for that cannot be done, with the message to show them."""


def match_profile_for(member: Member) -> MatchProfile:
    profile, _ = MatchProfile.objects.get_or_create(member=member)
    return profile


@transaction.atomic
def match_profile_save(
    *,
    member: Member,
    outcome_areas: Iterable[OutcomeArea],
    places: Iterable[Place],
    assets_offered: Iterable[Asset] = (),
    assets_sought: Iterable[Asset] = (),
    looking_for: str = "",
    size_band: str = "",
    monthly_connection_cap: int = 5,
    opted_out: bool = False,
) -> MatchProfile:
    """Save what `member` matches on; the model's constraints check the cap's range."""
    profile = match_profile_for(member)
    profile.looking_for = looking_for
    profile.size_band = size_band
    profile.monthly_connection_cap = monthly_connection_cap
    profile.opted_out = opted_out
    profile.full_clean()
    profile.save()
    profile.outcome_areas.set(outcome_areas)
    profile.places.set(places)
    profile.assets_offered.set(assets_offered)
    profile.assets_sought.set(assets_sought)
    return profile


@transaction.atomic
def opportunity_save(
    *, commissioner: Member, opportunity: Opportunity | None = None, **fields
) -> Opportunity:
    """Publish or update an opportunity; only its commissioner may change it."""
    if commissioner.role != Member.Role.COMMISSIONER:
        raise MatchingError(OPPORTUNITY_ONLY_COMMISSIONERS)
    if opportunity is None:
        opportunity = Opportunity(commissioner=commissioner)
    elif opportunity.commissioner_id != commissioner.pk:
        raise MatchingError(OPPORTUNITY_NOT_YOURS)
    for name, value in fields.items():
        setattr(opportunity, name, value)
    opportunity.full_clean()
    opportunity.save()
    return opportunity


def _lock_pair(a: Member, b: Member) -> None:
    """Serialise two people answering each other at the same moment (lowest pk first)."""
    list(Member.objects.select_for_update().filter(pk__in=[a.pk, b.pk]).order_by("pk"))


def _tell(member: Member, *, text: str, url: str, subject: str) -> None:
    """On-site notification now, email once the transaction has committed."""
    Notification.objects.create(member=member, text=text, url=url)
    address = member.user.email
    body = f"{text}\n\n{settings.SITE_URL}{url}\n\nCommon Ground"
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]))


@transaction.atomic
def interest_express(
    *, member: Member, other: Member, opportunity: Opportunity | None = None
) -> Connection | None:
    """Record `member`'s interest in `other`; if it is mutual, connect them and tell both."""
    if member.pk == other.pk:
        raise MatchingError(INTEREST_IN_SELF)
    if not other.user.is_active:
        raise MatchingError(MEMBER_UNAVAILABLE)
    _lock_pair(member, other)
    MatchResponse.objects.update_or_create(
        member=member,
        other=other,
        defaults={"kind": MatchResponse.Kind.INTEREST, "opportunity": opportunity},
    )
    mutual = MatchResponse.objects.filter(
        member=other, other=member, kind=MatchResponse.Kind.INTEREST
    ).exists()
    if not mutual:
        return None
    first, second = sorted((member, other), key=lambda m: m.pk)
    connection, created = Connection.objects.get_or_create(first=first, second=second)
    if created:
        url = reverse("network:connections")
        for me, them in ((member, other), (other, member)):
            _tell(
                me,
                text=f"You and {them.name} ({them.organisation.name}) are now connected. "
                "You can book a session or get in touch.",
                url=url,
                subject=f"You are connected with {them.name} on Common Ground",
            )
    return connection


@transaction.atomic
def suggestion_decline(*, member: Member, other: Member) -> MatchResponse:
    """Hide `other` from `member`'s suggestions (and `member` from theirs) for good."""
    if member.pk == other.pk:
        raise MatchingError(INTEREST_IN_SELF)
    response, _ = MatchResponse.objects.update_or_create(
        member=member, other=other, defaults={"kind": MatchResponse.Kind.DECLINE}
    )
    return response
