"""Each profile's copies of its outcome-area and place ids (what suggestions search) always
equal its M2M rows, whichever way those change."""

import pytest

from network.models import MatchProfile, OutcomeArea, Place
from network.services.matching import match_profile_save
from tests.factories import MemberFactory, match_profile, outcome, place

pytestmark = pytest.mark.django_db


def copies(profile) -> tuple[list[int], list[int]]:
    profile = MatchProfile.objects.get(pk=profile.pk)
    return profile.outcome_area_ids, profile.place_ids


def rows(profile) -> tuple[list[int], list[int]]:
    return (
        sorted(profile.outcome_areas.values_list("pk", flat=True)),
        sorted(profile.places.values_list("pk", flat=True)),
    )


def test_saving_a_profile_copies_its_ids():
    member = MemberFactory()
    profile = match_profile_save(
        member=member,
        outcome_areas=OutcomeArea.objects.filter(slug__in=("older-people", "carers")),
        places=Place.objects.filter(slug__in=("cornwall", "wirral")),
    )
    assert copies(profile) == rows(profile)
    assert len(profile.outcome_area_ids) == 2
    assert len(profile.place_ids) == 2

    match_profile_save(member=member, outcome_areas=[outcome("carers")], places=[])

    assert copies(profile) == rows(profile) == ([outcome("carers").pk], [])


def test_adding_removing_and_clearing_from_the_profile_side():
    profile = match_profile(MemberFactory(), outcomes=(), places=())
    profile.places.add(place("cornwall"), place("wirral"))
    profile.outcome_areas.add(outcome("older-people"))
    assert copies(profile) == rows(profile)
    assert profile.place_ids == sorted([place("cornwall").pk, place("wirral").pk])  # in memory

    profile.places.remove(place("wirral"))
    assert (
        copies(profile) == rows(profile) == ([outcome("older-people").pk], [place("cornwall").pk])
    )

    profile.places.clear()
    profile.outcome_areas.clear()
    assert copies(profile) == ([], [])


def test_changes_from_the_place_or_outcome_side_reach_every_profile():
    first = match_profile(MemberFactory(), outcomes=(), places=("wirral",))
    second = match_profile(MemberFactory(), outcomes=(), places=("wirral",))
    cornwall = place("cornwall")

    cornwall.match_profiles.add(first, second)
    outcome("carers").profiles.add(first)
    assert copies(first) == rows(first)
    assert copies(second) == rows(second)
    assert cornwall.pk in copies(second)[1]

    cornwall.match_profiles.remove(first)
    place("wirral").match_profiles.clear()
    assert copies(first) == rows(first) == ([outcome("carers").pk], [])
    assert copies(second) == rows(second) == ([], [cornwall.pk])


def test_deleting_an_outcome_area_removes_it_from_the_copies():
    retired = OutcomeArea.objects.create(name="Retired outcome", slug="retired-outcome")
    profile = match_profile(MemberFactory(), outcomes=("carers",), places=())
    profile.outcome_areas.add(retired)
    assert retired.pk in copies(profile)[0]

    retired.delete()

    assert copies(profile) == rows(profile) == ([outcome("carers").pk], [])


def test_suggested_as_follows_the_role_consent_and_account():
    member = MemberFactory(provider=True)
    profile = match_profile(member)
    assert MatchProfile.objects.get(pk=profile.pk).suggested_as == "provider"

    member.role = "chief_executive"
    member.save()
    assert MatchProfile.objects.get(pk=profile.pk).suggested_as == "chief_executive"

    match_profile(member, opted_out=True)
    assert MatchProfile.objects.get(pk=profile.pk).suggested_as == ""
    match_profile(member, opted_out=False)
    member.user.is_active = False
    member.user.save()
    assert MatchProfile.objects.get(pk=profile.pk).suggested_as == ""
