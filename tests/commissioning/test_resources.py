"""Stage 2: the resource map matches profile assets to outcomes by area and place, and shows
what members add, each item saying who offered it and for which outcome."""

import pytest

from commissioning.models import Stage
from commissioning.selectors.resources import FUNDING_KIND, PROFILE_KIND, grouped, resource_map
from commissioning.services import resources as services
from commissioning.services.resources import OUTCOME_ELSEWHERE
from commissioning.services.rules import CommissioningError
from tests.factories import (
    ChallengeFactory,
    MemberFactory,
    OrganisationFactory,
    OutcomeFactory,
    match_profile,
    outcome,
    place,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def challenge():
    return ChallengeFactory(stage=Stage.RESOURCES, place=place("cornwall"))


def provider(name: str, **profile):
    member = MemberFactory(provider=True, organisation=OrganisationFactory(name=name))
    match_profile(member, **profile)
    return member


def test_profile_assets_are_matched_to_outcomes_by_area_and_place(challenge):
    OutcomeFactory(challenge=challenge, title="Fewer lonely", outcome_area=outcome())
    OutcomeFactory(
        challenge=challenge, title="No one hungry", outcome_area=outcome("food-and-poverty")
    )
    provider("Kernow Visitors", places=("cornwall",), offers=("volunteers", "transport"))
    provider("Far Away Friends", places=("wirral",), offers=("volunteers",))
    provider(
        "South West Food",
        outcomes=("food-and-poverty",),
        places=(place("cornwall").region.slug,),
        offers=("premises-and-venues",),
    )
    opted_out = provider("Quiet Group", places=("cornwall",), offers=("volunteers",))
    opted_out.match_profile.opted_out = True
    opted_out.match_profile.save()

    items = resource_map(challenge)
    seen = {(i.organisation, i.name, i.outcome.title) for i in items if i.kind == PROFILE_KIND}
    assert seen == {
        ("Kernow Visitors", "Transport", "Fewer lonely"),
        ("Kernow Visitors", "Volunteers", "Fewer lonely"),
        ("South West Food", "Premises and venues", "No one hungry"),
    }


def test_members_add_community_assets_and_funding_with_who_and_for_which_outcome(challenge):
    goal = OutcomeFactory(challenge=challenge, title="Fewer lonely")
    member = MemberFactory(organisation=OrganisationFactory(place=place("cornwall")))
    services.community_asset_add(
        member=member, challenge=challenge, outcome=goal, kind="venue", name="St Ives hall"
    )
    services.funding_stream_add(
        member=member,
        challenge=challenge,
        outcome=goal,
        name="Lottery Awards for All",
        amount=20000,
        terms="One year; no match funding needed.",
    )
    items = resource_map(challenge)
    by_kind = dict(grouped(items, "kind"))
    assert [i.name for i in by_kind["Venue"]] == ["St Ives hall"]
    assert by_kind[FUNDING_KIND][0].name == "Lottery Awards for All: £20,000"
    assert {i.offered_by for i in items} == {member.name}
    assert dict(grouped(items, "outcome")).keys() == {"Fewer lonely"}


def test_resources_are_added_only_for_the_challenges_own_outcomes(challenge):
    member = MemberFactory(organisation=OrganisationFactory(place=place("cornwall")))
    with pytest.raises(CommissioningError) as refused:
        services.community_asset_add(
            member=member,
            challenge=challenge,
            outcome=OutcomeFactory(),
            kind="venue",
            name="Hall",
        )
    assert refused.value.template == OUTCOME_ELSEWHERE
