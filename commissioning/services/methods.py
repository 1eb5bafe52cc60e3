"""Stage 3: option appraisal against the outcomes, and a chosen contract cut into lots."""

from collections.abc import Iterable

from django.db import transaction

from commissioning.models import (
    Appraisal,
    Challenge,
    Evaluator,
    Lot,
    Method,
    Outcome,
    Stage,
    is_short_form,
)
from commissioning.services.rules import (
    CommissioningError,
    lock,
    require_commissioner,
    require_stage,
)
from core.services import model_update
from network.models import Member

APPRAISAL_NEEDS_OUTCOMES = "Say which of the outcomes this option would reach."
APPRAISAL_NEEDS_REASONS = "Write your reasons: they are what the appraisal is for."
LOTS_NEED_CONTRACT = "Lots come from a contract: choose the contract option in the appraisal first."
LOT_OUTCOME_ELSEWHERE = "Choose one of this challenge's outcomes for the lot."
SHORT_FORM_REQUIREMENTS = (
    "This lot is below your short-form threshold, so keep its requirements to a short form "
    "(no more than {limit} characters)."
)
LOT_AWARDED = "This lot has been awarded and can no longer change."
EVALUATOR_SELF = "As the commissioner you already evaluate every lot."
SHORT_FORM_LIMIT = 1000


@transaction.atomic
def appraisal_save(
    *,
    commissioner: Member,
    challenge: Challenge,
    method: str,
    outcomes: Iterable[Outcome],
    reasons: str,
    verdict: str,
) -> Appraisal:
    """Appraise one option (one row per method; saving again rewrites it)."""
    require_commissioner(commissioner, challenge)
    challenge = lock(challenge)
    require_stage(challenge, Stage.METHODS)
    outcomes = list(outcomes)
    if not outcomes:
        raise CommissioningError(message=APPRAISAL_NEEDS_OUTCOMES, field="outcomes")
    if any(o.challenge_id != challenge.pk for o in outcomes):
        raise CommissioningError(message=LOT_OUTCOME_ELSEWHERE, field="outcomes")
    if not reasons.strip():
        raise CommissioningError(message=APPRAISAL_NEEDS_REASONS, field="reasons")
    appraisal = Appraisal.objects.filter(challenge=challenge, method=method).first()
    if appraisal is None:
        appraisal = Appraisal(
            challenge=challenge, method=method, reasons=reasons.strip(), verdict=verdict
        )
        appraisal.full_clean()
        appraisal.save()
    else:
        model_update(appraisal, reasons=reasons.strip(), verdict=verdict)
    appraisal.outcomes.set(outcomes)
    return appraisal


@transaction.atomic
def lot_save(
    *,
    commissioner: Member,
    challenge: Challenge,
    lot: Lot | None = None,
    title: str,
    outcome: Outcome,
    value_band: str,
    length_months: int,
    open_to_small_local: bool,
    requirements: str,
) -> Lot:
    """Create or change a lot of the chosen contract, its requirements kept proportionate."""
    require_commissioner(commissioner, challenge)
    challenge = lock(challenge)
    require_stage(challenge, Stage.METHODS)
    if not challenge.appraisals.filter(
        method=Method.CONTRACT, verdict=Appraisal.Verdict.CHOSEN
    ).exists():
        raise CommissioningError(message=LOTS_NEED_CONTRACT)
    if outcome.challenge_id != challenge.pk:
        raise CommissioningError(message=LOT_OUTCOME_ELSEWHERE, field="outcome")
    if lot is not None and (lot.challenge_id != challenge.pk or lot.awarded_to_id):
        raise CommissioningError(message=LOT_AWARDED)
    short = is_short_form(value_band, challenge.short_form_below)
    if short and len(requirements.strip()) > SHORT_FORM_LIMIT:
        raise CommissioningError(
            message=SHORT_FORM_REQUIREMENTS, field="requirements", limit=SHORT_FORM_LIMIT
        )
    fields = {
        "title": title.strip(),
        "outcome": outcome,
        "value_band": value_band,
        "length_months": length_months,
        "open_to_small_local": open_to_small_local,
        "requirements": requirements.strip(),
    }
    if lot is None:
        lot = Lot(challenge=challenge, **fields)
        lot.full_clean()
        lot.save()
        return lot
    model_update(lot, **fields)
    return lot


@transaction.atomic
def evaluator_add(*, commissioner: Member, lot: Lot, member: Member) -> Evaluator:
    require_commissioner(commissioner, lot.challenge)
    require_stage(lot.challenge, Stage.METHODS)
    if member.pk == commissioner.pk:
        raise CommissioningError(message=EVALUATOR_SELF)
    evaluator, _ = Evaluator.objects.get_or_create(lot=lot, member=member)
    return evaluator
