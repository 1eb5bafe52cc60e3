"""Stage 1: the commissioner drafts outcomes; members and guests invited by link comment
(threaded) and propose; the commissioner accepts, merges or declines, and history is kept."""

import pytest

from commissioning.models import Challenge, OutcomeEvent, Proposal
from commissioning.services import challenges as challenge_services
from commissioning.services import outcomes as services
from commissioning.services.outcomes import (
    HIDE_NEEDS_REASON,
    MERGE_INTO_OTHER_CHALLENGE,
    ONLY_MODERATORS_HIDE,
    PROPOSAL_DECIDED,
)
from commissioning.services.rules import NOT_VISIBLE, ONLY_COMMISSIONER, CommissioningError
from notifications.models import Kind, Notification
from tests.factories import ChallengeFactory, MemberFactory, OutcomeFactory, UserFactory, outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def challenge():
    return ChallengeFactory(visibility=Challenge.Visibility.INVITED)


@pytest.fixture
def invited(challenge):
    member = MemberFactory()
    challenge_services.member_invite(
        commissioner=challenge.commissioner, challenge=challenge, member=member
    )
    return member


@pytest.fixture
def guest(challenge):
    path = challenge_services.guest_invite(
        commissioner=challenge.commissioner, challenge=challenge, name="Maggie"
    )
    return challenge_services.guest_from_token(path.rstrip("/").split("/")[-1])


def test_the_commissioner_drafts_and_rewords_an_outcome_and_both_wordings_are_kept(challenge):
    drafted = services.outcome_save(
        commissioner=challenge.commissioner,
        challenge=challenge,
        title="Fewer falls",
        outcome_area=outcome("older-people"),
    )
    services.outcome_save(
        commissioner=challenge.commissioner,
        challenge=challenge,
        outcome=drafted,
        title="Fewer falls at home",
        outcome_area=outcome("older-people"),
    )
    history = list(drafted.events.values_list("kind", "title"))
    assert history == [
        (OutcomeEvent.Kind.DRAFTED, "Fewer falls"),
        (OutcomeEvent.Kind.EDITED, "Fewer falls at home"),
    ]


def test_only_the_commissioner_drafts_outcomes(challenge, invited):
    with pytest.raises(CommissioningError) as refused:
        services.outcome_save(
            commissioner=invited, challenge=challenge, title="Mine", outcome_area=outcome()
        )
    assert refused.value.template == ONLY_COMMISSIONER


def test_a_members_proposal_accepted_becomes_an_outcome_and_the_proposer_is_told(
    challenge, invited
):
    proposal = services.proposal_make(
        challenge=challenge,
        member=invited,
        title="People feel safe going out after dark",
        outcome_area=outcome("community-safety"),
    )
    made = services.proposal_accept(commissioner=challenge.commissioner, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED
    assert made.title == "People feel safe going out after dark"
    assert made.events.get().kind == OutcomeEvent.Kind.ACCEPTED
    assert made.events.get().proposal == proposal
    assert Notification.objects.filter(member=invited, kind=Kind.CHALLENGE_UPDATE).exists()


def test_merging_keeps_the_old_wording_the_proposal_and_the_new_wording(challenge, invited):
    into = services.outcome_save(
        commissioner=challenge.commissioner,
        challenge=challenge,
        title="Fewer lonely winters",
        outcome_area=outcome(),
    )
    proposal = services.proposal_make(challenge=challenge, member=invited, title="Warm hubs")
    services.proposal_merge(
        commissioner=challenge.commissioner,
        proposal=proposal,
        into=into,
        title="Fewer lonely winters, with warm places to go",
        note="Warm hubs are how we'll get there.",
    )
    into.refresh_from_db()
    assert into.title == "Fewer lonely winters, with warm places to go"
    assert [e.title for e in into.events.all()] == [
        "Fewer lonely winters",
        "Fewer lonely winters, with warm places to go",
    ]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.outcome) == (Proposal.Status.MERGED, into)
    assert Proposal.objects.filter(pk=proposal.pk, title="Warm hubs").exists()


def test_a_proposal_is_decided_once_and_merged_only_into_its_own_challenge(challenge, invited):
    proposal = services.proposal_make(challenge=challenge, member=invited, title="Warm hubs")
    elsewhere = OutcomeFactory()
    with pytest.raises(CommissioningError) as refused:
        services.proposal_merge(
            commissioner=challenge.commissioner, proposal=proposal, into=elsewhere
        )
    assert refused.value.template == MERGE_INTO_OTHER_CHALLENGE
    services.proposal_decline(
        commissioner=challenge.commissioner, proposal=proposal, note="Covered elsewhere."
    )
    with pytest.raises(CommissioningError) as refused:
        services.proposal_accept(
            commissioner=challenge.commissioner, proposal=proposal, outcome_area=outcome()
        )
    assert refused.value.template == PROPOSAL_DECIDED


def test_a_guest_invited_by_link_comments_and_proposes_under_their_own_name(challenge, guest):
    comment = services.comment_post(challenge=challenge, guest=guest, body="Buses stop at six.")
    proposal = services.proposal_make(challenge=challenge, guest=guest, title="Evening buses")
    assert comment.author_name == "Maggie"
    assert proposal.author_name == "Maggie"


def test_a_guest_link_for_another_challenge_or_withdrawn_gives_no_voice(challenge, guest):
    with pytest.raises(CommissioningError) as refused:
        services.comment_post(challenge=ChallengeFactory(), guest=guest, body="Hello")
    assert refused.value.template == NOT_VISIBLE
    challenge_services.invitation_revoke(commissioner=challenge.commissioner, invitation=guest)
    with pytest.raises(CommissioningError):
        services.comment_post(challenge=challenge, guest=guest, body="Hello")


def test_comments_thread_and_someone_not_invited_cannot_comment(challenge, invited):
    first = services.comment_post(challenge=challenge, member=invited, body="What about carers?")
    reply = services.comment_post(
        challenge=challenge, member=challenge.commissioner, body="Good point.", parent=first
    )
    assert reply.parent == first
    with pytest.raises(CommissioningError) as refused:
        services.comment_post(challenge=challenge, member=MemberFactory(), body="Let me in")
    assert refused.value.template == NOT_VISIBLE


def test_the_commissioner_or_staff_hide_a_comment_with_a_reason_and_no_one_else(challenge, invited):
    comment = services.comment_post(challenge=challenge, member=invited, body="Rude words")
    with pytest.raises(CommissioningError) as refused:
        services.comment_hide(moderator=invited, comment=comment, reason="Mine")
    assert refused.value.template == ONLY_MODERATORS_HIDE
    with pytest.raises(CommissioningError) as refused:
        services.comment_hide(moderator=challenge.commissioner, comment=comment, reason=" ")
    assert refused.value.template == HIDE_NEEDS_REASON
    staff = MemberFactory(user=UserFactory(is_staff=True))
    services.comment_hide(moderator=staff, comment=comment, reason="Personal remarks")
    comment.refresh_from_db()
    assert comment.hidden_reason == "Personal remarks"
    assert comment.hidden_by == staff
