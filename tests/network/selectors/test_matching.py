"""Suggestions from the database: who is (and is never) suggested, and at what cost."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from network.models import Connection, MatchResponse, OutcomeArea
from network.selectors.matching import (
    opportunities_for,
    providers_for_opportunity,
    suggestions_for,
    suggestions_invalidate,
)
from tests.factories import MemberFactory, OpportunityFactory, match_profile, place

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


def test_counterparts_ranked_with_reasons(commissioner):
    strong = provider(
        outcomes=("loneliness-and-isolation", "older-people"),
        places=("cornwall",),
        offers=("volunteers",),
    )
    weak = provider(outcomes=("older-people",), places=("somerset",))
    regional = provider(outcomes=(), places=("south-west",))
    unrelated = provider(outcomes=("housing-and-homelessness",), places=("wirral",))
    other_commissioner = MemberFactory(commissioner=True)
    match_profile(other_commissioner)

    suggestions = suggestions_for(member=commissioner)

    assert ids(suggestions) == [strong.pk, weak.pk, regional.pk]
    assert unrelated.pk not in ids(suggestions)
    assert other_commissioner.pk not in ids(suggestions)
    assert "They offer volunteers, which you are looking for." in suggestions[0].reasons
    assert "Overlapping places: Cornwall is in South West." in suggestions[2].reasons


def test_opted_out_declined_and_connected_members_are_not_suggested(commissioner):
    provider(opted_out=True)
    declined_by_me = provider()
    declined_me = provider()
    connected = provider()
    shown = provider()
    MatchResponse.objects.create(member=commissioner, other=declined_by_me, kind="decline")
    MatchResponse.objects.create(member=declined_me, other=commissioner, kind="decline")
    first, second = sorted([commissioner, connected], key=lambda m: m.pk)
    Connection.objects.create(first=first, second=second)

    assert ids(suggestions_for(member=commissioner)) == [shown.pk]


def test_member_at_their_monthly_cap_is_not_suggested_until_next_month(commissioner):
    popular = provider(cap=1)
    friend = MemberFactory(commissioner=True)
    first, second = sorted([popular, friend], key=lambda m: m.pk)
    Connection.objects.create(first=first, second=second)

    assert popular.pk not in ids(suggestions_for(member=commissioner))

    next_month = timezone.now() + dt.timedelta(days=32)
    assert popular.pk in ids(suggestions_for(member=commissioner, now=next_month))


def test_interest_already_sent_is_marked(commissioner):
    other = provider()
    MatchResponse.objects.create(member=commissioner, other=other, kind="interest")
    [suggestion] = suggestions_for(member=commissioner)
    assert suggestion.interest_sent


def test_without_profile_there_are_no_suggestions():
    assert suggestions_for(member=MemberFactory()) == []


def test_providers_for_opportunity_use_its_outcome_and_place(commissioner):
    opportunity = OpportunityFactory(commissioner=commissioner)  # loneliness, Cornwall
    fits = provider(outcomes=("loneliness-and-isolation",), places=("cornwall",))
    elsewhere = provider(outcomes=("carers",), places=("wirral",))
    result = providers_for_opportunity(opportunity=opportunity)
    assert ids(result) == [fits.pk]
    assert elsewhere.pk not in ids(result)
    assert "They serve Cornwall." in result[0].reasons


@pytest.mark.parametrize("count", [1, 100])
def test_suggestions_page_queries_do_not_grow_with_profiles(
    client, commissioner, count, django_assert_num_queries, settings
):
    """Worked out afresh, then with the suggestions from the cache. Sessions are read through
    the cache, as in production with Redis (cached_db)."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    for n in range(count):
        member = provider(
            outcomes=("loneliness-and-isolation",), places=("cornwall",), offers=("volunteers",)
        )
        if n % 3 == 0:
            MatchResponse.objects.create(member=member, other=commissioner, kind="interest")
    client.force_login(commissioner.user)
    client.get(reverse("network:suggestions"))  # warm: reference names are cached
    suggestions_invalidate()
    with django_assert_num_queries(SUGGESTIONS_PAGE_QUERIES):
        response = client.get(reverse("network:suggestions"))
    assert response.status_code == 200
    assert response.content.count(b'class="card match"') >= min(count, 10)
    with django_assert_num_queries(SUGGESTIONS_PAGE_CACHED):
        again = client.get(reverse("network:suggestions"))
    assert again.content.count(b'class="card match"') == response.content.count(
        b'class="card match"'
    )


# Worked out afresh: 6 for suggestions, those interested in you, who can be booked,
# opportunities (recent notifications are still cached: nothing changed them; the viewer
# comes from memory, network/auth_backends.py).
SUGGESTIONS_PAGE_QUERIES = 9
SUGGESTIONS_PAGE_CACHED = 0  # the cards are a cached fragment


def test_opportunities_for_match_outcomes_places_and_their_regions():
    """By outcome, or by a place served: the same place, the region it sits in, or an area
    inside a region served; never one elsewhere on another outcome."""
    commissioner = MemberFactory(commissioner=True)
    carers = OutcomeArea.objects.get(slug="carers")

    def offered(title: str, where: str):
        return OpportunityFactory(
            commissioner=commissioner, title=title, place=place(where), outcome_area=carers
        )

    same_outcome = OpportunityFactory(  # loneliness and isolation, in the Wirral
        commissioner=commissioner, title="Same outcome", place=place("wirral")
    )
    in_cornwall = offered("In Cornwall", "cornwall")
    in_the_region = offered("South West", "south-west")
    elsewhere = offered("Wirral carers", "wirral")
    area_member = provider(outcomes=("loneliness-and-isolation",), places=("cornwall",))
    region_member = provider(outcomes=("mental-health",), places=("south-west",))

    def titles(member):
        return {o.title for o in opportunities_for(member=member)}

    assert titles(area_member) == {same_outcome.title, in_cornwall.title, in_the_region.title}
    assert titles(region_member) == {in_cornwall.title, in_the_region.title}
    assert elsewhere.title not in titles(area_member) | titles(region_member)
    assert opportunities_for(member=MemberFactory(provider=True)) == []  # no profile
