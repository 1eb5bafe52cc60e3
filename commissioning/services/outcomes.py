"""Stage 1: the commissioner drafts outcomes; members and invited guests comment and propose;
the commissioner accepts, merges or declines each proposal, and every change is kept."""

from django.db import transaction
from django.utils import timezone

from commissioning.models import (
    Challenge,
    Comment,
    Invitation,
    Outcome,
    OutcomeEvent,
    Proposal,
    Stage,
)
from commissioning.services.rules import (
    CommissioningError,
    lock,
    require_commissioner,
    require_guest,
    require_stage,
    require_viewer,
)
from core.services import model_update
from network.models import Member, OutcomeArea
from notifications.models import Kind
from notifications.services import notify

PROPOSAL_DECIDED = "This proposal has already been {status}."
MERGE_INTO_OTHER_CHALLENGE = "Merge a proposal into one of this challenge's own outcomes."
REPLY_ELSEWHERE = "You can only reply to a comment on the same challenge."
HIDE_NEEDS_REASON = "Say why you are hiding this comment; the reason is shown in its place."
ONLY_MODERATORS_HIDE = "Only the challenge's commissioner or staff can hide comments."
EMPTY_TEXT = "Write something first."
ACCEPT_NEEDS_AREA = "Choose the outcome area this outcome belongs to."


def _author(
    challenge: Challenge, member: Member | None, guest: Invitation | None
) -> dict[str, object]:
    """Who is writing: a member who can see the challenge, or a guest invited by link."""
    if guest is not None:
        require_guest(guest, challenge)
        return {"author": guest}
    if member is None:
        raise CommissioningError(message="Sign in, or use your invitation link.")
    require_viewer(member, challenge)
    return {"author_member": member}


@transaction.atomic
def outcome_save(
    *,
    commissioner: Member,
    challenge: Challenge,
    outcome: Outcome | None = None,
    title: str,
    description: str = "",
    outcome_area: OutcomeArea,
) -> Outcome:
    """Draft or reword an outcome, keeping the wording at every step."""
    require_commissioner(commissioner, challenge)
    challenge = lock(challenge)
    require_stage(challenge, Stage.OUTCOMES)
    fields = {
        "title": title.strip(),
        "description": description.strip(),
        "outcome_area": outcome_area,
    }
    if outcome is None:
        kind = OutcomeEvent.Kind.DRAFTED
        outcome = Outcome(challenge=challenge, **fields)
        outcome.full_clean()
        outcome.save()
        changed = True
    elif outcome.challenge_id != challenge.pk:
        raise CommissioningError(message=MERGE_INTO_OTHER_CHALLENGE)
    else:
        kind = OutcomeEvent.Kind.EDITED
        changed = model_update(outcome, **fields)
    if changed:
        OutcomeEvent.objects.create(
            outcome=outcome, kind=kind, title=outcome.title, description=outcome.description
        )
    return outcome


@transaction.atomic
def proposal_make(
    *,
    challenge: Challenge,
    member: Member | None = None,
    guest: Invitation | None = None,
    title: str,
    description: str = "",
    outcome_area: OutcomeArea | None = None,
) -> Proposal:
    author = _author(challenge, member, guest)
    challenge = lock(challenge)
    require_stage(challenge, Stage.OUTCOMES)
    if not title.strip():
        raise CommissioningError(message=EMPTY_TEXT, field="title")
    proposal = Proposal(
        challenge=challenge,
        title=title.strip(),
        description=description.strip(),
        outcome_area=outcome_area,
        **author,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


def _decidable(commissioner: Member, proposal: Proposal) -> Proposal:
    require_commissioner(commissioner, proposal.challenge)
    lock(proposal.challenge)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    require_stage(proposal.challenge, Stage.OUTCOMES)
    if proposal.status != Proposal.Status.OPEN:
        raise CommissioningError(message=PROPOSAL_DECIDED, status=proposal.get_status_display())
    return proposal


def _tell_proposer(proposal: Proposal, line: str) -> None:
    if proposal.author_member_id:
        notify(
            to=proposal.author_member,
            template="commissioning/email/proposal",
            subject=f"Your proposed outcome for {proposal.challenge.title}",
            kind=Kind.CHALLENGE_UPDATE,
            context={"line": line, "challenge": proposal.challenge},
            url=proposal.challenge.get_absolute_url(),
            text=line,
        )


@transaction.atomic
def proposal_accept(
    *,
    commissioner: Member,
    proposal: Proposal,
    outcome_area: OutcomeArea | None = None,
    note: str = "",
) -> Outcome:
    """Make a proposal an outcome of its own, in its own words."""
    proposal = _decidable(commissioner, proposal)
    area = outcome_area or proposal.outcome_area
    if area is None:
        raise CommissioningError(message=ACCEPT_NEEDS_AREA, field="outcome_area")
    outcome = Outcome.objects.create(
        challenge=proposal.challenge,
        title=proposal.title,
        description=proposal.description,
        outcome_area=area,
    )
    OutcomeEvent.objects.create(
        outcome=outcome,
        kind=OutcomeEvent.Kind.ACCEPTED,
        proposal=proposal,
        title=outcome.title,
        description=outcome.description,
        note=note,
    )
    model_update(
        proposal,
        status=Proposal.Status.ACCEPTED,
        outcome=outcome,
        decision_note=note,
        decided_at=timezone.now(),
    )
    _tell_proposer(proposal, f"“{proposal.title}” is now one of the outcomes.")
    return outcome


@transaction.atomic
def proposal_merge(
    *,
    commissioner: Member,
    proposal: Proposal,
    into: Outcome,
    title: str = "",
    description: str = "",
    note: str = "",
) -> Outcome:
    """Fold a proposal into an existing outcome, optionally rewording it; both wordings stay
    in the outcome's history."""
    proposal = _decidable(commissioner, proposal)
    if into.challenge_id != proposal.challenge_id:
        raise CommissioningError(message=MERGE_INTO_OTHER_CHALLENGE, field="into")
    model_update(
        into,
        title=title.strip() or into.title,
        description=description.strip() or into.description,
    )
    OutcomeEvent.objects.create(
        outcome=into,
        kind=OutcomeEvent.Kind.MERGED,
        proposal=proposal,
        title=into.title,
        description=into.description,
        note=note,
    )
    model_update(
        proposal,
        status=Proposal.Status.MERGED,
        outcome=into,
        decision_note=note,
        decided_at=timezone.now(),
    )
    _tell_proposer(proposal, f"“{proposal.title}” is merged into the outcome “{into.title}”.")
    return into


@transaction.atomic
def proposal_decline(*, commissioner: Member, proposal: Proposal, note: str) -> Proposal:
    proposal = _decidable(commissioner, proposal)
    model_update(
        proposal, status=Proposal.Status.DECLINED, decision_note=note, decided_at=timezone.now()
    )
    _tell_proposer(proposal, f"“{proposal.title}” is not taken forward. {note}".strip())
    return proposal


@transaction.atomic
def comment_post(
    *,
    challenge: Challenge,
    body: str,
    member: Member | None = None,
    guest: Invitation | None = None,
    parent: Comment | None = None,
) -> Comment:
    author = _author(challenge, member, guest)
    if not challenge.is_open:
        require_stage(challenge, Stage.OUTCOMES)  # raises: the challenge has ended
    if not body.strip():
        raise CommissioningError(message=EMPTY_TEXT, field="body")
    if parent is not None and parent.challenge_id != challenge.pk:
        raise CommissioningError(message=REPLY_ELSEWHERE)
    comment = Comment(challenge=challenge, parent=parent, body=body.strip(), **author)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def comment_hide(*, moderator: Member, comment: Comment, reason: str) -> Comment:
    """Hide a comment, as circles do: the reason shows in its place, replies stay."""
    if not (moderator.user.is_staff or comment.challenge.commissioner_id == moderator.pk):
        raise CommissioningError(message=ONLY_MODERATORS_HIDE)
    if not reason.strip():
        raise CommissioningError(message=HIDE_NEEDS_REASON, field="reason")
    if comment.hidden_at is None:
        model_update(
            comment, hidden_at=timezone.now(), hidden_by=moderator, hidden_reason=reason.strip()
        )
    return comment
