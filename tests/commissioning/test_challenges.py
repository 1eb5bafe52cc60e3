"""A challenge moves outcomes → resources → methods → awarded (or closes), only by its
commissioner, and each stage admits only its own work. Who sees a challenge follows its
visibility."""

import pytest

from commissioning.models import Challenge, Stage
from commissioning.services import challenges as services
from commissioning.services.challenges import (
    LOTS_NOT_AWARDED,
    NEEDS_CHOSEN_METHOD,
    NEEDS_OUTCOMES,
    STAGE_NOT_NEXT,
)
from commissioning.services.outcomes import outcome_save, proposal_make
from commissioning.services.resources import community_asset_add
from commissioning.services.rules import (
    NOT_VISIBLE,
    ONLY_COMMISSIONER,
    ONLY_COMMISSIONERS_OPEN,
    WRONG_STAGE,
    CommissioningError,
    can_view,
)
from notifications.models import Kind, Notification
from tests.factories import (
    ChallengeFactory,
    ExpressionFactory,
    LotFactory,
    MemberFactory,
    OrganisationFactory,
    OutcomeFactory,
    chosen_contract,
    match_profile,
    outcome,
    place,
)

pytestmark = pytest.mark.django_db


def test_a_commissioner_opens_a_challenge_at_the_outcomes_stage():
    commissioner = MemberFactory(commissioner=True)
    challenge = services.challenge_save(
        commissioner=commissioner,
        title="Older people living safely at home, Sutton",
        summary="Fewer falls, fewer lonely winters.",
        place=place("cornwall"),
    )
    assert challenge.stage == Stage.OUTCOMES
    assert challenge.commissioner == commissioner


def test_only_commissioners_open_challenges():
    with pytest.raises(CommissioningError) as refused:
        services.challenge_save(
            commissioner=MemberFactory(provider=True), title="x", summary="y", place=place()
        )
    assert refused.value.template == ONLY_COMMISSIONERS_OPEN


def test_the_stages_run_in_order_and_each_needs_its_work_done():
    challenge = ChallengeFactory()
    me = challenge.commissioner
    with pytest.raises(CommissioningError) as refused:
        services.stage_advance(member=me, challenge=challenge, to=Stage.RESOURCES)
    assert refused.value.template == NEEDS_OUTCOMES
    with pytest.raises(CommissioningError) as refused:
        services.stage_advance(member=me, challenge=challenge, to=Stage.METHODS)
    assert refused.value.template == STAGE_NOT_NEXT

    OutcomeFactory(challenge=challenge)
    services.stage_advance(member=me, challenge=challenge, to=Stage.RESOURCES)
    services.stage_advance(member=me, challenge=challenge, to=Stage.METHODS)
    with pytest.raises(CommissioningError) as refused:
        services.stage_advance(member=me, challenge=challenge, to=Stage.AWARDED)
    assert refused.value.template == NEEDS_CHOSEN_METHOD

    chosen_contract(challenge)
    lot = LotFactory(challenge=challenge, outcome=challenge.outcomes.first())
    with pytest.raises(CommissioningError) as refused:
        services.stage_advance(member=me, challenge=challenge, to=Stage.AWARDED)
    assert refused.value.template == LOTS_NOT_AWARDED
    lot.awarded_to = ExpressionFactory(lot=lot)
    lot.save()
    services.stage_advance(member=me, challenge=challenge, to=Stage.AWARDED)
    challenge.refresh_from_db()
    assert challenge.stage == Stage.AWARDED


def test_a_challenge_can_close_at_any_open_stage_but_not_twice():
    challenge = ChallengeFactory()
    services.stage_advance(member=challenge.commissioner, challenge=challenge, to=Stage.CLOSED)
    challenge.refresh_from_db()
    assert challenge.stage == Stage.CLOSED
    with pytest.raises(CommissioningError):
        services.stage_advance(member=challenge.commissioner, challenge=challenge, to=Stage.CLOSED)


def test_only_its_commissioner_moves_a_challenge():
    challenge = ChallengeFactory()
    OutcomeFactory(challenge=challenge)
    for someone in (MemberFactory(commissioner=True), MemberFactory(provider=True)):
        with pytest.raises(CommissioningError) as refused:
            services.stage_advance(member=someone, challenge=challenge, to=Stage.RESOURCES)
        assert refused.value.template == ONLY_COMMISSIONER
    challenge.refresh_from_db()
    assert challenge.stage == Stage.OUTCOMES


def test_invited_members_are_told_when_the_stage_moves():
    challenge = ChallengeFactory()
    OutcomeFactory(challenge=challenge)
    invited = MemberFactory()
    services.member_invite(commissioner=challenge.commissioner, challenge=challenge, member=invited)
    services.stage_advance(member=challenge.commissioner, challenge=challenge, to=Stage.RESOURCES)
    texts = list(
        Notification.objects.filter(member=invited, kind=Kind.CHALLENGE_UPDATE).values_list(
            "text", flat=True
        )
    )
    assert any("moved to 2. Resources" in text for text in texts)


def test_each_stage_admits_only_its_own_work():
    challenge = ChallengeFactory(visibility=Challenge.Visibility.INVITED)
    member = MemberFactory()
    services.member_invite(commissioner=challenge.commissioner, challenge=challenge, member=member)
    goal = OutcomeFactory(challenge=challenge)
    with pytest.raises(CommissioningError) as refused:
        community_asset_add(
            member=member, challenge=challenge, outcome=goal, kind="venue", name="Village hall"
        )
    assert refused.value.template == WRONG_STAGE
    assert "resources stage" in refused.value.message
    services.stage_advance(member=challenge.commissioner, challenge=challenge, to=Stage.RESOURCES)
    with pytest.raises(CommissioningError) as refused:
        proposal_make(challenge=challenge, member=member, title="More bus routes")
    assert "outcomes stage" in refused.value.message
    with pytest.raises(CommissioningError):
        outcome_save(
            commissioner=challenge.commissioner,
            challenge=challenge,
            title="Late",
            outcome_area=outcome(),
        )
    community_asset_add(
        member=member, challenge=challenge, outcome=goal, kind="venue", name="Village hall"
    )


def test_an_invited_only_challenge_is_seen_by_those_invited_and_no_one_else_in_the_place():
    challenge = ChallengeFactory(visibility=Challenge.Visibility.INVITED, place=place("cornwall"))
    local = MemberFactory(organisation=OrganisationFactory(place=place("cornwall")))
    invited = MemberFactory(organisation=OrganisationFactory(place=place("wirral")))
    services.member_invite(commissioner=challenge.commissioner, challenge=challenge, member=invited)
    assert can_view(invited, challenge)
    assert not can_view(local, challenge)
    with pytest.raises(CommissioningError) as refused:
        proposal_make(challenge=challenge, member=local, title="Warm homes")
    assert refused.value.template == NOT_VISIBLE


def test_a_place_wide_challenge_is_seen_by_members_in_and_serving_the_place_only():
    challenge = ChallengeFactory(visibility=Challenge.Visibility.PLACE, place=place("cornwall"))
    local = MemberFactory(organisation=OrganisationFactory(place=place("cornwall")))
    serving = MemberFactory(organisation=OrganisationFactory(place=place("somerset")))
    match_profile(serving, places=("cornwall",))
    elsewhere = MemberFactory(organisation=OrganisationFactory(place=place("wirral")))
    assert can_view(local, challenge)
    assert can_view(serving, challenge)
    assert not can_view(elsewhere, challenge)


def test_a_challenge_for_a_region_is_seen_by_members_in_its_areas():
    region = place("cornwall").region
    challenge = ChallengeFactory(visibility=Challenge.Visibility.PLACE, place=region)
    assert can_view(
        MemberFactory(organisation=OrganisationFactory(place=place("cornwall"))), challenge
    )


def test_a_revoked_invitation_no_longer_shows_the_challenge():
    challenge = ChallengeFactory(visibility=Challenge.Visibility.INVITED)
    member = MemberFactory()
    invitation = services.member_invite(
        commissioner=challenge.commissioner, challenge=challenge, member=member
    )
    services.invitation_revoke(commissioner=challenge.commissioner, invitation=invitation)
    assert not can_view(member, challenge)


def test_a_guest_link_names_its_invitation_and_a_tampered_one_is_refused():
    challenge = ChallengeFactory()
    path = services.guest_invite(
        commissioner=challenge.commissioner, challenge=challenge, name="Maggie"
    )
    token = path.rstrip("/").split("/")[-1]
    assert services.guest_from_token(token).guest_name == "Maggie"
    with pytest.raises(CommissioningError):
        services.guest_from_token(token[:-2] + "xx")
