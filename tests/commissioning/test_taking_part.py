"""Taking part: expressions of interest alone or as a consortium (by consent only),
clarifications published to all at once without the asker, declarations before anyone
sees a bid, and the award told to everyone who took part."""

import pytest
from django.urls import reverse

from commissioning.models import ConsortiumPartner, Declaration, Stage
from commissioning.selectors.evaluation import Standing, evaluation_status
from commissioning.selectors.taking_part import own_expression
from commissioning.services import methods as method_services
from commissioning.services import taking_part as services
from commissioning.services.rules import CommissioningError
from commissioning.services.taking_part import (
    ALREADY_EXPRESSED,
    CONFLICTED,
    DESCRIBE_INTEREST,
    FULL_FORM_NEEDS_PLAN,
    MUST_DECLARE_FIRST,
    NOT_YOUR_INVITATION,
    PARTNER_ALREADY_BIDDING,
    SHORT_FORM_STATEMENT,
    DeclarationInput,
)
from notifications.models import Kind, Notification
from tests.factories import (
    ExpressionFactory,
    LotFactory,
    MemberFactory,
    OrganisationFactory,
    UserFactory,
    match_profile,
    place,
)

pytestmark = pytest.mark.django_db


def small_provider(name: str, **profile):
    member = MemberFactory(
        provider=True,
        organisation=OrganisationFactory(name=name, place=place("cornwall"), annual_income=60_000),
    )
    match_profile(member, **profile)
    return member


@pytest.fixture
def lot():
    return LotFactory(challenge__place=place("cornwall"))


@pytest.fixture
def lead(lot):
    return small_provider("Penwith Befrienders", offers=("volunteers",), places=("cornwall",))


@pytest.fixture
def partner(lot):
    return small_provider("Kernow Wheels", offers=("transport",), places=("cornwall",))


def test_a_provider_expresses_interest_once_per_organisation_in_proportion_to_the_lot(lot, lead):
    with pytest.raises(CommissioningError) as refused:
        services.expression_submit(member=lead, lot=lot, statement="x" * 1501)
    assert refused.value.template == SHORT_FORM_STATEMENT
    services.expression_submit(member=lead, lot=lot, statement="We visit people at home.")
    colleague = MemberFactory(provider=True, organisation=lead.organisation)
    with pytest.raises(CommissioningError) as refused:
        services.expression_submit(member=colleague, lot=lot, statement="Us too")
    assert refused.value.template == ALREADY_EXPRESSED


def test_a_lot_above_the_threshold_asks_for_a_delivery_plan(lead):
    big = LotFactory(challenge__place=place("cornwall"), value_band="over_1m")
    with pytest.raises(CommissioningError) as refused:
        services.expression_submit(member=lead, lot=big, statement="We can.")
    assert refused.value.template == FULL_FORM_NEEDS_PLAN


def test_nobody_is_in_a_consortium_until_they_accept(lot, lead, partner):
    expression = services.expression_submit(member=lead, lot=lot, statement="Together")
    invitation = services.consortium_invite(lead=lead, expression=expression, partner=partner)
    assert Notification.objects.filter(member=partner, kind=Kind.CONSORTIUM_INVITATION).exists()
    bid = own_expression(lead, lot)
    assert bid.partners == []
    assert bid.assets == ["Volunteers"]
    assert own_expression(partner, lot) is None

    with pytest.raises(CommissioningError) as refused:
        services.consortium_answer(member=lead, invitation=invitation, accept=True)
    assert refused.value.template == NOT_YOUR_INVITATION

    services.consortium_answer(member=partner, invitation=invitation, accept=True)
    bid = own_expression(lead, lot)
    assert [p.organisation for p in bid.partners] == [partner.organisation]
    assert bid.assets == ["Transport", "Volunteers"]
    assert bid.places == ["Cornwall"]
    assert own_expression(partner, lot).expression == expression


def test_a_declined_invitation_leaves_the_partner_out(lot, lead, partner):
    expression = services.expression_submit(member=lead, lot=lot, statement="Together")
    invitation = services.consortium_invite(lead=lead, expression=expression, partner=partner)
    services.consortium_answer(member=partner, invitation=invitation, accept=False)
    assert own_expression(lead, lot).partners == []
    assert invitation.__class__.objects.get(pk=invitation.pk).status == "declined"


def test_an_organisation_bidding_alone_cannot_be_pulled_into_another_bid(lot, lead, partner):
    expression = services.expression_submit(member=lead, lot=lot, statement="Alone")
    services.expression_submit(member=partner, lot=lot, statement="Also alone")
    with pytest.raises(CommissioningError) as refused:
        services.consortium_invite(lead=lead, expression=expression, partner=partner)
    assert refused.value.template == PARTNER_ALREADY_BIDDING


def test_an_undeclared_evaluator_sees_no_expressions_of_interest(client, lot, lead):
    ExpressionFactory(lot=lot, lead=lead, statement="Our secret plan")
    evaluator = MemberFactory()
    method_services.evaluator_add(
        commissioner=lot.challenge.commissioner, lot=lot, member=evaluator
    )
    assert evaluation_status(evaluator, lot).standing is Standing.UNDECLARED
    client.force_login(evaluator.user)
    page = client.get(reverse("commissioning:lot_detail", args=[lot.pk])).content.decode()
    assert "Our secret plan" not in page
    assert "Declare your interests" in page

    services.declarations_make(
        member=evaluator, lot=lot, declarations={lead.organisation_id: DeclarationInput("none")}
    )
    page = client.get(reverse("commissioning:lot_detail", args=[lot.pk])).content.decode()
    assert "Our secret plan" in page


def test_a_new_bidder_hides_the_bids_again_until_declared(lot, lead, partner):
    ExpressionFactory(lot=lot, lead=lead)
    commissioner = lot.challenge.commissioner
    services.declarations_make(
        member=commissioner, lot=lot, declarations={lead.organisation_id: DeclarationInput("none")}
    )
    assert evaluation_status(commissioner, lot).sees_expressions
    ExpressionFactory(lot=lot, lead=partner)
    status = evaluation_status(commissioner, lot)
    assert status.standing is Standing.UNDECLARED
    assert status.to_declare == (partner.organisation,)


def test_a_declared_interest_keeps_that_person_off_the_lot(lot, lead):
    expression = ExpressionFactory(lot=lot, lead=lead)
    commissioner = lot.challenge.commissioner
    with pytest.raises(CommissioningError) as refused:
        services.declarations_make(
            member=commissioner,
            lot=lot,
            declarations={lead.organisation_id: DeclarationInput("interest", " ")},
        )
    assert refused.value.template == DESCRIBE_INTEREST
    services.declarations_make(
        member=commissioner,
        lot=lot,
        declarations={lead.organisation_id: DeclarationInput("interest", "I am a trustee.")},
    )
    declaration = Declaration.objects.get(member=commissioner)
    assert declaration.declared_at is not None
    assert evaluation_status(commissioner, lot).standing is Standing.CONFLICTED
    with pytest.raises(CommissioningError) as refused:
        services.lot_award(
            commissioner=commissioner, lot=lot, expression=expression, reasons="Best"
        )
    assert refused.value.template == CONFLICTED


def test_staff_see_the_register_and_others_do_not(client, lot, lead):
    ExpressionFactory(lot=lot, lead=lead)
    services.declarations_make(
        member=lot.challenge.commissioner,
        lot=lot,
        declarations={lead.organisation_id: DeclarationInput("interest", "My sister runs it")},
    )
    client.force_login(MemberFactory().user)
    assert client.get(reverse("commissioning:register")).status_code == 403
    client.force_login(MemberFactory(user=UserFactory(is_staff=True)).user)
    page = client.get(reverse("commissioning:register")).content.decode()
    assert "My sister runs it" in page


def test_clarifications_are_published_to_everyone_at_once_without_the_asker(client, lot, lead):
    challenge = lot.challenge
    ExpressionFactory(lot=lot, lead=lead)
    rival = small_provider("Rival Trust", places=("cornwall",))
    ExpressionFactory(lot=lot, lead=rival)
    question = services.clarification_ask(
        member=lead, challenge=challenge, question="Can volunteers drive?"
    )
    client.force_login(rival.user)
    url = reverse("commissioning:challenge_detail", args=[challenge.pk])
    assert "Can volunteers drive?" not in client.get(url).content.decode()

    services.clarification_answer(
        commissioner=challenge.commissioner, clarification=question, answer="Yes, if insured."
    )
    page = client.get(url).content.decode()
    assert "Can volunteers drive?" in page
    assert "Yes, if insured." in page
    told = set(
        Notification.objects.filter(kind=Kind.CLARIFICATION).values_list("member", flat=True)
    )
    assert told == {lead.pk, rival.pk}
    texts = Notification.objects.filter(kind=Kind.CLARIFICATION).values_list("text", flat=True)
    assert all(lead.name not in text for text in texts)
    assert lead.name not in page.split('id="clarifications"')[1].split("</section>")[0]


def test_the_award_is_recorded_with_reasons_and_everyone_who_took_part_is_told(lot, lead, partner):
    commissioner = lot.challenge.commissioner
    won = services.expression_submit(member=lead, lot=lot, statement="Together")
    invitation = services.consortium_invite(lead=lead, expression=won, partner=partner)
    services.consortium_answer(member=partner, invitation=invitation, accept=True)
    loser = small_provider("Other Trust", places=("cornwall",))
    services.expression_submit(member=loser, lot=lot, statement="Alone")
    with pytest.raises(CommissioningError) as refused:
        services.lot_award(commissioner=commissioner, lot=lot, expression=won, reasons="Best")
    assert refused.value.template == MUST_DECLARE_FIRST
    services.declarations_make(
        member=commissioner,
        lot=lot,
        declarations={
            o: DeclarationInput("none")
            for o in (lead.organisation_id, partner.organisation_id, loser.organisation_id)
        },
    )
    services.lot_award(
        commissioner=commissioner, lot=lot, expression=won, reasons="Local reach and transport."
    )
    lot.refresh_from_db()
    assert lot.awarded_to == won
    assert lot.award_reasons == "Local reach and transport."
    told = set(Notification.objects.filter(kind=Kind.LOT_AWARDED).values_list("member", flat=True))
    assert told == {lead.pk, partner.pk, loser.pk}
    assert ConsortiumPartner.objects.get().status == "accepted"
    assert lot.challenge.stage == Stage.METHODS


def test_a_rival_bidder_sees_their_own_bid_and_nobody_elses(client, lot, lead):
    ExpressionFactory(lot=lot, lead=lead, statement="Penwith's plan")
    rival = small_provider("Rival Trust", places=("cornwall",))
    ExpressionFactory(lot=lot, lead=rival, statement="Rival's plan")
    client.force_login(rival.user)
    page = client.get(reverse("commissioning:lot_detail", args=[lot.pk])).content.decode()
    assert "Rival&#x27;s plan" in page
    assert "Penwith" not in page
