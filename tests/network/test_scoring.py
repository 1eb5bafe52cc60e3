"""The scoring function on its own: plain values in, score and reasons out."""

from hypothesis import given
from hypothesis import strategies as st

from network.scoring import (
    OpportunityFacts,
    PlaceFact,
    ProfileFacts,
    rank,
    score,
)

OUTCOMES = ["Mental health", "Housing", "Older people", "Loneliness and isolation", "Carers"]
ASSETS = ["Volunteers", "Premises and venues", "Data and evidence", "Lived experience"]
PLACES = [
    PlaceFact("North West"),
    PlaceFact("Wirral", "North West"),
    PlaceFact("Sefton", "North West"),
    PlaceFact("South West"),
    PlaceFact("Cornwall", "South West"),
]
WIRRAL, SEFTON, NORTH_WEST, CORNWALL = PLACES[1], PLACES[2], PLACES[0], PLACES[4]


def profile(member_id=1, outcomes=(), places=(), offers=(), seeks=(), size_band=""):
    return ProfileFacts(
        member_id,
        frozenset(outcomes),
        frozenset(places),
        frozenset(offers),
        frozenset(seeks),
        size_band,
    )


def test_shared_outcome_and_place_give_a_score_and_say_why():
    commissioner = profile(1, ["Mental health", "Housing"], [WIRRAL], seeks=["Volunteers"])
    charity = profile(2, ["Mental health"], [WIRRAL], offers=["Volunteers"])
    match = score(commissioner, charity)
    assert match.score > 0
    assert "You both work on mental health." in match.reasons
    assert "You both serve Wirral." in match.reasons
    assert "They offer volunteers, which you are looking for." in match.reasons


def test_region_containment_counts_as_overlap_in_both_directions():
    regional = profile(1, [], [NORTH_WEST])
    local = profile(2, [], [SEFTON])
    assert score(regional, local).reasons == ("Overlapping places: Sefton is in North West.",)
    assert score(local, regional).score == score(regional, local).score > 0


def test_nothing_in_common_is_never_suggested_even_if_offers_match():
    a = profile(1, ["Housing"], [WIRRAL], seeks=["Volunteers"])
    b = profile(2, ["Carers"], [CORNWALL], offers=["Volunteers"])
    assert score(a, b).score == 0
    assert rank(a, [b]) == []


def test_opportunity_rewards_small_providers_when_open_to_them():
    commissioner = profile(1)
    opportunity = OpportunityFacts("Older people", CORNWALL, open_to_small=True)
    small = profile(2, ["Older people"], [CORNWALL], size_band="small")
    large = profile(3, ["Older people"], [CORNWALL], size_band="large")
    assert (
        score(commissioner, small, opportunity).score
        > score(commissioner, large, opportunity).score
    )
    assert (
        "It is open to small and local providers like them."
        in score(commissioner, small, opportunity).reasons
    )
    closed = OpportunityFacts("Older people", CORNWALL, open_to_small=False)
    assert score(commissioner, small, closed).score == score(commissioner, large, closed).score


def test_opportunity_needs_its_outcome_or_place():
    opportunity = OpportunityFacts("Older people", CORNWALL)
    elsewhere = profile(2, ["Housing"], [WIRRAL])
    assert score(profile(1), elsewhere, opportunity).score == 0


def test_rank_orders_best_first_and_breaks_ties_by_member():
    viewer = profile(1, ["Mental health", "Housing"], [WIRRAL])
    best = profile(5, ["Mental health", "Housing"], [WIRRAL])
    tied_a = profile(3, ["Mental health"], [])
    tied_b = profile(2, ["Mental health"], [])
    assert [m.member_id for m in rank(viewer, [tied_a, best, tied_b])] == [5, 2, 3]


# --- Properties --------------------------------------------------------------------------------

subsets = st.frozensets
profiles = st.builds(
    profile,
    member_id=st.integers(1, 30),
    outcomes=subsets(st.sampled_from(OUTCOMES)),
    places=subsets(st.sampled_from(PLACES)),
    offers=subsets(st.sampled_from(ASSETS)),
    seeks=subsets(st.sampled_from(ASSETS)),
    size_band=st.sampled_from(["", "micro", "small", "medium", "large"]),
)
opportunities = st.none() | st.builds(
    OpportunityFacts,
    outcome=st.sampled_from(OUTCOMES),
    place=st.sampled_from(PLACES),
    open_to_small=st.booleans(),
    open_to_partnerships=st.booleans(),
)


def _with(p: ProfileFacts, outcome: str) -> ProfileFacts:
    return ProfileFacts(
        p.member_id, p.outcomes | {outcome}, p.places, p.offers, p.seeks, p.size_band
    )


@given(profiles, profiles, st.sampled_from(OUTCOMES), opportunities)
def test_adding_a_shared_outcome_never_lowers_a_score(viewer, candidate, outcome, opportunity):
    before = score(viewer, candidate, opportunity).score
    after = score(_with(viewer, outcome), _with(candidate, outcome), opportunity).score
    assert after >= before
    if outcome not in viewer.outcomes or outcome not in candidate.outcomes:
        assert after > before or opportunity is not None


@given(profiles, profiles, st.sampled_from(PLACES))
def test_adding_a_shared_place_never_lowers_a_score(viewer, candidate, place):
    def plus(p):
        return ProfileFacts(
            p.member_id, p.outcomes, p.places | {place}, p.offers, p.seeks, p.size_band
        )

    assert score(plus(viewer), plus(candidate)).score >= score(viewer, candidate).score


@given(profiles, profiles)
def test_score_without_opportunity_is_symmetric(a, b):
    assert score(a, b).score == score(b, a).score


@given(profiles, st.lists(profiles, max_size=25), subsets(st.integers(1, 30)), opportunities)
def test_never_suggested_to_self_or_to_someone_who_declined(viewer, candidates, hidden, opp):
    suggested = rank(viewer, candidates, hidden=hidden, opportunity=opp, limit=50)
    ids = [m.member_id for m in suggested]
    assert viewer.member_id not in ids
    assert not set(ids) & hidden
    assert all(m.score > 0 and m.reasons for m in suggested)
    assert [m.score for m in suggested] == sorted((m.score for m in suggested), reverse=True)


def test_a_score_reads_as_a_strength_on_a_five_step_scale():
    from network.scoring import STRENGTH_SCALE, strength

    assert strength(0) is None  # never suggested
    assert str(strength(10)) == "Fair match — 2 of 5"
    assert str(strength(38)) == "Strong match — 4 of 5"
    assert str(strength(400)) == "Very strong match — 5 of 5"
    assert strength(38).steps == [True, True, True, True, False]
    levels = [strength(points).level for points in range(1, 80)]
    assert levels == sorted(levels)  # more in common never reads as weaker
    assert set(levels) == set(range(1, STRENGTH_SCALE + 1))  # every step is reachable


@given(st.integers(min_value=1, max_value=10_000), st.integers(min_value=0, max_value=100))
def test_a_higher_score_is_never_a_weaker_strength(points, more):
    from network.scoring import strength

    assert strength(points + more).level >= strength(points).level
