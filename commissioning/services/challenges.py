"""Opening a challenge, inviting people to it, and moving it from stage to stage."""

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commissioning.models import Appraisal, Challenge, Invitation, Stage
from commissioning.services.rules import (
    ONLY_COMMISSIONERS_OPEN,
    CommissioningError,
    lock,
    require_commissioner,
)
from core.services import model_update
from network.models import Member, Place
from notifications.models import Kind
from notifications.services import notify

GUEST_SALT = "commissioning.guest"
GUEST_LINK_INVALID = "This invitation link is not valid, or has been withdrawn."
NEXT_STAGE = {
    Stage.OUTCOMES: Stage.RESOURCES,
    Stage.RESOURCES: Stage.METHODS,
    Stage.METHODS: Stage.AWARDED,
}
STAGE_NOT_NEXT = "A challenge moves one stage at a time: from {current} it can go to {next}."
NEEDS_OUTCOMES = "Agree at least one outcome before mapping resources."
NEEDS_CHOSEN_METHOD = "Choose a method in the option appraisal before recording the award."
LOTS_NOT_AWARDED = "Award every lot before marking the challenge awarded ({count} still open)."
ALREADY_ENDED = "This challenge has already ended."
INVITE_SELF = "You are the commissioner; you do not need an invitation."


@transaction.atomic
def challenge_save(
    *,
    commissioner: Member,
    challenge: Challenge | None = None,
    title: str,
    summary: str,
    place: Place,
    visibility: str = Challenge.Visibility.PLACE,
    short_form_below: str = "250k_1m",
) -> Challenge:
    """Open a challenge (commissioners only) or change its description (its commissioner)."""
    fields = {
        "title": title.strip(),
        "summary": summary.strip(),
        "place": place,
        "visibility": visibility,
        "short_form_below": short_form_below,
    }
    if challenge is None:
        if commissioner.role != Member.Role.COMMISSIONER:
            raise CommissioningError(message=ONLY_COMMISSIONERS_OPEN)
        challenge = Challenge(commissioner=commissioner, **fields)
        challenge.full_clean()
        challenge.save()
        return challenge
    require_commissioner(commissioner, challenge)
    model_update(challenge, **fields)
    return challenge


@transaction.atomic
def stage_advance(*, member: Member, challenge: Challenge, to: str) -> Challenge:
    """Move to the next stage, or close; only the commissioner, and only forwards."""
    require_commissioner(member, challenge)
    challenge = lock(challenge)
    if not challenge.is_open:
        raise CommissioningError(message=ALREADY_ENDED)
    if to != Stage.CLOSED:
        following = NEXT_STAGE[challenge.stage]
        if to != following:
            raise CommissioningError(
                message=STAGE_NOT_NEXT,
                current=Stage(challenge.stage).label,
                next=f"{Stage(following).label} (or be closed)",
            )
        _check_ready(challenge, to)
    challenge.stage = to
    challenge.stage_changed_at = timezone.now()
    challenge.save(update_fields=["stage", "stage_changed_at"])
    invited = Member.objects.filter(
        challenge_invitations__challenge=challenge, challenge_invitations__revoked_at__isnull=True
    ).select_related("user")
    if invited:
        stage = Stage(to).label
        notify(
            to=list(invited),
            template="commissioning/email/stage",
            subject=f"{challenge.title}: now at {stage}",
            kind=Kind.CHALLENGE_UPDATE,
            context={"challenge": challenge, "stage": stage},
            url=challenge.get_absolute_url(),
            text=f"{challenge.title} has moved to {stage}.",
        )
    return challenge


def _check_ready(challenge: Challenge, to: str) -> None:
    if to == Stage.RESOURCES and not challenge.outcomes.exists():
        raise CommissioningError(message=NEEDS_OUTCOMES)
    if to == Stage.AWARDED:
        if not challenge.appraisals.filter(verdict=Appraisal.Verdict.CHOSEN).exists():
            raise CommissioningError(message=NEEDS_CHOSEN_METHOD)
        open_lots = challenge.lots.filter(awarded_to__isnull=True).count()
        if open_lots:
            raise CommissioningError(message=LOTS_NOT_AWARDED, count=open_lots)


@transaction.atomic
def member_invite(*, commissioner: Member, challenge: Challenge, member: Member) -> Invitation:
    require_commissioner(commissioner, challenge)
    if member.pk == commissioner.pk:
        raise CommissioningError(message=INVITE_SELF)
    invitation, created = Invitation.objects.get_or_create(challenge=challenge, member=member)
    if invitation.revoked_at is not None:
        model_update(invitation, revoked_at=None)
        created = True
    if created:
        notify(
            to=member,
            template="commissioning/email/invited",
            subject=f"You are invited to shape {challenge.title}",
            kind=Kind.CHALLENGE_UPDATE,
            context={"challenge": challenge, "commissioner": commissioner},
            url=challenge.get_absolute_url(),
            text=f"{commissioner.name} invites you to shape {challenge.title}.",
        )
    return invitation


@transaction.atomic
def guest_invite(*, commissioner: Member, challenge: Challenge, name: str) -> str:
    """Invite someone with lived experience by link; returns the link's path to pass on."""
    require_commissioner(commissioner, challenge)
    invitation = Invitation(challenge=challenge, guest_name=name.strip())
    invitation.full_clean()
    invitation.save()
    return guest_path(invitation)


def guest_path(invitation: Invitation) -> str:
    token = signing.dumps(invitation.pk, salt=GUEST_SALT)
    return reverse("commissioning:guest", kwargs={"token": token})


def guest_from_token(token: str) -> Invitation:
    try:
        pk = signing.loads(token, salt=GUEST_SALT)
    except signing.BadSignature as error:
        raise CommissioningError(message=GUEST_LINK_INVALID) from error
    invitation = (
        Invitation.objects.select_related("challenge__place", "challenge__commissioner__user")
        .filter(pk=pk, member__isnull=True, revoked_at__isnull=True)
        .first()
        if isinstance(pk, int)
        else None
    )
    if invitation is None:
        raise CommissioningError(message=GUEST_LINK_INVALID)
    return invitation


@transaction.atomic
def invitation_revoke(*, commissioner: Member, invitation: Invitation) -> Invitation:
    require_commissioner(commissioner, invitation.challenge)
    if invitation.revoked_at is None:
        model_update(invitation, revoked_at=timezone.now())
    return invitation
