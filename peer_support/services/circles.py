"""Circles and membership: creating and closing circles, requests to join, invitations, the
agreement, leaving and removal."""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from core.services import model_update
from network.models import Member, Place
from network.slugs import unique_slug
from notifications.models import Kind
from notifications.services import notify
from peer_support import errors, events
from peer_support.models import (
    INVITATION_LIFETIME,
    Circle,
    CircleMembership,
    Invitation,
    JoinRequest,
    Presence,
)
from peer_support.services import rules
from peer_support.services.rules import lock, membership_of, require_facilitator, require_open
from privacy.models import AuditEntry
from privacy.services.audit import audit_record

RESERVED_SLUGS = frozenset({"new", "invitations"})


def _add_member(circle: Circle, member: Member) -> CircleMembership:
    """Make `member` active in a locked `circle`, reusing a past membership row."""
    require_open(circle)
    membership = membership_of(circle, member)
    if membership and membership.status == CircleMembership.Status.ACTIVE:
        raise errors.AlreadyMember()
    if CircleMembership.objects.filter(circle=circle).active().count() >= circle.size_limit:
        raise errors.CircleFull()
    membership = membership or CircleMembership(circle=circle, member=member)
    model_update(
        membership,
        status=CircleMembership.Status.ACTIVE,
        agreement_accepted_at=None,  # the agreement is accepted again on each joining
        joined_at=timezone.now(),
        ended_at=None,
        # New joiners start with nothing unread: history is there to read, not to nag about.
        digest_sent_up_to=circle.messages.aggregate(m=Max("id"))["m"] or 0,
    )
    return membership


@transaction.atomic
def circle_create(
    *,
    name: str,
    purpose: str,
    facilitator: Member,
    theme: str = "",
    place: Place | None = None,
    size_limit: int = 12,
    admission: str = Circle.Admission.OPEN,
) -> Circle:
    slug = unique_slug(Circle, name, max_length=150, fallback="circle")
    if slug in RESERVED_SLUGS:  # paths of their own under /circles/
        slug = unique_slug(Circle, f"{name} circle", max_length=150, fallback="circle")
    circle = Circle(
        name=name,
        slug=slug,
        purpose=purpose,
        theme=theme,
        place=place,
        facilitator=facilitator,
        size_limit=size_limit,
        admission=admission,
    )
    circle.full_clean()
    circle.save()
    CircleMembership.objects.create(
        circle=circle,
        member=facilitator,
        role=CircleMembership.Role.FACILITATOR,
        agreement_accepted_at=timezone.now(),
    )
    return circle


@transaction.atomic
def circle_start(
    *,
    started_by: Member,
    name: str,
    purpose: str,
    theme: str = "",
    place: Place | None = None,
    size_limit: int = 12,
    admission: str = Circle.Admission.OPEN,
) -> Circle:
    """A circle started from the site by staff or a facilitator, who facilitates it."""
    if not rules.may_create_circles(started_by):
        raise errors.CannotCreateCircles()
    return circle_create(
        name=name,
        purpose=purpose,
        facilitator=started_by,
        theme=theme,
        place=place,
        size_limit=size_limit,
        admission=admission,
    )


@transaction.atomic
def join_request_create(*, circle: Circle, member: Member, note: str = "") -> JoinRequest:
    """Ask to join an open circle; the facilitator is told."""
    circle = lock(circle)
    require_open(circle)
    if not circle.is_open_to_join:
        raise errors.NotOpenToRequests()
    membership = membership_of(circle, member)
    if membership and membership.status == CircleMembership.Status.ACTIVE:
        raise errors.AlreadyMember()
    if JoinRequest.objects.filter(
        circle=circle, member=member, status=JoinRequest.Status.PENDING
    ).exists():
        raise errors.AlreadyRequested()
    request = JoinRequest(circle=circle, member=member, note=note.strip())
    request.full_clean()
    request.save()
    notify(
        to=circle.facilitator,
        template="peer_support/email/join_request",
        subject=f"{member.name} asks to join {circle.name}",
        kind=Kind.JOIN_REQUEST,
        context={"circle": circle, "join_request": request},
        url=circle.get_absolute_url(),
    )
    return request


@transaction.atomic
def join_request_decide(
    *, join_request: JoinRequest, decided_by: Member, approve: bool
) -> JoinRequest:
    circle = lock(join_request.circle)
    require_facilitator(circle, decided_by)
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequest.Status.PENDING:
        raise errors.AlreadyDecided()
    if approve:
        _add_member(circle, join_request.member)
    model_update(
        join_request,
        status=JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED,
        decided_at=timezone.now(),
    )
    notify(
        to=join_request.member,
        template="peer_support/email/join_decision",
        subject=(
            f"You're welcome in {circle.name}"
            if approve
            else f"Your request to join {circle.name} was declined"
        ),
        kind=Kind.CIRCLE_DECISION,
        context={"circle": circle, "approved": approve},
        url=(
            reverse("peer_support:circle_agreement", kwargs={"slug": circle.slug})
            if approve
            else reverse("peer_support:circle_list")
        ),
    )
    return join_request


@transaction.atomic
def invitation_create(*, circle: Circle, invited_by: Member, email: str) -> Invitation:
    """Invite someone by email; the link lets them join once they are a member."""
    circle = lock(circle)
    require_open(circle)
    require_facilitator(circle, invited_by)
    email = email.strip().lower()
    if (
        CircleMembership.objects.filter(circle=circle, member__user__email__iexact=email)
        .active()
        .exists()
    ):
        raise errors.AlreadyMember(
            message="That person is already a member of this circle.", field="email"
        )
    invitation = Invitation.objects.create(circle=circle, email=email, invited_by=invited_by)
    # Someone already on Common Ground is told on the site too, under their preferences.
    member = (
        Member.objects.filter(user__email__iexact=email, user__is_active=True)
        .select_related("user")
        .first()
    )
    notify(
        to=member or email,
        kind=Kind.CIRCLE_INVITATION,
        template="peer_support/email/invitation",
        subject=f"{invited_by.name} invites you to {circle.name}",
        context={"circle": circle, "invitation": invitation},
        url=invitation.get_absolute_url(),
    )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, member: Member) -> CircleMembership:
    circle = lock(invitation.circle)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if (
        invitation.accepted_at
        or invitation.is_expired
        or invitation.email.lower() != member.user.email.lower()
    ):
        raise errors.InvitationInvalid()
    membership = _add_member(circle, member)
    model_update(invitation, accepted_at=timezone.now())
    JoinRequest.objects.filter(
        circle=circle, member=member, status=JoinRequest.Status.PENDING
    ).update(status=JoinRequest.Status.APPROVED, decided_at=timezone.now())
    return membership


@transaction.atomic
def agreement_accept(*, circle: Circle, member: Member) -> CircleMembership:
    membership = membership_of(circle, member)
    if membership is None or membership.status != CircleMembership.Status.ACTIVE:
        raise errors.NotPermitted()
    if membership.agreement_accepted_at is None:
        model_update(membership, agreement_accepted_at=timezone.now())
    return membership


def _end_membership(circle: Circle, member: Member, status: str) -> CircleMembership:
    membership = membership_of(circle, member)
    if membership is None or membership.status != CircleMembership.Status.ACTIVE:
        raise errors.NotPermitted(message="They are not a member of this circle.")
    if membership.is_facilitator:
        raise errors.NotPermitted(
            message="The facilitator cannot leave or be removed from their circle."
        )
    model_update(membership, status=status, ended_at=timezone.now())
    events.disconnect_on_commit(
        events.membership_group(circle.pk, member.pk), code=errors.CLOSE_REMOVED
    )
    return membership


@transaction.atomic
def membership_leave(*, circle: Circle, member: Member) -> CircleMembership:
    return _end_membership(circle, member, CircleMembership.Status.LEFT)


@transaction.atomic
def membership_remove(*, circle: Circle, member: Member, removed_by: Member) -> CircleMembership:
    """Remove a member; their open sockets close at once."""
    require_facilitator(circle, removed_by)
    membership = _end_membership(circle, member, CircleMembership.Status.REMOVED)
    notify(
        to=member,
        template="peer_support/email/removal",
        subject=f"You are no longer a member of {circle.name}",
        kind=Kind.CIRCLE_REMOVAL,
        context={"circle": circle},
        url=reverse("peer_support:circle_list"),
    )
    audit_record(
        action=AuditEntry.Action.MEMBER_REMOVED, actor=removed_by, subject=member, circle=circle
    )
    return membership


@transaction.atomic
def circle_close(*, circle: Circle, closed_by: Member) -> Circle:
    """Close a circle: history stays readable to its members, every socket closes."""
    circle = lock(circle)
    require_facilitator(circle, closed_by)
    require_open(circle)
    model_update(circle, closed_at=timezone.now())
    audit_record(action=AuditEntry.Action.CIRCLE_CLOSED, actor=closed_by, circle=circle)
    JoinRequest.objects.filter(circle=circle, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.DECLINED, decided_at=timezone.now()
    )
    Presence.objects.filter(circle=circle).delete()
    events.disconnect_on_commit(events.circle_group(circle.pk), code=errors.CLOSE_CIRCLE_CLOSED)
    return circle


# An invitation link answers "expired" for this long after it expires, then is deleted, so
# the address of someone who never joined is not kept longer than it is useful.
EXPIRED_INVITATIONS_KEPT = dt.timedelta(days=30)


def invitations_expire(*, now: dt.datetime | None = None) -> int:
    """Delete invitations nobody accepted, once they have been expired for a while."""
    now = now or timezone.now()
    deleted, _ = Invitation.objects.filter(
        accepted_at__isnull=True,
        created_at__lt=now - INVITATION_LIFETIME - EXPIRED_INVITATIONS_KEPT,
    ).delete()
    return deleted
