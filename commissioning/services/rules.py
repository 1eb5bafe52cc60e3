"""Who may do what, at which stage: the checks every commissioning service shares."""

from django.db.models import Q

from commissioning.models import Challenge, Invitation, Stage
from core.errors import DomainError
from network.models import Member, Place

NOT_VISIBLE = "This challenge is not open to you."
ONLY_COMMISSIONER = "Only the challenge's commissioner can do that."
ONLY_COMMISSIONERS_OPEN = "Only commissioners open commissioning challenges."
WRONG_STAGE = "That belongs to the {stage} stage; this challenge is at {current}."
CHALLENGE_ENDED = "This challenge has ended."


class CommissioningError(DomainError):
    """Something asked of a commissioning challenge that cannot be done."""

    code = "commissioning_refused"


def member_place_ids(member: Member) -> set[int]:
    """The places a member is in: their organisation's, the places their profile serves, and
    the regions those sit in. A challenge open to its place is open to them there."""
    rows = Place.objects.filter(
        Q(pk=member.organisation.place_id)
        | Q(areas=member.organisation.place_id)
        | Q(match_profiles__member=member)
        | Q(areas__match_profiles__member=member)
    ).values_list("pk", flat=True)
    return set(rows)


def visible_filter(member: Member) -> Q:
    """Challenges `member` may see, as a filter (staff see every one: see `can_view`)."""
    return (
        Q(commissioner=member)
        | Q(invitations__member=member, invitations__revoked_at__isnull=True)
        | Q(lots__evaluators__member=member)
        | Q(visibility=Challenge.Visibility.PLACE, place__in=member_place_ids(member))
    )


def can_view(member: Member, challenge: Challenge) -> bool:
    if member.user.is_staff or challenge.commissioner_id == member.pk:
        return True
    return Challenge.objects.filter(visible_filter(member), pk=challenge.pk).exists()


def require_viewer(member: Member, challenge: Challenge) -> None:
    if not can_view(member, challenge):
        raise CommissioningError(message=NOT_VISIBLE)


def require_guest(guest: Invitation, challenge: Challenge) -> None:
    if guest.challenge_id != challenge.pk or guest.revoked_at is not None:
        raise CommissioningError(message=NOT_VISIBLE)


def require_commissioner(member: Member, challenge: Challenge) -> None:
    if challenge.commissioner_id != member.pk:
        raise CommissioningError(message=ONLY_COMMISSIONER)


def require_stage(challenge: Challenge, *stages: str) -> None:
    if challenge.stage in stages:
        return
    if not challenge.is_open:
        raise CommissioningError(message=CHALLENGE_ENDED)
    raise CommissioningError(
        message=WRONG_STAGE,
        stage=" or ".join(Stage(s).label.split(". ")[-1].lower() for s in stages),
        current=Stage(challenge.stage).label.split(". ")[-1].lower(),
    )


def lock(challenge: Challenge) -> Challenge:
    """The challenge row, locked, so a stage change and a write to the stage never cross."""
    return Challenge.objects.select_for_update().get(pk=challenge.pk)
