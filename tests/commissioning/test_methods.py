"""Stage 3: options appraised against outcomes with reasons; a chosen contract cut into lots
with proportionate requirements."""

import pytest

from commissioning.models import Appraisal, Method, Stage
from commissioning.services import methods as services
from commissioning.services.methods import (
    APPRAISAL_NEEDS_REASONS,
    LOTS_NEED_CONTRACT,
    SHORT_FORM_LIMIT,
    SHORT_FORM_REQUIREMENTS,
)
from commissioning.services.rules import ONLY_COMMISSIONER, CommissioningError
from tests.factories import ChallengeFactory, MemberFactory, OutcomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def challenge():
    challenge = ChallengeFactory(stage=Stage.METHODS, short_form_below="250k_1m")
    OutcomeFactory(challenge=challenge, title="Fewer falls")
    return challenge


def appraise(challenge, method=Method.CONTRACT, verdict=Appraisal.Verdict.CHOSEN, reasons="Why"):
    return services.appraisal_save(
        commissioner=challenge.commissioner,
        challenge=challenge,
        method=method,
        outcomes=challenge.outcomes.all(),
        reasons=reasons,
        verdict=verdict,
    )


def lot(challenge, **changes):
    fields = {
        "title": "Lot 1",
        "outcome": challenge.outcomes.first(),
        "value_band": "under_50k",
        "length_months": 12,
        "open_to_small_local": True,
        "requirements": "Short.",
    } | changes
    return services.lot_save(commissioner=challenge.commissioner, challenge=challenge, **fields)


def test_options_are_appraised_with_written_reasons_against_outcomes(challenge):
    with pytest.raises(CommissioningError) as refused:
        appraise(challenge, reasons="  ")
    assert refused.value.template == APPRAISAL_NEEDS_REASONS
    appraise(challenge, Method.IN_HOUSE, Appraisal.Verdict.NOT_CHOSEN, "No capacity in house.")
    again = appraise(challenge, Method.IN_HOUSE, Appraisal.Verdict.NOT_CHOSEN, "Still none.")
    assert challenge.appraisals.count() == 1
    assert again.reasons == "Still none."
    assert list(again.outcomes.values_list("title", flat=True)) == ["Fewer falls"]


def test_lots_come_only_from_a_chosen_contract(challenge):
    appraise(challenge, Method.GRANT)
    with pytest.raises(CommissioningError) as refused:
        lot(challenge)
    assert refused.value.template == LOTS_NEED_CONTRACT
    appraise(challenge, Method.CONTRACT)
    made = lot(challenge, title="Lot 1: Penwith")
    assert made.open_to_small_local
    assert made.short_form


def test_a_lot_below_the_threshold_keeps_its_requirements_to_a_short_form(challenge):
    appraise(challenge)
    with pytest.raises(CommissioningError) as refused:
        lot(challenge, value_band="50k_250k", requirements="x" * (SHORT_FORM_LIMIT + 1))
    assert refused.value.template == SHORT_FORM_REQUIREMENTS
    big = lot(challenge, value_band="250k_1m", requirements="x" * (SHORT_FORM_LIMIT + 1))
    assert not big.short_form


def test_editing_a_lot_saves_the_change(challenge):
    appraise(challenge)
    made = lot(challenge)
    services.lot_save(
        commissioner=challenge.commissioner,
        challenge=challenge,
        lot=made,
        title="Lot 1: renamed",
        outcome=made.outcome,
        value_band="50k_250k",
        length_months=18,
        open_to_small_local=False,
        requirements="Short.",
    )
    made.refresh_from_db()
    assert (made.title, made.value_band, made.length_months) == ("Lot 1: renamed", "50k_250k", 18)


def test_only_the_commissioner_appraises_and_makes_lots(challenge):
    someone = MemberFactory(commissioner=True)
    with pytest.raises(CommissioningError) as refused:
        services.appraisal_save(
            commissioner=someone,
            challenge=challenge,
            method=Method.GRANT,
            outcomes=challenge.outcomes.all(),
            reasons="x",
            verdict="chosen",
        )
    assert refused.value.template == ONLY_COMMISSIONER
