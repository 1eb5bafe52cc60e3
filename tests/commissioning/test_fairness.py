"""Fairness figures, checked against a fixture counted by hand, in a number of queries that
does not grow with the data; and the page draws them as SVG charts with the same tables."""

import pytest
from django.urls import reverse

from commissioning.models import ConsortiumPartner, Stage
from commissioning.selectors.fairness import fairness
from network.models import Connection
from tests.factories import (
    ChallengeFactory,
    ExpressionFactory,
    LotFactory,
    MemberFactory,
    OrganisationFactory,
    OutcomeFactory,
    UserFactory,
    match_profile,
    place,
)

pytestmark = pytest.mark.django_db


def provider(name, income, where, *, outcomes=("loneliness-and-isolation",), serves="cornwall"):
    member = MemberFactory(
        provider=True,
        organisation=OrganisationFactory(name=name, annual_income=income, place=place(where)),
    )
    match_profile(member, outcomes=outcomes, places=(serves,))
    return member


def connect(a, b):
    first, second = sorted((a, b), key=lambda m: m.pk)
    Connection.objects.create(first=first, second=second)


def build(challenge=None):
    """One Cornwall challenge. By hand:
    A micro, Cornwall (South West): suggested, expressed (lead), awarded.
    B small, Somerset (South West): suggested, expressed and awarded as an accepted partner.
    D large, Wirral (North West): suggested, connected, expressed alone, not awarded.
    E medium, Cornwall: works on food, so not suggested; connected.
    F income unknown, Wirral: invited into D's bid but never accepted: counts nowhere.
    """
    challenge = challenge or ChallengeFactory(place=place("cornwall"), stage=Stage.METHODS)
    outcome = OutcomeFactory(challenge=challenge)
    lot = LotFactory(challenge=challenge, outcome=outcome)
    a = provider("A", 5_000, "cornwall")
    b = provider("B", 50_000, "somerset")
    d = provider("D", 2_000_000, "wirral")
    e = provider("E", 500_000, "cornwall", outcomes=("food-and-poverty",))
    f = provider("F", None, "wirral", serves="wirral")
    won = ExpressionFactory(lot=lot, lead=a)
    ConsortiumPartner.objects.create(
        expression=won, member=b, organisation=b.organisation, status="accepted"
    )
    lost = ExpressionFactory(lot=lot, lead=d)
    ConsortiumPartner.objects.create(expression=lost, member=f, organisation=f.organisation)
    lot.awarded_to = won
    lot.save()
    connect(challenge.commissioner, d)
    connect(challenge.commissioner, e)
    connect(a, b)  # not with the commissioner: not counted
    return challenge


def table(rows):
    return {row.label: row.values() for row in rows}


def test_figures_by_size_band_and_region_match_the_hand_count():
    figures = fairness([build()])
    assert table(figures.by_size) == {
        "Micro (income under £10,000)": [1, 0, 1, 1],
        "Small (£10,000 to £100,000)": [1, 0, 1, 1],
        "Medium (£100,000 to £1 million)": [0, 1, 0, 0],
        "Large (£1 million or more)": [1, 1, 1, 0],
        "Not known": [0, 0, 0, 0],
    }
    assert table(figures.by_region) == {"North West": [1, 1, 1, 0], "South West": [2, 1, 2, 2]}


def test_the_number_of_queries_does_not_grow_with_challenges_or_bids(
    django_assert_num_queries,
):
    first = build()
    with django_assert_num_queries(8):
        fairness([first])
    more = [build() for _ in range(4)]
    with django_assert_num_queries(8):
        figures = fairness([first, *more])
    assert table(figures.by_size)["Micro (income under £10,000)"] == [5, 0, 5, 5]


def test_the_page_draws_accessible_charts_with_the_same_figures_as_tables(client):
    challenge = build()
    client.force_login(challenge.commissioner.user)
    page = client.get(reverse("commissioning:fairness"), {"challenge": challenge.pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="chart" role="img"') == 2
    assert '<title id="chart-' in html
    assert "Organisations by size of organisation (income, NCVO bands)" in html
    assert "<desc" in html
    assert '<th scope="row">South West</th><td>2</td><td>1</td><td>2</td><td>2</td>' in html


def test_providers_cannot_see_the_fairness_view_and_staff_see_all(client):
    build()
    client.force_login(MemberFactory(provider=True).user)
    assert client.get(reverse("commissioning:fairness")).status_code == 403
    client.force_login(MemberFactory(user=UserFactory(is_staff=True)).user)
    assert client.get(reverse("commissioning:fairness")).status_code == 200


def test_a_commissioner_cannot_pick_someone_elses_challenge(client):
    challenge = build()
    client.force_login(MemberFactory(commissioner=True).user)
    response = client.get(reverse("commissioning:fairness"), {"challenge": challenge.pk})
    assert response.status_code == 400
