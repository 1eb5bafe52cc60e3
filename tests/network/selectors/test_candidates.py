"""The database's narrowing of candidates (array overlap on PostgreSQL, JSON lists on SQLite)
picks and orders exactly what the profiles' M2M rows say, on either database."""

import random

import pytest

from network.models import Asset, MatchProfile, Member, OutcomeArea, Place
from network.scoring import ASSET_POINTS, OUTCOME_POINTS, REGION_POINTS, SAME_PLACE_POINTS
from network.selectors.matching import COUNTERPARTS, PREFILTER, _candidate_ids
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def expected_candidates(viewer: MatchProfile) -> list[int]:
    """Worked out in Python from the M2M rows and the place hierarchy: who shares an outcome
    or an overlapping place, best first by the points `scoring.score` gives for them."""
    region_of = dict(Place.objects.values_list("pk", "region_id"))
    outcomes = set(viewer.outcome_areas.values_list("pk", flat=True))
    own = set(viewer.places.values_list("pk", flat=True))
    offers = set(viewer.assets_offered.values_list("pk", flat=True))
    seeks = set(viewer.assets_sought.values_list("pk", flat=True))
    ranked = []
    for profile in MatchProfile.objects.exclude(pk=viewer.pk).select_related("member__user"):
        if profile.opted_out or not profile.member.user.is_active:
            continue
        if profile.member.role not in COUNTERPARTS[viewer.member.role]:
            continue
        theirs = set(profile.outcome_areas.values_list("pk", flat=True))
        places = set(profile.places.values_list("pk", flat=True))
        pairs = {
            (mine, other)
            for mine in own
            for other in places - own
            if region_of[mine] == other or region_of[other] == mine
        }
        if not (theirs & outcomes or places & own or pairs):
            continue
        points = (
            OUTCOME_POINTS * len(theirs & outcomes)
            + SAME_PLACE_POINTS * len(places & own)
            + REGION_POINTS * len(pairs)
            + ASSET_POINTS * len(set(profile.assets_offered.values_list("pk", flat=True)) & seeks)
            + ASSET_POINTS * len(set(profile.assets_sought.values_list("pk", flat=True)) & offers)
        )
        ranked.append((-points, profile.member_id, profile.pk))
    return [pk for *_, pk in sorted(ranked)][:PREFILTER]


def test_candidates_match_the_m2m_rows_for_many_mixed_profiles():
    rng = random.Random(11)
    outcomes = list(OutcomeArea.objects.all())
    places = list(Place.objects.all())
    assets = list(Asset.objects.all())
    for n in range(60):
        member = MemberFactory(
            role=rng.choice([Member.Role.PROVIDER, Member.Role.CHIEF_EXECUTIVE])
            if n % 5
            else Member.Role.COMMISSIONER
        )
        if n % 11 == 0:  # an account closed
            member.user.is_active = False
            member.user.save()
        profile = MatchProfile.objects.create(member=member, opted_out=n % 13 == 0)
        profile.outcome_areas.set(rng.sample(outcomes, rng.randint(0, 3)))
        profile.places.set(rng.sample(places, rng.randint(0, 3)))
        profile.assets_offered.set(rng.sample(assets, rng.randint(0, 2)))
        profile.assets_sought.set(rng.sample(assets, rng.randint(0, 2)))
    viewers = MatchProfile.objects.filter(member__role=Member.Role.COMMISSIONER)[:4]

    for viewer in viewers:
        assert _candidate_ids_for(viewer) == expected_candidates(viewer)
    assert any(_candidate_ids_for(v) for v in viewers)  # the population overlaps at all


def _candidate_ids_for(viewer: MatchProfile) -> list[int]:
    return _candidate_ids(
        roles=COUNTERPARTS[Member.Role.COMMISSIONER],
        outcome_ids=viewer.outcome_area_ids,
        place_ids=viewer.place_ids,
        offered_ids=viewer.offered_asset_ids,
        sought_ids=viewer.sought_asset_ids,
        exclude_ids={viewer.member_id},
    )
