"""The database's narrowing of candidates (array overlap on PostgreSQL, JSON lists on SQLite)
picks and orders exactly what the profiles' M2M rows say, on either database."""

import random

import pytest

from network.models import MatchProfile, Member, OutcomeArea, Place
from network.scoring import OUTCOME_POINTS, REGION_POINTS, SAME_PLACE_POINTS
from network.selectors.matching import COUNTERPARTS, PREFILTER, _candidate_ids
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def expected_candidates(viewer: MatchProfile) -> list[int]:
    """Worked out in Python from the M2M rows and the place hierarchy."""
    region_of = dict(Place.objects.values_list("pk", "region_id"))
    outcomes = set(viewer.outcome_areas.values_list("pk", flat=True))
    own = set(viewer.places.values_list("pk", flat=True))
    near = {region_of[p] for p in own if region_of[p]}
    near |= {area for area, region in region_of.items() if region in own}
    near -= own
    ranked = []
    for profile in MatchProfile.objects.exclude(pk=viewer.pk).select_related("member__user"):
        if profile.opted_out or not profile.member.user.is_active:
            continue
        if profile.member.role not in COUNTERPARTS[viewer.member.role]:
            continue
        theirs = set(profile.outcome_areas.values_list("pk", flat=True))
        places = set(profile.places.values_list("pk", flat=True))
        if not (theirs & outcomes or places & (own | near)):
            continue
        points = (
            OUTCOME_POINTS * len(theirs & outcomes)
            + SAME_PLACE_POINTS * len(places & own)
            + REGION_POINTS * len(places & near)
        )
        ranked.append((-points, profile.member_id, profile.pk))
    return [pk for *_, pk in sorted(ranked)][:PREFILTER]


def test_candidates_match_the_m2m_rows_for_many_mixed_profiles():
    rng = random.Random(11)
    outcomes = list(OutcomeArea.objects.all())
    places = list(Place.objects.all())
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
    viewers = MatchProfile.objects.filter(member__role=Member.Role.COMMISSIONER)[:4]

    for viewer in viewers:
        found = _candidate_ids(
            roles=COUNTERPARTS[Member.Role.COMMISSIONER],
            outcome_ids=list(viewer.outcome_areas.values_list("pk", flat=True)),
            place_ids=list(viewer.places.values_list("pk", flat=True)),
            exclude_ids={viewer.member_id},
        )
        assert found == expected_candidates(viewer)
    assert any(_candidate_ids_for(v) for v in viewers)  # the population overlaps at all


def _candidate_ids_for(viewer: MatchProfile) -> list[int]:
    return _candidate_ids(
        roles=COUNTERPARTS[Member.Role.COMMISSIONER],
        outcome_ids=viewer.outcome_area_ids,
        place_ids=viewer.place_ids,
        exclude_ids={viewer.member_id},
    )
