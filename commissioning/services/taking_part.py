"""Taking part in a lot: expressions of interest, consortia by consent, clarifications,
conflict-of-interest declarations, and the award."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from commissioning.models import (
    Challenge,
    Clarification,
    ConsortiumPartner,
    Declaration,
    Expression,
    Lot,
    Stage,
)
from commissioning.selectors.evaluation import (
    Standing,
    bidding_organisations,
    evaluation_status,
)
from commissioning.services.rules import (
    CommissioningError,
    lock,
    require_commissioner,
    require_stage,
    require_viewer,
)
from core.services import model_update
from network.models import Member, Organisation
from notifications.models import Kind
from notifications.services import notify

ONLY_PROVIDERS_BID = "Only providers, charities and social enterprises express interest in lots."
ALREADY_EXPRESSED = "Your organisation has already expressed interest in this lot."
ALREADY_PARTNER = "Your organisation is already in a consortium bidding for this lot."
LOT_CLOSED = "This lot has been awarded."
SHORT_FORM_STATEMENT = (
    "This lot asks only for a short form: keep your answer to {limit} characters, and leave "
    "the delivery plan out."
)
FULL_FORM_NEEDS_PLAN = "This lot asks for a delivery plan as well as your statement."
NOT_LEAD = "Only the lead of this expression of interest can invite partners."
PARTNER_SAME_ORGANISATION = "Invite someone from another organisation: yours is already the lead."
PARTNER_ALREADY_BIDDING = "{organisation} already expresses interest in this lot."
PARTNER_ALREADY_INVITED = "{organisation} has already been invited into this consortium."
NOT_YOUR_INVITATION = "This invitation is not yours to answer."
ALREADY_ANSWERED = "You have already answered this invitation."
EMPTY_QUESTION = "Write your question."
EMPTY_ANSWER = "Write the answer: it is published to everyone taking part at once."
ALREADY_PUBLISHED = "This answer has already been published."
NOT_AN_EVALUATOR = "You are not an evaluator on this lot."
DECLARE_UNKNOWN_ORGANISATION = "Declare only on organisations bidding for this lot."
DESCRIBE_INTEREST = "Describe your interest in {organisation}."
MUST_DECLARE_FIRST = (
    "Declare any interest in each bidding organisation before you see or award their bids."
)
CONFLICTED = "You declared an interest in a bidder on this lot, so you cannot evaluate it."
AWARD_ELSEWHERE = "Choose one of this lot's expressions of interest."
AWARD_NEEDS_REASONS = "Record your reasons for the award: everyone who took part reads them."
SHORT_FORM_STATEMENT_LIMIT = 1500


def _open_lot(lot: Lot) -> Lot:
    lock(lot.challenge)
    lot = Lot.objects.select_for_update().select_related("challenge").get(pk=lot.pk)
    require_stage(lot.challenge, Stage.METHODS)
    if lot.awarded_to_id:
        raise CommissioningError(message=LOT_CLOSED)
    return lot


def _bids_here(lot: Lot, organisation: Organisation) -> bool:
    return (
        Expression.objects.filter(lot=lot, organisation=organisation).exists()
        or ConsortiumPartner.objects.filter(
            expression__lot=lot,
            organisation=organisation,
            status=ConsortiumPartner.Status.ACCEPTED,
        ).exists()
    )


@transaction.atomic
def expression_submit(
    *, member: Member, lot: Lot, statement: str, delivery_plan: str = ""
) -> Expression:
    """Express interest in a lot for the member's organisation, in proportion to the lot."""
    require_viewer(member, lot.challenge)
    if member.role not in (Member.Role.PROVIDER, Member.Role.CHIEF_EXECUTIVE):
        raise CommissioningError(message=ONLY_PROVIDERS_BID)
    lot = _open_lot(lot)
    if Expression.objects.filter(lot=lot, organisation=member.organisation_id).exists():
        raise CommissioningError(message=ALREADY_EXPRESSED)
    if _bids_here(lot, member.organisation):
        raise CommissioningError(message=ALREADY_PARTNER)
    statement, delivery_plan = statement.strip(), delivery_plan.strip()
    if lot.short_form and (len(statement) > SHORT_FORM_STATEMENT_LIMIT or delivery_plan):
        raise CommissioningError(
            message=SHORT_FORM_STATEMENT, field="statement", limit=SHORT_FORM_STATEMENT_LIMIT
        )
    if not lot.short_form and not delivery_plan:
        raise CommissioningError(message=FULL_FORM_NEEDS_PLAN, field="delivery_plan")
    expression = Expression(
        lot=lot,
        organisation=member.organisation,
        lead=member,
        statement=statement,
        delivery_plan=delivery_plan,
    )
    expression.full_clean()
    expression.save()
    return expression


@transaction.atomic
def consortium_invite(
    *, lead: Member, expression: Expression, partner: Member
) -> ConsortiumPartner:
    """Invite `partner`'s organisation; it is in the consortium only once they accept."""
    if expression.lead_id != lead.pk:
        raise CommissioningError(message=NOT_LEAD)
    lot = _open_lot(expression.lot)
    if partner.organisation_id == expression.organisation_id:
        raise CommissioningError(message=PARTNER_SAME_ORGANISATION, field="partner")
    if partner.role not in (Member.Role.PROVIDER, Member.Role.CHIEF_EXECUTIVE):
        raise CommissioningError(message=ONLY_PROVIDERS_BID, field="partner")
    if _bids_here(lot, partner.organisation):
        raise CommissioningError(
            message=PARTNER_ALREADY_BIDDING, field="partner", organisation=partner.organisation
        )
    invitation, created = ConsortiumPartner.objects.get_or_create(
        expression=expression,
        organisation=partner.organisation,
        defaults={"member": partner},
    )
    if not created:
        raise CommissioningError(
            message=PARTNER_ALREADY_INVITED, field="partner", organisation=partner.organisation
        )
    notify(
        to=partner,
        template="commissioning/email/consortium_invitation",
        subject=f"{expression.organisation} invites you into a consortium for {lot.title}",
        kind=Kind.CONSORTIUM_INVITATION,
        context={"expression": expression, "lot": lot, "lead": lead},
        url=lot.get_absolute_url(),
        text=f"{lead.name} ({expression.organisation}) invites {partner.organisation} "
        f"into a consortium for {lot.title}. Nothing is decided until you accept.",
    )
    return invitation


@transaction.atomic
def consortium_answer(
    *, member: Member, invitation: ConsortiumPartner, accept: bool
) -> ConsortiumPartner:
    if invitation.member_id != member.pk:
        raise CommissioningError(message=NOT_YOUR_INVITATION)
    lot = _open_lot(invitation.expression.lot)
    invitation = ConsortiumPartner.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != ConsortiumPartner.Status.INVITED:
        raise CommissioningError(message=ALREADY_ANSWERED)
    if accept and _bids_here(lot, invitation.organisation):
        raise CommissioningError(message=ALREADY_PARTNER)
    status = ConsortiumPartner.Status.ACCEPTED if accept else ConsortiumPartner.Status.DECLINED
    model_update(invitation, status=status, answered_at=timezone.now())
    answer = "joins" if accept else "declines to join"
    notify(
        to=invitation.expression.lead,
        template="commissioning/email/consortium_answer",
        subject=f"{invitation.organisation} {answer} your consortium for {lot.title}",
        kind=Kind.CONSORTIUM_INVITATION,
        context={"invitation": invitation, "lot": lot, "answer": answer},
        url=lot.get_absolute_url(),
    )
    return invitation


@transaction.atomic
def clarification_ask(*, member: Member, challenge: Challenge, question: str) -> Clarification:
    require_viewer(member, challenge)
    require_stage(challenge, Stage.METHODS)
    if not question.strip():
        raise CommissioningError(message=EMPTY_QUESTION, field="question")
    clarification = Clarification(challenge=challenge, asked_by=member, question=question.strip())
    clarification.full_clean()
    clarification.save()
    return clarification


def participants(challenge: Challenge, *, lot: Lot | None = None) -> list[Member]:
    """Everyone taking part: leads and accepted partners (of one lot, or of every lot)."""
    lots = {"lot": lot} if lot else {"lot__challenge": challenge}
    partners = {"expression__lot": lot} if lot else {"expression__lot__challenge": challenge}
    ids = set(Expression.objects.filter(**lots).values_list("lead_id", flat=True))
    ids |= set(
        ConsortiumPartner.objects.filter(
            status=ConsortiumPartner.Status.ACCEPTED, **partners
        ).values_list("member_id", flat=True)
    )
    return list(Member.objects.filter(pk__in=ids).select_related("user"))


@transaction.atomic
def clarification_answer(
    *, commissioner: Member, clarification: Clarification, answer: str
) -> Clarification:
    """Publish the question (without who asked) and its answer to everyone at one moment."""
    challenge = clarification.challenge
    require_commissioner(commissioner, challenge)
    lock(challenge)
    clarification = Clarification.objects.select_for_update().get(pk=clarification.pk)
    if clarification.published_at is not None:
        raise CommissioningError(message=ALREADY_PUBLISHED)
    if not answer.strip():
        raise CommissioningError(message=EMPTY_ANSWER, field="answer")
    model_update(clarification, answer=answer.strip(), published_at=timezone.now())
    told = {m.pk: m for m in participants(challenge)}
    asker = clarification.asked_by
    told.setdefault(asker.pk, asker)
    notify(
        to=list(told.values()),
        template="commissioning/email/clarification",
        subject=f"A clarification is published for {challenge.title}",
        kind=Kind.CLARIFICATION,
        context={"challenge": challenge, "clarification": clarification},
        url=challenge.get_absolute_url() + "#clarifications",
    )
    return clarification


@dataclass(frozen=True)
class DeclarationInput:
    kind: str
    description: str = ""


@transaction.atomic
def declarations_make(
    *, member: Member, lot: Lot, declarations: Mapping[int, DeclarationInput]
) -> list[Declaration]:
    """Record, time-stamped, what `member` declares about each bidding organisation (keyed by
    organisation id). A declaration once made stands; only new ones are recorded."""
    if evaluation_status(member, lot).standing is Standing.NOT_EVALUATOR:
        raise CommissioningError(message=NOT_AN_EVALUATOR)
    bidding = {o.pk: o for o in bidding_organisations(lot)}
    if any(pk not in bidding for pk in declarations):
        raise CommissioningError(message=DECLARE_UNKNOWN_ORGANISATION)
    done = set(
        Declaration.objects.filter(lot=lot, member=member).values_list("organisation_id", flat=True)
    )
    made = []
    for pk, given in declarations.items():
        if pk in done:
            continue
        if given.kind == Declaration.Kind.INTEREST and not given.description.strip():
            raise CommissioningError(message=DESCRIBE_INTEREST, organisation=bidding[pk])
        declaration = Declaration(
            lot=lot,
            member=member,
            organisation=bidding[pk],
            kind=given.kind,
            description=given.description.strip() if given.kind != "none" else "",
        )
        declaration.full_clean()
        declaration.save()
        made.append(declaration)
    return made


@transaction.atomic
def lot_award(*, commissioner: Member, lot: Lot, expression: Expression, reasons: str) -> Lot:
    """Record the award and its reasons, and tell everyone who took part in the lot."""
    require_commissioner(commissioner, lot.challenge)
    lot = _open_lot(lot)
    standing = evaluation_status(commissioner, lot).standing
    if standing is Standing.CONFLICTED:
        raise CommissioningError(message=CONFLICTED)
    if standing is not Standing.CLEARED:
        raise CommissioningError(message=MUST_DECLARE_FIRST)
    if expression.lot_id != lot.pk:
        raise CommissioningError(message=AWARD_ELSEWHERE, field="expression")
    if not reasons.strip():
        raise CommissioningError(message=AWARD_NEEDS_REASONS, field="reasons")
    model_update(
        lot, awarded_to=expression, award_reasons=reasons.strip(), awarded_at=timezone.now()
    )
    winners = expression.organisation.name
    notify(
        to=participants(lot.challenge, lot=lot),
        template="commissioning/email/awarded",
        subject=f"{lot.title} is awarded",
        kind=Kind.LOT_AWARDED,
        context={"lot": lot, "winner": winners, "reasons": lot.award_reasons},
        url=lot.get_absolute_url(),
        text=f"{lot.title} is awarded to {winners}.",
    )
    return lot
