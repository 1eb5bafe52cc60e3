"""Stage 2: members add what the place has beyond profiles: community assets, funding."""

from django.db import transaction

from commissioning.models import Challenge, CommunityAsset, FundingStream, Outcome, Stage
from commissioning.services.rules import (
    CommissioningError,
    lock,
    require_stage,
    require_viewer,
)
from network.models import Member

OUTCOME_ELSEWHERE = "Choose one of this challenge's outcomes."


def _check(member: Member, challenge: Challenge, outcome: Outcome) -> None:
    require_viewer(member, challenge)
    lock(challenge)
    challenge.refresh_from_db(fields=["stage"])
    require_stage(challenge, Stage.RESOURCES)
    if outcome.challenge_id != challenge.pk:
        raise CommissioningError(message=OUTCOME_ELSEWHERE, field="outcome")


@transaction.atomic
def community_asset_add(
    *,
    member: Member,
    challenge: Challenge,
    outcome: Outcome,
    kind: str,
    name: str,
    description: str = "",
) -> CommunityAsset:
    _check(member, challenge, outcome)
    asset = CommunityAsset(
        challenge=challenge,
        outcome=outcome,
        offered_by=member,
        kind=kind,
        name=name.strip(),
        description=description.strip(),
    )
    asset.full_clean()
    asset.save()
    return asset


@transaction.atomic
def funding_stream_add(
    *,
    member: Member,
    challenge: Challenge,
    outcome: Outcome,
    name: str,
    amount: int,
    terms: str,
) -> FundingStream:
    _check(member, challenge, outcome)
    stream = FundingStream(
        challenge=challenge,
        outcome=outcome,
        offered_by=member,
        name=name.strip(),
        amount=amount,
        terms=terms.strip(),
    )
    stream.full_clean()
    stream.save()
    return stream
