"""The resource map: what a place already has for each outcome.

Providers' and charities' assets come straight from their matching profiles: a profile is
matched to an outcome when it works on the outcome's area and serves the challenge's place
(the place itself, an area inside it, or the region it sits in). Community assets and
funding streams are what members added. A bounded number of queries, however many
profiles or challenges there are.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from commissioning.models import Challenge, CommunityAsset, FundingStream, Outcome
from network.models import MatchProfile, Member, Organisation, Place

PROFILE_KIND = "Provider and charity assets"
FUNDING_KIND = "Funding streams"
BIDDER_ROLES = (Member.Role.PROVIDER, Member.Role.CHIEF_EXECUTIVE)


@dataclass(frozen=True)
class ProfileMatch:
    challenge_id: int
    outcome_id: int
    member_id: int
    organisation_id: int


@dataclass(frozen=True)
class Resource:
    kind: str
    name: str
    offered_by: str
    organisation: str
    outcome: Outcome
    detail: str = ""


def _near(challenge_place: int, served: int, regions: dict[int, int | None]) -> bool:
    return (
        served == challenge_place
        or regions.get(served) == challenge_place
        or regions.get(challenge_place) == served
    )


def profile_matches(challenges: Iterable[Challenge]) -> list[ProfileMatch]:
    """Which members' profiles match which outcomes of `challenges` (four queries)."""
    challenges = {c.pk: c for c in challenges}
    outcomes = list(
        Outcome.objects.filter(challenge__in=challenges).values_list(
            "pk", "challenge_id", "outcome_area_id"
        )
    )
    if not outcomes:
        return []
    regions = dict(Place.objects.values_list("pk", "region_id"))
    areas = {area for _, _, area in outcomes}
    rows = (
        MatchProfile.objects.suggestible()
        .filter(member__role__in=BIDDER_ROLES, outcome_areas__in=areas)
        .values_list("member_id", "member__organisation_id", "outcome_areas", "places")
        .distinct()
    )
    served: dict[tuple[int, int], set[int]] = defaultdict(set)  # (member, org) -> places
    works_on: dict[tuple[int, int], set[int]] = defaultdict(set)  # (member, org) -> areas
    for member_id, organisation_id, area, place in rows:
        key = (member_id, organisation_id)
        works_on[key].add(area)
        if place is not None:
            served[key].add(place)
    matches = []
    for outcome_id, challenge_id, area in outcomes:
        place = challenges[challenge_id].place_id
        for key, their_areas in works_on.items():
            if area in their_areas and any(_near(place, p, regions) for p in served[key]):
                matches.append(ProfileMatch(challenge_id, outcome_id, *key))
    return matches


def resource_map(challenge: Challenge) -> list[Resource]:
    """Every resource for the challenge's outcomes, each with who offered it and for which."""
    outcomes = {o.pk: o for o in challenge.outcomes.select_related("outcome_area")}
    matches = profile_matches([challenge])
    members = {
        m.pk: m
        for m in Member.objects.filter(pk__in={m.member_id for m in matches})
        .select_related("user", "organisation")
        .prefetch_related("match_profile__assets_offered")
    }
    items = []
    for match in matches:
        member = members[match.member_id]
        assets = member.match_profile.assets_offered.all()
        for asset in assets:
            items.append(
                Resource(
                    kind=PROFILE_KIND,
                    name=asset.name,
                    offered_by=member.name,
                    organisation=member.organisation.name,
                    outcome=outcomes[match.outcome_id],
                    detail=f"From {member.organisation.name}'s matching profile "
                    f"({outcomes[match.outcome_id].outcome_area.name})",
                )
            )
    for asset in CommunityAsset.objects.filter(challenge=challenge).select_related(
        "offered_by__user", "offered_by__organisation"
    ):
        items.append(
            Resource(
                kind=asset.get_kind_display(),
                name=asset.name,
                offered_by=asset.offered_by.name,
                organisation=asset.offered_by.organisation.name,
                outcome=outcomes[asset.outcome_id],
                detail=asset.description,
            )
        )
    for stream in FundingStream.objects.filter(challenge=challenge).select_related(
        "offered_by__user", "offered_by__organisation"
    ):
        items.append(
            Resource(
                kind=FUNDING_KIND,
                name=f"{stream.name}: £{stream.amount:,}",
                offered_by=stream.offered_by.name,
                organisation=stream.offered_by.organisation.name,
                outcome=outcomes[stream.outcome_id],
                detail=stream.terms,
            )
        )
    return items


def grouped(items: list[Resource], by: str) -> list[tuple[str, list[Resource]]]:
    """Items grouped by outcome (`by="outcome"`) or by kind of resource (`by="kind"`)."""
    groups: dict[str, list[Resource]] = {}
    for item in items:
        key = item.outcome.title if by == "outcome" else item.kind
        groups.setdefault(key, []).append(item)
    return list(groups.items())


def consortium_strength(organisations: Iterable[Organisation]) -> dict[str, list[str]]:
    """What a bidding group brings together: the assets and places in its members' profiles."""
    profiles = MatchProfile.objects.filter(member__organisation__in=list(organisations))
    assets = sorted(set(profiles.values_list("assets_offered__name", flat=True)) - {None})
    places = sorted(set(profiles.values_list("places__name", flat=True)) - {None})
    return {"assets": assets, "places": places}
