"""Writes for matching: profiles, opportunities, interest, declines and connections."""

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from core.errors import DomainError
from core.services import model_update
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
from network.selectors.matching import COUNTERPARTS
from notifications.models import Kind
from notifications.services import notify

INTEREST_IN_SELF = "You cannot express interest in yourself."
MEMBER_UNAVAILABLE = "That member is no longer on Common Ground."
OPPORTUNITY_ONLY_COMMISSIONERS = "Only commissioners publish commissioning opportunities."
OPPORTUNITY_NOT_YOURS = "You can only change opportunities you published."


class MatchingError(DomainError):
    """Something a member asked for in matching that cannot be done."""

    code = "matching_refused"


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
    profile = MatchProfile.objects.filter(member=member).first() or MatchProfile(member=member)
    model_update(
        profile,
        looking_for=looking_for,
        size_band=size_band,
        monthly_connection_cap=monthly_connection_cap,
        opted_out=opted_out,
    )
    profile.outcome_areas.set(outcome_areas)
    profile.places.set(places)
    profile.assets_offered.set(assets_offered)
    profile.assets_sought.set(assets_sought)
    return profile


# The M2M tables whose ids each profile keeps a copy of: {through model: (id column, copy)}.
ID_COPIES = {
    MatchProfile.outcome_areas.through: ("outcomearea_id", "outcome_area_ids"),
    MatchProfile.places.through: ("place_id", "place_ids"),
    MatchProfile.assets_offered.through: ("asset_id", "offered_asset_ids"),
    MatchProfile.assets_sought.through: ("asset_id", "sought_asset_ids"),
}


def match_profile_ids_sync(
    *, profile_ids: Iterable[int], through=None
) -> dict[int, dict[str, list[int]]]:
    """Copy the outcome-area, place and asset ids of these profiles from their M2M rows into
    the columns suggestions search (`MatchProfile.outcome_area_ids`, …); `through` limits it
    to one M2M table. Runs on every change of those rows (`m2m_ids_changed`)."""
    profile_ids = set(profile_ids)
    if not profile_ids:
        return {}
    tables = {through: ID_COPIES[through]} if through is not None else ID_COPIES
    found: dict[int, dict[str, set[int]]] = {
        pk: {copy: set() for _, copy in tables.values()} for pk in profile_ids
    }
    for table, (column, copy) in tables.items():
        for profile_id, value in table.objects.filter(matchprofile_id__in=profile_ids).values_list(
            "matchprofile_id", column
        ):
            found[profile_id][copy].add(value)
    copies = {
        pk: {copy: sorted(ids) for copy, ids in values.items()} for pk, values in found.items()
    }
    for pk, values in copies.items():
        MatchProfile.objects.filter(pk=pk).update(**values)
    return copies


def match_profile_suggested_as_sync(*, member_ids: Iterable[int]) -> None:
    """Set `MatchProfile.suggested_as` of these members' profiles from their role, consent
    and account. Runs whenever a profile, a member or an account is saved (network/apps.py)."""
    rows = MatchProfile.objects.filter(member_id__in=member_ids).values_list(
        "pk", "suggested_as", "opted_out", "member__role", "member__user__is_active"
    )
    for pk, before, opted_out, role, active in rows:
        after = role if active and not opted_out else ""
        if after != before:
            MatchProfile.objects.filter(pk=pk).update(suggested_as=after)


def suggested_as_changed(sender, instance, **kwargs) -> None:
    """Signal receiver: a profile, member or account was saved."""
    if set(kwargs.get("update_fields") or ()) == {"last_login"}:
        return
    if isinstance(instance, MatchProfile):
        member_ids = [instance.member_id]
    elif isinstance(instance, Member):
        member_ids = [instance.pk]
    else:  # an account
        member_ids = Member.objects.filter(user_id=instance.pk).values("pk")
    match_profile_suggested_as_sync(member_ids=member_ids)


def m2m_ids_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Signal receiver (network/apps.py): outcome-area, place or asset rows of a profile changed,
    from either side (`profile.places.add(...)`, or `place.match_profiles.clear()`)."""
    column, copy = ID_COPIES[sender]
    if action == "pre_clear" and reverse:  # afterwards nothing says which profiles they were
        instance._match_profiles_cleared = list(
            sender.objects.filter(**{column: instance.pk}).values_list("matchprofile_id", flat=True)
        )
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        copies = match_profile_ids_sync(profile_ids=[instance.pk], through=sender)
        setattr(instance, copy, copies[instance.pk][copy])  # the instance in hand agrees too
        return
    if action == "post_clear":
        pk_set = instance.__dict__.pop("_match_profiles_cleared", ())
    match_profile_ids_sync(profile_ids=pk_set, through=sender)


def reference_deleting(sender, instance, **kwargs) -> None:
    """Deleting an outcome area, place or asset removes its M2M rows without m2m_changed:
    note the profiles that held it (pre_delete) so that `reference_deleted` updates their
    copies."""
    holding: set[int] = set()
    for through, (column, _) in ID_COPIES.items():
        if through._meta.get_field(column.removesuffix("_id")).related_model is sender:
            holding.update(
                through.objects.filter(**{column: instance.pk}).values_list(
                    "matchprofile_id", flat=True
                )
            )
    instance._match_profiles_holding = holding


def reference_deleted(sender, instance, **kwargs) -> None:
    match_profile_ids_sync(profile_ids=instance.__dict__.pop("_match_profiles_holding", ()))


@transaction.atomic
def opportunity_save(
    *, commissioner: Member, opportunity: Opportunity | None = None, **fields
) -> Opportunity:
    """Publish or update an opportunity; only its commissioner may change it."""
    if commissioner.role != Member.Role.COMMISSIONER:
        raise MatchingError(message=OPPORTUNITY_ONLY_COMMISSIONERS)
    new = opportunity is None
    if opportunity is None:
        opportunity = Opportunity(commissioner=commissioner, **fields)
    elif opportunity.commissioner_id != commissioner.pk:
        raise MatchingError(message=OPPORTUNITY_NOT_YOURS)
    model_update(opportunity, **fields)
    if new and opportunity.status == Opportunity.Status.OPEN:
        _tell_about_opportunity(opportunity)
    return opportunity


def _tell_about_opportunity(opportunity: Opportunity) -> None:
    """Tell the members whose matching profile covers both the opportunity's outcome area and
    its place (the place itself, its region or an area inside it) that it is published."""
    place = opportunity.place
    nearby = Place.objects.filter(Q(pk=place.pk) | Q(pk=place.region_id) | Q(region=place)).values(
        "pk"
    )
    profiles = (
        MatchProfile.objects.suggestible()
        .filter(
            member__role__in=COUNTERPARTS[Member.Role.COMMISSIONER],
            outcome_areas=opportunity.outcome_area,
        )
        .filter(places__in=nearby)
        .exclude(member_id=opportunity.commissioner_id)
        .values("member_id")
    )
    members = list(Member.objects.filter(pk__in=profiles).select_related("user").order_by("pk"))
    if not members:
        return
    line = (
        f"New opportunity in {place.name}: {opportunity.title} "
        f"({opportunity.outcome_area.name}), from {opportunity.commissioner.name}."
    )
    notify(
        to=members,
        template="network/email/opportunity",
        subject=f"New opportunity in {place.name}: {opportunity.title}",
        kind=Kind.OPPORTUNITY,
        context={"opportunity": opportunity},
        url=opportunity.get_absolute_url(),
        text=line,
    )


def _lock_pair(a: Member, b: Member) -> None:
    """Serialise two people answering each other at the same moment (lowest pk first)."""
    list(Member.objects.select_for_update().filter(pk__in=[a.pk, b.pk]).order_by("pk"))


class Interest(enum.Enum):
    NOTED = "noted"  # waiting for the other person to be interested too
    CONNECTED = "connected"  # it was mutual: both are connected and told


@dataclass(frozen=True)
class InterestOutcome:
    result: Interest
    connection: Connection | None = None


@transaction.atomic
def interest_express(
    *, member: Member, other: Member, opportunity: Opportunity | None = None
) -> InterestOutcome:
    """Record `member`'s interest in `other`; if it is mutual, connect them and tell both."""
    if member.pk == other.pk:
        raise MatchingError(message=INTEREST_IN_SELF)
    if not other.user.is_active:
        raise MatchingError(message=MEMBER_UNAVAILABLE)
    _lock_pair(member, other)
    before = (
        MatchResponse.objects.filter(member=member, other=other).values_list("kind", flat=True)
    ).first()
    MatchResponse.objects.update_or_create(
        member=member,
        other=other,
        defaults={"kind": MatchResponse.Kind.INTEREST, "opportunity": opportunity},
    )
    mutual = MatchResponse.objects.filter(
        member=other, other=member, kind=MatchResponse.Kind.INTEREST
    ).exists()
    if not mutual:
        if before != MatchResponse.Kind.INTEREST:
            _tell_about_interest(member=member, other=other, opportunity=opportunity)
        return InterestOutcome(Interest.NOTED)
    first, second = sorted((member, other), key=lambda m: m.pk)
    connection, created = Connection.objects.get_or_create(first=first, second=second)
    if created:
        for me, them in ((member, other), (other, member)):
            line = (
                f"You and {them.name} ({them.organisation.name}) are now connected. "
                "You can book a session or get in touch."
            )
            notify(
                to=me,
                kind=Kind.CONNECTION,
                template="network/email/connected",
                subject=f"You are connected with {them.name} on Common Ground",
                context={"line": line, "other": them},
                url=reverse("network:connections"),
                text=line,
            )
    return InterestOutcome(Interest.CONNECTED, connection)


def _tell_about_interest(*, member: Member, other: Member, opportunity: Opportunity | None) -> None:
    about = f" about {opportunity.title}" if opportunity is not None else ""
    line = (
        f"{member.name} ({member.organisation.name}) is interested in meeting you{about}. "
        "Connect with them from your matches."
    )
    notify(
        to=other,
        template="network/email/connected",
        subject=f"{member.name} is interested in meeting you",
        kind=Kind.INTEREST,
        context={"line": line, "other": member},
        url=reverse("network:suggestions"),
        text=line,
    )


@transaction.atomic
def suggestion_decline(*, member: Member, other: Member) -> MatchResponse:
    """Hide `other` from `member`'s suggestions (and `member` from theirs) for good."""
    if member.pk == other.pk:
        raise MatchingError(message=INTEREST_IN_SELF)
    response, _ = MatchResponse.objects.update_or_create(
        member=member, other=other, defaults={"kind": MatchResponse.Kind.DECLINE}
    )
    return response
