"""The commissioning pages as people use them: each form posts, refuses bad input with a
message, and shows what was saved."""

import pytest
from django.urls import reverse

from commissioning.models import (
    Appraisal,
    Challenge,
    Expression,
    Lot,
    Method,
    Outcome,
    Proposal,
    Stage,
)
from commissioning.services import challenges as challenge_services
from tests.factories import (
    ChallengeFactory,
    ExpressionFactory,
    LotFactory,
    MemberFactory,
    OrganisationFactory,
    OutcomeFactory,
    chosen_contract,
    outcome,
    place,
)

pytestmark = pytest.mark.django_db


def logged_in(client, member):
    client.force_login(member.user)
    return client


def test_a_commissioner_opens_a_challenge_from_the_form(client):
    commissioner = MemberFactory(commissioner=True)
    response = logged_in(client, commissioner).post(
        reverse("commissioning:challenge_create"),
        {
            "title": "Older people living safely at home",
            "summary": "Fewer falls.",
            "place": place("cornwall").pk,
            "visibility": "place",
            "short_form_below": "250k_1m",
        },
    )
    challenge = Challenge.objects.get()
    assert response.url == challenge.get_absolute_url()
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "Older people living safely at home" in page
    assert "Draft an outcome" in page


def test_editing_a_challenge_saves_the_change(client):
    challenge = ChallengeFactory()
    logged_in(client, challenge.commissioner).post(
        reverse("commissioning:challenge_edit", args=[challenge.pk]),
        {
            "title": "Renamed",
            "summary": "New summary",
            "place": place("somerset").pk,
            "visibility": "invited",
            "short_form_below": "over_1m",
        },
    )
    challenge.refresh_from_db()
    assert (challenge.title, challenge.place.slug, challenge.visibility) == (
        "Renamed",
        "somerset",
        "invited",
    )


def test_rewording_an_outcome_saves_it_and_keeps_the_wording_in_its_history(client):
    existing = OutcomeFactory(title="Fewer people feel lonely")
    response = logged_in(client, existing.challenge.commissioner).post(
        reverse("commissioning:outcome_edit", args=[existing.pk]),
        {"title": "Fewer people over 75 feel lonely", "outcome_area": outcome().pk},
    )
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.title == "Fewer people over 75 feel lonely"
    assert [e.title for e in existing.events.all()] == ["Fewer people over 75 feel lonely"]


def test_a_provider_cannot_open_a_challenge(client):
    response = logged_in(client, MemberFactory(provider=True)).get(
        reverse("commissioning:challenge_create")
    )
    assert response.status_code == 302
    assert not Challenge.objects.exists()


def test_a_challenge_not_open_to_someone_is_a_404(client):
    challenge = ChallengeFactory(visibility=Challenge.Visibility.INVITED)
    response = logged_in(client, MemberFactory()).get(challenge.get_absolute_url())
    assert response.status_code == 404


def test_outcomes_proposals_and_decisions_through_the_pages(client):
    challenge = ChallengeFactory(place=place("cornwall"))
    member = MemberFactory(organisation=OrganisationFactory(place=place("cornwall")))
    logged_in(client, member).post(
        reverse("commissioning:proposal_create", args=[challenge.pk]),
        {"title": "Evening buses", "outcome_area": outcome().pk},
    )
    proposal = Proposal.objects.get()
    logged_in(client, challenge.commissioner).post(
        reverse("commissioning:proposal_decide", args=[proposal.pk]),
        {"action": "accept", "note": "Yes"},
    )
    assert Outcome.objects.get().title == "Evening buses"
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "Accepted as an outcome" in page
    assert "Accepted from a proposal" in page


def test_moving_a_stage_too_early_shows_the_reason(client):
    challenge = ChallengeFactory()
    url = challenge.get_absolute_url()
    response = logged_in(client, challenge.commissioner).post(
        reverse("commissioning:challenge_stage", args=[challenge.pk]),
        {"to": "resources"},
        HTTP_REFERER=f"http://testserver{url}",
        follow=True,
    )
    assert "Agree at least one outcome before mapping resources." in response.content.decode()


def test_comments_reply_and_hide_through_the_pages(client):
    challenge = ChallengeFactory(place=place("cornwall"))
    member = MemberFactory(organisation=OrganisationFactory(place=place("cornwall")))
    logged_in(client, member).post(
        reverse("commissioning:comment_create", args=[challenge.pk]), {"body": "First!"}
    )
    first = challenge.comments.get()
    client.post(
        reverse("commissioning:comment_create", args=[challenge.pk]),
        {"body": "A reply", "parent": first.pk},
    )
    assert challenge.comments.get(body="A reply").parent == first
    logged_in(client, challenge.commissioner).post(
        reverse("commissioning:comment_hide", args=[first.pk]), {"reason": "Off topic"}
    )
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "Hidden by the commissioner: Off topic" in page
    assert "First!" not in page
    assert "A reply" in page


def test_a_guest_uses_their_link_without_an_account(client):
    challenge = ChallengeFactory()
    path = challenge_services.guest_invite(
        commissioner=challenge.commissioner, challenge=challenge, name="Maggie"
    )
    assert client.get(path).status_code == 200
    client.post(path, {"form": "proposal", "title": "Somewhere warm"})
    client.post(path, {"body": "Thank you for asking us"})
    page = client.get(path).content.decode()
    assert "Somewhere warm" in page
    assert "Thank you for asking us" in page
    assert client.post(path, {"body": ""}).status_code == 400
    assert client.get("/commissioning/guest/not-a-token/").status_code == 404


def test_the_resource_map_pages_and_adding_to_them(client):
    challenge = ChallengeFactory(place=place("cornwall"), stage=Stage.RESOURCES)
    goal = OutcomeFactory(challenge=challenge, title="Fewer lonely")
    member = MemberFactory(organisation=OrganisationFactory(place=place("cornwall")))
    logged_in(client, member)
    url = reverse("commissioning:resources", args=[challenge.pk])
    client.post(
        reverse("commissioning:asset_add", args=[challenge.pk]),
        {"outcome": goal.pk, "kind": "venue", "name": "Village hall"},
    )
    client.post(
        reverse("commissioning:funding_add", args=[challenge.pk]),
        {"outcome": goal.pk, "funding_name": "Fund", "amount": "5000", "terms": "1 year"},
    )
    for view in ("list", "outcome", "kind", "nonsense"):
        page = client.get(url, {"view": view}).content.decode()
        assert "Village hall" in page
        assert "Fund: £5,000" in page
    bad = client.post(
        reverse("commissioning:funding_add", args=[challenge.pk]),
        {"outcome": goal.pk, "funding_name": "Fund", "amount": "-3", "terms": "x"},
    )
    assert bad.status_code == 400


def test_lots_interest_consortium_declarations_and_award_through_the_pages(client):
    challenge = ChallengeFactory(place=place("cornwall"), stage=Stage.METHODS)
    goal = OutcomeFactory(challenge=challenge)
    commissioner = challenge.commissioner
    logged_in(client, commissioner).post(
        reverse("commissioning:appraisal", args=[challenge.pk]),
        {
            "method": Method.CONTRACT,
            "outcomes": [goal.pk],
            "reasons": "Lots let small groups bid.",
            "verdict": "chosen",
        },
    )
    assert Appraisal.objects.get().verdict == "chosen"
    client.post(
        reverse("commissioning:lot_create", args=[challenge.pk]),
        {
            "title": "Lot 1: Penwith",
            "outcome": goal.pk,
            "value_band": "under_50k",
            "length_months": "24",
            "open_to_small_local": "on",
            "requirements": "A short statement.",
        },
    )
    lot = Lot.objects.get()
    lead = MemberFactory(provider=True, organisation=OrganisationFactory(place=place("cornwall")))
    partner = MemberFactory(
        provider=True, organisation=OrganisationFactory(place=place("cornwall"))
    )
    logged_in(client, lead).post(
        reverse("commissioning:interest", args=[lot.pk]), {"statement": "We visit people."}
    )
    expression = Expression.objects.get()
    client.post(
        reverse("commissioning:partner_invite", args=[expression.pk]),
        {"email": partner.user.email},
    )
    invitation = expression.partners.get()
    logged_in(client, partner).post(
        reverse("commissioning:partner_answer", args=[invitation.pk]), {"accept": "yes"}
    )
    logged_in(client, commissioner)
    page = client.get(lot.get_absolute_url()).content.decode()
    assert "We visit people." not in page
    client.post(
        reverse("commissioning:declarations", args=[lot.pk]),
        {
            f"kind_{lead.organisation_id}": "none",
            f"kind_{partner.organisation_id}": "none",
        },
    )
    page = client.get(lot.get_absolute_url()).content.decode()
    assert "We visit people." in page
    client.post(
        reverse("commissioning:award", args=[lot.pk]),
        {"expression": expression.pk, "reasons": "Strong local reach."},
    )
    lot.refresh_from_db()
    assert lot.awarded_to == expression
    assert "Strong local reach." in client.get(lot.get_absolute_url()).content.decode()


def test_the_expression_form_is_short_for_a_small_lot_and_full_for_a_large_one(client):
    small = LotFactory(challenge__place=place("cornwall"), value_band="under_50k")
    chosen_contract(small.challenge)
    large = LotFactory(challenge=small.challenge, outcome=small.outcome, value_band="over_1m")
    provider = MemberFactory(
        provider=True, organisation=OrganisationFactory(place=place("cornwall"))
    )
    logged_in(client, provider)
    short = client.get(reverse("commissioning:interest", args=[small.pk])).content.decode()
    full = client.get(reverse("commissioning:interest", args=[large.pk])).content.decode()
    assert "delivery_plan" not in short
    assert "delivery_plan" in full
    response = client.post(reverse("commissioning:interest", args=[large.pk]), {"statement": "x"})
    assert response.status_code == 400
    assert "This lot asks for a delivery plan" in response.content.decode() or (
        "This field is required" in response.content.decode()
    )


def test_questions_are_asked_and_answered_through_the_pages(client):
    lot = LotFactory(challenge__place=place("cornwall"))
    ExpressionFactory(lot=lot)
    asker = MemberFactory(organisation=OrganisationFactory(place=place("cornwall")))
    challenge = lot.challenge
    logged_in(client, asker).post(
        reverse("commissioning:question_ask", args=[challenge.pk]),
        {"question": "Is TUPE likely?"},
    )
    question = challenge.clarifications.get()
    logged_in(client, challenge.commissioner).post(
        reverse("commissioning:question_answer", args=[question.pk]), {"answer": "No."}
    )
    question.refresh_from_db()
    assert question.published_at is not None
