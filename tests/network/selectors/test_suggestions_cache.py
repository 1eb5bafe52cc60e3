"""Each member's ranked suggestions are kept in the cache, and worked out afresh as soon as
either side's profile, consent or capacity changes; the reasons shown stay exactly what the
score gives."""

import pytest

from network.models import Asset, Connection, MatchProfile, OutcomeArea, Place
from network.scoring import score
from network.selectors.matching import facts, suggestions_for
from network.services.matching import interest_express, match_profile_save, suggestion_decline
from tests.factories import MemberFactory, UserFactory, match_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def commissioner():
    member = MemberFactory(commissioner=True)
    match_profile(
        member,
        outcomes=("loneliness-and-isolation", "older-people"),
        places=("cornwall",),
        seeks=("volunteers",),
    )
    return member


def provider(**profile):
    member = MemberFactory(provider=True)
    match_profile(member, **profile)
    return member


def ids(suggestions):
    return [s.member.pk for s in suggestions]


def test_suggestions_come_from_the_cache_the_second_time(commissioner, django_assert_num_queries):
    shown = provider()
    first = suggestions_for(member=commissioner)

    with django_assert_num_queries(0):
        again = suggestions_for(member=commissioner)

    assert ids(again) == ids(first) == [shown.pk]
    assert again[0].reasons == first[0].reasons


def test_the_reasons_are_exactly_the_scores_reasons_from_the_cache_too(commissioner):
    candidate = provider(
        outcomes=("older-people",), places=("cornwall", "somerset"), offers=("volunteers",)
    )
    expected = score(
        facts(MatchProfile.objects.get(member=commissioner)),
        facts(MatchProfile.objects.get(member=candidate)),
    )

    for _ in range(2):  # worked out, then from the cache
        (suggestion,) = suggestions_for(member=commissioner)
        assert suggestion.reasons == expected.reasons
        assert suggestion.score == expected.score
    assert expected.reasons == (
        "You both work on older people.",
        "You both serve Cornwall.",
        "They offer volunteers, which you are looking for.",
    )


def test_the_other_side_changing_their_profile_changes_the_suggestion(commissioner):
    candidate = provider(outcomes=("older-people",))
    assert suggestions_for(member=commissioner)[0].reasons[0] == "You both work on older people."

    match_profile_save(
        member=candidate,
        outcome_areas=OutcomeArea.objects.filter(
            slug__in=("older-people", "loneliness-and-isolation")
        ),
        places=Place.objects.filter(slug="cornwall"),
        assets_offered=Asset.objects.filter(slug="volunteers"),
    )

    (suggestion,) = suggestions_for(member=commissioner)
    assert suggestion.reasons[0] == "You both work on loneliness and isolation and older people."
    assert "They offer volunteers, which you are looking for." in suggestion.reasons


def test_my_own_profile_changing_changes_my_suggestions(commissioner):
    in_cornwall = provider(outcomes=("housing-and-homelessness",), places=("cornwall",))
    on_the_wirral = provider(outcomes=("housing-and-homelessness",), places=("wirral",))
    assert ids(suggestions_for(member=commissioner)) == [in_cornwall.pk]

    match_profile_save(
        member=commissioner,
        outcome_areas=OutcomeArea.objects.filter(slug="older-people"),
        places=Place.objects.filter(slug="wirral"),
    )

    assert ids(suggestions_for(member=commissioner)) == [on_the_wirral.pk]


def test_someone_who_opts_out_disappears_at_once(commissioner):
    candidate = provider()
    assert ids(suggestions_for(member=commissioner)) == [candidate.pk]

    match_profile_save(
        member=candidate,
        outcome_areas=OutcomeArea.objects.filter(slug="loneliness-and-isolation"),
        places=Place.objects.filter(slug="cornwall"),
        opted_out=True,
    )

    assert suggestions_for(member=commissioner) == []


def test_someone_who_closes_their_account_disappears_at_once(commissioner):
    candidate = provider()
    assert ids(suggestions_for(member=commissioner)) == [candidate.pk]

    candidate.user.is_active = False
    candidate.user.save()

    assert suggestions_for(member=commissioner) == []


def test_someone_who_reaches_their_monthly_cap_disappears_at_once(commissioner):
    popular = provider(cap=1)
    assert ids(suggestions_for(member=commissioner)) == [popular.pk]

    friend = MemberFactory(commissioner=True)
    first, second = sorted([popular, friend], key=lambda m: m.pk)
    Connection.objects.create(first=first, second=second)

    assert suggestions_for(member=commissioner) == []


def test_interest_and_declines_show_at_once(commissioner):
    liked, declined = provider(), provider()
    assert set(ids(suggestions_for(member=commissioner))) == {liked.pk, declined.pk}

    interest_express(member=commissioner, other=liked)
    suggestion_decline(member=commissioner, other=declined)

    (suggestion,) = suggestions_for(member=commissioner)
    assert suggestion.member.pk == liked.pk
    assert suggestion.interest_sent


def test_signing_in_does_not_throw_the_cache_away(commissioner, client, django_assert_num_queries):
    user = UserFactory()
    provider()
    suggestions_for(member=commissioner)
    client.force_login(user)  # saves last_login

    with django_assert_num_queries(0):
        suggestions_for(member=commissioner)
