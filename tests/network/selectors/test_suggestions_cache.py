"""Each member's ranked suggestions are kept in the cache, and worked out afresh as soon as
either side's profile, consent or capacity changes (theirs and the lists that show them, not
everyone's); the reasons shown stay exactly what the score gives."""

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


def test_a_change_refreshes_the_lists_that_show_that_member_and_no_others(
    commissioner, django_assert_num_queries
):
    in_cornwall = provider(outcomes=("older-people",), places=("cornwall",))
    on_the_wirral = MemberFactory(commissioner=True)
    match_profile(on_the_wirral, outcomes=("housing-and-homelessness",), places=("wirral",))
    housing = provider(outcomes=("housing-and-homelessness",), places=("wirral",))
    assert ids(suggestions_for(member=commissioner)) == [in_cornwall.pk]
    assert ids(suggestions_for(member=on_the_wirral)) == [housing.pk]

    match_profile_save(
        member=in_cornwall,
        outcome_areas=OutcomeArea.objects.filter(
            slug__in=("older-people", "loneliness-and-isolation")
        ),
        places=Place.objects.filter(slug="cornwall"),
    )

    with django_assert_num_queries(0):  # nothing they are shown changed: from the cache
        assert ids(suggestions_for(member=on_the_wirral)) == [housing.pk]
    (suggestion,) = suggestions_for(member=commissioner)
    assert suggestion.reasons[0] == "You both work on loneliness and isolation and older people."


def test_answering_someone_refreshes_both_lists_and_no_others(
    commissioner, django_assert_num_queries
):
    liked = provider()
    bystander = MemberFactory(commissioner=True)
    match_profile(bystander, outcomes=("carers",), places=("wirral",))
    carer = provider(outcomes=("carers",), places=("wirral",))
    assert ids(suggestions_for(member=bystander)) == [carer.pk]
    assert not suggestions_for(member=commissioner)[0].interest_sent

    interest_express(member=commissioner, other=liked)

    with django_assert_num_queries(0):
        assert ids(suggestions_for(member=bystander)) == [carer.pk]
    assert suggestions_for(member=commissioner)[0].interest_sent


def test_moving_a_place_into_a_region_changes_who_overlaps(commissioner):
    """Suggestions read the place hierarchy afresh once a place changes (the copies hold a
    profile's own places, so they need no change)."""
    wirral = Place.objects.get(slug="wirral")
    in_wirral = provider(outcomes=("carers",), places=("wirral",))
    match_profile(commissioner, outcomes=("older-people",), places=("north-west",))
    assert ids(suggestions_for(member=commissioner)) == [in_wirral.pk]

    wirral.region = Place.objects.get(slug="south-west")
    wirral.save()

    assert suggestions_for(member=commissioner) == []


def test_suggestions_stay_right_while_the_cache_is_unreachable(commissioner, settings):
    """Redis down: `ResilientRedisCache` answers misses, so they are worked out every time."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    candidate = provider()
    assert ids(suggestions_for(member=commissioner)) == [candidate.pk]

    suggestion_decline(member=commissioner, other=candidate)

    assert suggestions_for(member=commissioner) == []
