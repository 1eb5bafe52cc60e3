"""Erasing an account: what happens to each kind of record that points at a member or user.

`account_erase` runs every rule in `privacy.rules.RULES` in order. Changes that other people
must hear about go through the owning app's services (bookings are cancelled with notice, a
masterclass place is released and the waiting list moves up); the rest are plain deletes or
scrubs. What remains is a pseudonymous remainder: a `Member` row with no name, no address and
no profile, kept so that other people's records (past bookings, closed circles) still read
("Former member") and so that the erasure itself is on record.
"""

import contextlib
import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError
from network.models import Member, User
from privacy.models import FORMER_MEMBER, AuditEntry, Erasure

ERASE_WRONG_PASSWORD = "That is not your password. Type the password you log in with."
ERASE_ALREADY = "This account has already been erased."
ERASE_FACILITATING = (
    "You facilitate {circles}. Close the circle, or ask staff to pass it to another "
    "facilitator, before you erase your account."
)
ERASE_COMMISSIONING = (
    "You commission {challenges}, still open. Close them, or ask staff to hand them to "
    "another commissioner, before you erase your account."
)
CLOSING_REASON = "They have closed their Common Ground account."


class ErasureError(DomainError):
    code = "erasure_refused"


@dataclass
class ErasureContext:
    """What every rule's eraser is given."""

    member: Member
    user: User
    keep_messages: bool
    now: dt.datetime
    email: str  # the address as it was, for the records that hold it as text


def _lock_member(member: Member) -> Member:
    """One erasure at a time per member. NO KEY: rows written meanwhile that point at the
    member (a notification to them from a booking being confirmed) must not wait on this lock
    while this erasure waits on theirs."""
    return (
        Member.objects.select_for_update(of=("self",), no_key=True)
        .select_related("user")
        .get(pk=member.pk)
    )


def _open_circles_facilitated(member: Member) -> list[str]:
    from peer_support.models import Circle

    return list(Circle.objects.active().filter(facilitator=member).values_list("name", flat=True))


def _open_challenges_commissioned(member: Member) -> list[str]:
    from commissioning.models import Challenge, Stage

    open_stages = (Stage.OUTCOMES, Stage.RESOURCES, Stage.METHODS)
    return list(
        Challenge.objects.filter(commissioner=member, stage__in=open_stages).values_list(
            "title", flat=True
        )
    )


def erasure_check(*, member: Member) -> None:
    """Refuse early what `account_erase` would refuse, so the page can say so first."""
    if hasattr(member, "erasure") or Erasure.objects.filter(member=member).exists():
        raise ErasureError(message=ERASE_ALREADY)
    circles = _open_circles_facilitated(member)
    if circles:
        raise ErasureError(message=ERASE_FACILITATING, circles=", ".join(circles))
    challenges = _open_challenges_commissioned(member)
    if challenges:
        raise ErasureError(message=ERASE_COMMISSIONING, challenges=", ".join(challenges))


@transaction.atomic
def account_erase(
    *,
    member: Member,
    password: str,
    keep_messages: bool = False,
    now: dt.datetime | None = None,
) -> Erasure:
    """Erase `member`'s account once they have typed their password again.

    Everything happens in one transaction, holding the member's row: the notices to other
    people are sent only once it has committed.
    """
    from privacy.rules import RULES

    member = _lock_member(member)
    if not member.user.check_password(password or ""):
        raise ErasureError(message=ERASE_WRONG_PASSWORD, field="password")
    erasure_check(member=member)
    context = ErasureContext(
        member=member,
        user=member.user,
        keep_messages=keep_messages,
        now=now or timezone.now(),
        email=member.user.email,
    )
    for rule in RULES:
        rule.erase(context)
    erasure = Erasure.objects.create(
        member=member, erased_at=context.now, messages_kept=keep_messages
    )
    AuditEntry.objects.create(
        action=AuditEntry.Action.ACCOUNT_ERASED,
        subject=member,
        subject_label=f"{FORMER_MEMBER} #{member.pk}",
        actor_label=f"{FORMER_MEMBER} #{member.pk}",
        detail="Erased at their own request.",
        created_at=context.now,
    )
    return erasure


# --- The erasers each rule names ----------------------------------------------------------


def keep(context: ErasureContext) -> None:
    """Kept as it is: the rule's note says why."""


def _deleter(model_label: str, *lookups: str):
    """An eraser deleting the rows of `model_label` where any of `lookups` is the member
    (`member`, `other`) or the user (`user`)."""
    from django.apps import apps
    from django.db.models import Q

    def erase(context: ErasureContext) -> None:
        model = apps.get_model(model_label)
        condition = Q()
        for lookup in lookups:
            target = context.user if lookup.endswith("user") else context.member
            condition |= Q(**{lookup: target})
        model.objects.filter(condition).delete()

    erase.__doc__ = f"Delete {model_label} rows of theirs."
    return erase


def _unlinker(model_label: str, field: str):
    """An eraser leaving the rows but dropping the link (the field is nullable)."""
    from django.apps import apps

    def erase(context: ErasureContext) -> None:
        model = apps.get_model(model_label)
        target = context.user if field.endswith("user") or field in _USER_FIELDS else context.member
        model.objects.filter(**{field: target}).update(**{field: None})

    erase.__doc__ = f"Keep {model_label} rows, without the link to them ({field})."
    return erase


_USER_FIELDS = {"owner", "locked_by", "requested_by", "finished_by", "resolved_by"}


def bookings_cancel(context: ErasureContext) -> None:
    """Cancel their sessions still to come, through the booking service, so the other person
    is told (on site and by email, with a calendar cancellation). Past sessions stay in the
    other person's history, with them shown as a former member."""
    from network.models import Availability, Booking
    from network.services.bookings import booking_cancel

    def cancel_upcoming() -> None:
        upcoming = (
            Booking.objects.active()
            .involving(context.member.pk)
            .filter(ends_at__gt=context.now)
            .with_people()
        )
        for booking in upcoming:
            if booking.is_active:
                booking_cancel(
                    booking=booking,
                    by=context.member,
                    reason=CLOSING_REASON,
                    now=context.now,
                    closing_account=True,
                )

    cancel_upcoming()
    # Hold their booking rules so no one books them from here on, then catch any request
    # that committed while the first pass ran.
    list(Availability.objects.select_for_update().filter(member=context.member))
    cancel_upcoming()
    Availability.objects.filter(member=context.member).delete()


def opportunities_close(context: ErasureContext) -> None:
    """Close their open opportunities; they stay as records of what was commissioned."""
    from network.models import Opportunity

    Opportunity.objects.filter(commissioner=context.member, status=Opportunity.Status.OPEN).update(
        status=Opportunity.Status.CLOSED
    )


def registrations_release(context: ErasureContext) -> None:
    """Give up their masterclass places and waiting-list entries for sessions to come,
    through the registration service, so the next person on the waiting list moves up.
    Past attendance stays, as a former member's, for the attendance figures."""
    from masterclasses.models import Registration
    from masterclasses.services import registration_cancel

    upcoming = (
        Registration.objects.active()
        .filter(member=context.member, session__start__gt=context.now)
        .select_related("session")
    )
    for registration in upcoming:
        registration_cancel(member=context.member, session=registration.session)


def memberships_end(context: ErasureContext) -> None:
    """Leave every circle they are in; their open sockets close at once."""
    from peer_support.models import CircleMembership
    from peer_support.services.circles import membership_leave

    active = CircleMembership.objects.active().filter(member=context.member)
    for membership in active.select_related("circle"):
        if membership.is_facilitator:  # only closed circles get here (erasure_check)
            continue
        membership_leave(circle=membership.circle, member=context.member)


def invitations_delete(context: ErasureContext) -> None:
    """Invitations they sent that nobody took up, and any sent to their address."""
    from peer_support.models import Invitation

    Invitation.objects.filter(invited_by=context.member, accepted_at__isnull=True).delete()
    Invitation.objects.filter(email__iexact=context.email).delete()


def messages_anonymise(context: ErasureContext) -> None:
    """Their messages stay in their threads as a former member's: the words removed, unless
    they chose to leave them there without their name."""
    from peer_support.models import Message

    mine = Message.objects.filter(author=context.member)
    if context.keep_messages:
        mine.update(author=None)
    else:
        mine.update(author=None, body="", deleted_at=context.now)


def audit_anonymise(context: ErasureContext) -> None:
    """The log keeps what was done and when; their name goes."""
    AuditEntry.objects.filter(actor=context.member).update(actor=None, actor_label=FORMER_MEMBER)
    AuditEntry.objects.filter(subject=context.member).update(
        subject=None, subject_label=FORMER_MEMBER
    )


def exports_delete(context: ErasureContext) -> None:
    """Archives they asked for, files and all."""
    from privacy.models import DataExport
    from privacy.services.export import export_delete

    for export in DataExport.objects.filter(member=context.member):
        export_delete(export=export)


def emails_forget(context: ErasureContext) -> None:
    """Their addresses go, so the address is free to join again; emails still waiting to be
    sent to it are dropped, the notices of this erasure to them among them."""
    from allauth.account.models import EmailAddress

    from notifications.models import OutgoingEmail

    EmailAddress.objects.filter(user=context.user).delete()
    OutgoingEmail.objects.filter(to__iexact=context.email).delete()


def member_scrub(context: ErasureContext) -> None:
    """What remains: a member with no name, no profile and no way in."""
    member, user = context.member, context.user
    member.job_title = ""
    member.bio = ""
    member.listed_in_directory = False
    member.show_organisation = False
    member.show_email = False
    member.save(
        update_fields=[
            "job_title",
            "bio",
            "listed_in_directory",
            "show_organisation",
            "show_email",
            "updated_at",
        ]
    )
    user.email = f"erased-{user.pk}@erased.invalid"
    user.first_name, user.last_name = FORMER_MEMBER.split(" ", 1)
    user.set_unusable_password()  # also ends every session signed in with the old one
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


def pages_release(context: ErasureContext) -> None:
    """CMS pages they own or locked: kept, without the owner, and unlocked."""
    from wagtail.models import Page

    Page.objects.filter(owner=context.user).update(owner=None)
    Page.objects.filter(locked_by=context.user).update(locked_by=None, locked=False)


def comments_delete(context: ErasureContext) -> None:
    """Their comments on drafts in the CMS go; comments they resolved stay, unlinked."""
    from wagtail.models import Comment

    Comment.objects.filter(user=context.user).delete()
    Comment.objects.filter(resolved_by=context.user).update(resolved_by=None)


def questions_anonymise(context: ErasureContext) -> None:
    """Questions they asked in action-learning sets stay as a former member's, the words
    removed unless they chose to leave their messages."""
    from peer_support.models import ActionLearningQuestion

    mine = ActionLearningQuestion.objects.filter(author=context.member)
    if context.keep_messages:
        mine.update(author=None)
    else:
        mine.delete()


# --- Commissioning (issue 13) -------------------------------------------------------------


def challenge_invitations_revoke(context: ErasureContext) -> None:
    """Their invitations to challenges end; the rows stay as the record of who was asked."""
    from commissioning.models import Invitation

    Invitation.objects.filter(member=context.member, revoked_at__isnull=True).update(
        revoked_at=context.now
    )


def proposals_withdraw(context: ErasureContext) -> None:
    """Proposals nobody has decided on are withdrawn, unless they chose to leave their words
    (then they stay, as a former member's, for the commissioner to decide). Decided ones
    stay: the commissioner's decision and the outcome's history rest on them."""
    from commissioning.models import Proposal

    if not context.keep_messages:
        Proposal.objects.filter(author_member=context.member, status=Proposal.Status.OPEN).delete()


def challenge_comments_anonymise(context: ErasureContext) -> None:
    """Comments stay in their thread (replies hang off them) as a former member's, the words
    removed unless they chose to leave them; comments they hid stay hidden, without who hid
    them."""
    from commissioning.models import Comment

    if not context.keep_messages:
        Comment.objects.filter(author_member=context.member).update(body="")
    Comment.objects.filter(hidden_by=context.member).update(hidden_by=None)


def consortium_invitations_decline(context: ErasureContext) -> None:
    """Invitations to join a consortium they have not answered are declined, through the
    service while the lot is open so the lead is told; answered ones stay as the
    consortium's record."""
    from commissioning.models import ConsortiumPartner
    from commissioning.services.taking_part import consortium_answer

    pending = ConsortiumPartner.objects.filter(
        member=context.member, status=ConsortiumPartner.Status.INVITED
    )
    for invitation in pending.select_related("expression__lot", "expression__lead"):
        # Where the lot has closed nobody is waiting for the answer: declined below, untold.
        with contextlib.suppress(DomainError):
            consortium_answer(member=context.member, invitation=invitation, accept=False)
    pending.update(status=ConsortiumPartner.Status.DECLINED, answered_at=context.now)


def evaluator_places_leave(context: ErasureContext) -> None:
    """They leave the panels of lots not yet awarded; on awarded lots the record of who
    evaluated stays, naming a former member."""
    from commissioning.models import Evaluator

    Evaluator.objects.filter(member=context.member, lot__awarded_to__isnull=True).delete()
