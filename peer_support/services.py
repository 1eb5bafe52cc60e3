"""Everything in `peer_support` that writes.

Every service validates before it saves, runs in one transaction and, where others should see
the change live, builds an event and sends it only after commit (`events.broadcast_on_commit`).
"""

import re
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from network.models import Member, Place
from network.slugs import unique_slug
from peer_support import errors, events
from peer_support.models import (
    MESSAGE_MAX_LENGTH,
    Circle,
    CircleMembership,
    Invitation,
    JoinRequest,
    Mention,
    Message,
    Presence,
    Report,
    Thread,
    ThreadState,
)
from peer_support.selectors import message_payload, present_members

# A member may send this many messages (posts and edits) in this many seconds.
RATE_LIMIT = getattr(settings, "PEER_SUPPORT_RATE_LIMIT", (8, 10))


# --- Helpers ------------------------------------------------------------------------------


def _membership(circle: Circle, member: Member) -> CircleMembership | None:
    return CircleMembership.objects.filter(circle=circle, member=member).first()


def _require_participant(circle: Circle, member: Member) -> CircleMembership:
    membership = _membership(circle, member)
    if membership is None or not membership.is_participating:
        raise errors.NotPermitted()
    return membership


def _require_facilitator(circle: Circle, member: Member) -> CircleMembership:
    membership = _require_participant(circle, member)
    if not membership.is_facilitator:
        raise errors.NotPermitted("Only the circle's facilitator can do that.")
    return membership


def _require_open(circle: Circle) -> None:
    if circle.is_closed:
        raise errors.CircleClosed()


def _lock(circle: Circle) -> Circle:
    """Lock the circle row: serialises joins (size limit) and message ids (commit order)."""
    return Circle.objects.select_for_update().get(pk=circle.pk)


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise errors.MessageEmpty()
    if len(body) > MESSAGE_MAX_LENGTH:
        raise errors.MessageTooLong()
    return body


def _check_rate(member: Member) -> None:
    """At most `limit` posts in the `seconds` after a member's first post of a burst.

    The window opens with the first post rather than on the clock's boundaries, so a burst
    straddling a boundary cannot get twice the limit through.
    """
    limit, seconds = RATE_LIMIT
    key = f"peer_support:rate:{member.pk}"
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)  # keeps the key's expiry
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        count = 1
    if count > limit:
        raise errors.RateLimited()


def _notify(member: Member, subject: str, template: str, context: dict[str, Any]) -> None:
    """Email a member once the transaction has committed."""
    body = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    email = member.user.email
    transaction.on_commit(
        lambda: send_mail(f"[Common Ground] {subject}", body, None, [email], fail_silently=False)
    )


def _add_member(circle: Circle, member: Member) -> CircleMembership:
    """Make `member` active in a locked `circle`, reusing a past membership row."""
    _require_open(circle)
    membership = _membership(circle, member)
    if membership and membership.status == CircleMembership.Status.ACTIVE:
        raise errors.AlreadyMember()
    if CircleMembership.objects.filter(circle=circle).active().count() >= circle.size_limit:
        raise errors.CircleFull()
    membership = membership or CircleMembership(circle=circle, member=member)
    membership.status = CircleMembership.Status.ACTIVE
    membership.agreement_accepted_at = None  # the agreement is accepted again on each joining
    membership.joined_at = timezone.now()
    membership.ended_at = None
    # New joiners start with nothing unread: history is there to read, not to be nagged about.
    membership.digest_sent_up_to = circle.messages.aggregate(m=Max("id"))["m"] or 0
    membership.save()
    return membership


# --- Circles and membership ---------------------------------------------------------------


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
    circle = Circle(
        name=name,
        slug=unique_slug(Circle, name, max_length=150, fallback="circle"),
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
def join_request_create(*, circle: Circle, member: Member, note: str = "") -> JoinRequest:
    """Ask to join an open circle; the facilitator is told by email."""
    circle = _lock(circle)
    _require_open(circle)
    if not circle.is_open_to_join:
        raise errors.NotOpenToRequests()
    membership = _membership(circle, member)
    if membership and membership.status == CircleMembership.Status.ACTIVE:
        raise errors.AlreadyMember()
    if JoinRequest.objects.filter(
        circle=circle, member=member, status=JoinRequest.Status.PENDING
    ).exists():
        raise errors.AlreadyRequested()
    request = JoinRequest(circle=circle, member=member, note=note.strip())
    request.full_clean()
    request.save()
    _notify(
        circle.facilitator,
        f"{member.name} asks to join {circle.name}",
        "peer_support/email/join_request.txt",
        {"circle": circle, "join_request": request},
    )
    return request


@transaction.atomic
def join_request_decide(
    *, join_request: JoinRequest, decided_by: Member, approve: bool
) -> JoinRequest:
    circle = _lock(join_request.circle)
    _require_facilitator(circle, decided_by)
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequest.Status.PENDING:
        raise errors.CircleError("This request has already been answered.")
    if approve:
        _add_member(circle, join_request.member)
    join_request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_at"])
    _notify(
        join_request.member,
        f"Your request to join {circle.name}",
        "peer_support/email/join_decision.txt",
        {"circle": circle, "approved": approve},
    )
    return join_request


@transaction.atomic
def invitation_create(*, circle: Circle, invited_by: Member, email: str) -> Invitation:
    """Invite someone by email; the link lets them join once they are a member."""
    circle = _lock(circle)
    _require_open(circle)
    _require_facilitator(circle, invited_by)
    email = email.strip().lower()
    if (
        CircleMembership.objects.filter(circle=circle, member__user__email__iexact=email)
        .active()
        .exists()
    ):
        raise errors.AlreadyMember("That person is already a member of this circle.")
    invitation = Invitation.objects.create(circle=circle, email=email, invited_by=invited_by)
    body = render_to_string(
        "peer_support/email/invitation.txt",
        {"circle": circle, "invitation": invitation, "site_url": settings.SITE_URL},
    )
    transaction.on_commit(
        lambda: send_mail(
            f"[Common Ground] {invited_by.name} invites you to {circle.name}", body, None, [email]
        )
    )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, member: Member) -> CircleMembership:
    circle = _lock(invitation.circle)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if (
        invitation.accepted_at
        or invitation.is_expired
        or invitation.email.lower() != member.user.email.lower()
    ):
        raise errors.InvitationInvalid()
    membership = _add_member(circle, member)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    JoinRequest.objects.filter(
        circle=circle, member=member, status=JoinRequest.Status.PENDING
    ).update(status=JoinRequest.Status.APPROVED, decided_at=timezone.now())
    return membership


@transaction.atomic
def agreement_accept(*, circle: Circle, member: Member) -> CircleMembership:
    membership = _membership(circle, member)
    if membership is None or membership.status != CircleMembership.Status.ACTIVE:
        raise errors.NotPermitted()
    if membership.agreement_accepted_at is None:
        membership.agreement_accepted_at = timezone.now()
        membership.save(update_fields=["agreement_accepted_at"])
    return membership


def _end_membership(circle: Circle, member: Member, status: str) -> CircleMembership:
    membership = _membership(circle, member)
    if membership is None or membership.status != CircleMembership.Status.ACTIVE:
        raise errors.NotPermitted("They are not a member of this circle.")
    if membership.is_facilitator:
        raise errors.NotPermitted("The facilitator cannot leave or be removed from their circle.")
    membership.status = status
    membership.ended_at = timezone.now()
    membership.save(update_fields=["status", "ended_at"])
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
    _require_facilitator(circle, removed_by)
    return _end_membership(circle, member, CircleMembership.Status.REMOVED)


@transaction.atomic
def circle_close(*, circle: Circle, closed_by: Member) -> Circle:
    """Close a circle: history stays readable to its members, every socket closes."""
    circle = _lock(circle)
    _require_facilitator(circle, closed_by)
    _require_open(circle)
    circle.closed_at = timezone.now()
    circle.save(update_fields=["closed_at"])
    JoinRequest.objects.filter(circle=circle, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.DECLINED, decided_at=timezone.now()
    )
    Presence.objects.filter(circle=circle).delete()
    events.disconnect_on_commit(events.circle_group(circle.pk), code=errors.CLOSE_CIRCLE_CLOSED)
    return circle


@transaction.atomic
def meeting_update(
    *,
    circle: Circle,
    by: Member,
    starts_at: datetime | None,
    ends_at: datetime | None,
    link: str,
) -> Circle:
    _require_facilitator(circle, by)
    _require_open(circle)
    circle.next_meeting_starts_at = starts_at
    circle.next_meeting_ends_at = ends_at
    circle.next_meeting_link = link
    circle.full_clean()
    circle.save(
        update_fields=["next_meeting_starts_at", "next_meeting_ends_at", "next_meeting_link"]
    )
    return circle


# --- Discussion ---------------------------------------------------------------------------


def _mentioned(circle: Circle, body: str, author: Member) -> list[Member]:
    """`@First Last`, or `@First` when only one member has that first name."""
    members = [
        m.member
        for m in CircleMembership.objects.filter(circle=circle)
        .participating()
        .select_related("member__user")
        .exclude(member=author)
    ]
    lowered = body.lower()
    first_names: dict[str, int] = {}
    for member in members:
        first = member.user.first_name.lower()
        first_names[first] = first_names.get(first, 0) + 1
    found = []
    for member in members:
        full = member.user.get_full_name().lower()
        first = member.user.first_name.lower()
        if (full and f"@{full}" in lowered) or (
            first
            and first_names[first] == 1
            and re.search(rf"@{re.escape(first)}\b", lowered) is not None
        ):
            found.append(member)
    return found


def _record_mentions(message: Message, circle: Circle, author: Member) -> None:
    already = set(message.mentions.values_list("member_id", flat=True))
    muted = set(
        ThreadState.objects.filter(
            thread_id=message.thread_id, notify=ThreadState.Notify.MUTED
        ).values_list("member_id", flat=True)
    )
    for member in _mentioned(circle, message.body, author):
        if member.pk in already:
            continue
        Mention.objects.create(message=message, member=member)
        if member.pk in muted:
            continue
        events.broadcast_on_commit(
            events.membership_group(circle.pk, member.pk),
            {
                "type": "mention",
                "message": message.pk,
                "thread": message.thread_id,
                "by": author.name,
            },
        )
        _notify(
            member,
            f"{author.name} mentioned you in {circle.name}",
            "peer_support/email/mention.txt",
            {"circle": circle, "message": message, "author": author},
        )


@transaction.atomic
def thread_create(*, circle: Circle, author: Member, title: str, body: str) -> Thread:
    """Start a thread with its first message."""
    title = (title or "").strip()
    if not title:
        raise errors.CircleError("Give the thread a title.")
    circle = _lock(circle)
    _require_open(circle)
    _require_participant(circle, author)
    thread = Thread(circle=circle, title=title, started_by=author)
    thread.full_clean(exclude=["last_message_at"])
    thread.save()
    ThreadState.objects.create(thread=thread, member=author, notify=ThreadState.Notify.FOLLOWING)
    events.broadcast_on_commit(
        events.circle_group(circle.pk),
        {"type": "thread.created", "thread": {"id": thread.pk, "title": thread.title}},
    )
    message_post(thread=thread, author=author, body=body)
    return thread


@transaction.atomic
def message_post(*, thread: Thread, author: Member, body: str) -> Message:
    """Save a message, then (after commit) broadcast it: nothing acknowledged is lost."""
    body = _clean_body(body)
    circle = _lock(thread.circle)
    _require_open(circle)
    _require_participant(circle, author)
    _check_rate(author)
    now = timezone.now()
    message = Message.objects.create(
        thread=thread, circle=circle, author=author, body=body, created_at=now
    )
    Thread.objects.filter(pk=thread.pk).update(last_message_at=now)
    # Writing in a thread reads it up to here.
    ThreadState.objects.update_or_create(
        thread=thread, member=author, defaults={"last_read_message_id": message.pk}
    )
    _record_mentions(message, circle, author)
    message.author = author
    events.broadcast_on_commit(
        events.circle_group(circle.pk),
        {"type": "message.created", "message": message_payload(message)},
    )
    return message


def _own_live_message(message: Message, member: Member) -> Message:
    message = (
        Message.objects.select_for_update(of=("self",))
        .select_related("author__user")
        .get(pk=message.pk)
    )
    if message.author_id != member.pk:
        raise errors.NotPermitted("You can only change your own messages.")
    if message.is_removed:
        raise errors.MessageGone()
    _require_open(message.circle)
    _require_participant(message.circle, member)
    return message


@transaction.atomic
def message_edit(*, message: Message, editor: Member, body: str) -> Message:
    body = _clean_body(body)
    message = _own_live_message(message, editor)
    _check_rate(editor)
    message.body = body
    message.edited_at = timezone.now()
    message.save(update_fields=["body", "edited_at"])
    _record_mentions(message, message.circle, editor)
    events.broadcast_on_commit(
        events.circle_group(message.circle_id),
        {"type": "message.updated", "message": message_payload(message)},
    )
    return message


@transaction.atomic
def message_delete(*, message: Message, member: Member) -> Message:
    """Delete one's own message: the text is blanked, its place in the thread stays."""
    message = _own_live_message(message, member)
    message.deleted_at = timezone.now()
    message.body = ""
    message.save(update_fields=["deleted_at", "body"])
    events.broadcast_on_commit(
        events.circle_group(message.circle_id),
        {"type": "message.updated", "message": message_payload(message)},
    )
    return message


@transaction.atomic
def message_hide(*, message: Message, facilitator: Member) -> Message:
    message = (
        Message.objects.select_for_update(of=("self",))
        .select_related("author__user")
        .get(pk=message.pk)
    )
    _require_facilitator(message.circle, facilitator)
    if message.hidden_at is None:
        message.hidden_at = timezone.now()
        message.save(update_fields=["hidden_at"])
        events.broadcast_on_commit(
            events.circle_group(message.circle_id),
            {"type": "message.updated", "message": message_payload(message)},
        )
    Report.objects.filter(message=message, status=Report.Status.OPEN).update(
        status=Report.Status.HIDDEN, resolved_at=timezone.now()
    )
    return message


@transaction.atomic
def message_report(*, message: Message, reporter: Member, reason: str) -> Report:
    """Put a message in the facilitator's moderation queue, and tell them by email."""
    reason = (reason or "").strip()
    if not reason:
        raise errors.CircleError("Say briefly what concerns you about this message.")
    circle = message.circle
    _require_participant(circle, reporter)
    if message.is_removed:
        raise errors.MessageGone()
    if Report.objects.filter(
        message=message, reporter=reporter, status=Report.Status.OPEN
    ).exists():
        raise errors.AlreadyReported()
    report = Report(message=message, circle=circle, reporter=reporter, reason=reason)
    report.full_clean()
    report.save()
    _notify(
        circle.facilitator,
        f"A message in {circle.name} was reported",
        "peer_support/email/report.txt",
        {"circle": circle},
    )
    return report


@transaction.atomic
def report_dismiss(*, report: Report, facilitator: Member) -> Report:
    _require_facilitator(report.circle, facilitator)
    report.status = Report.Status.DISMISSED
    report.resolved_at = timezone.now()
    report.save(update_fields=["status", "resolved_at"])
    return report


# --- Read positions, follow and mute ------------------------------------------------------


@transaction.atomic
def thread_mark_read(*, thread: Thread, member: Member, up_to: int | None = None) -> ThreadState:
    """Move `member`'s read position forward (never back) to `up_to`, or the thread's end."""
    if up_to is None:
        up_to = thread.messages.aggregate(m=Max("id"))["m"] or 0
    state, _ = ThreadState.objects.select_for_update().get_or_create(thread=thread, member=member)
    if up_to > state.last_read_message_id:
        state.last_read_message_id = up_to
        state.save(update_fields=["last_read_message_id"])
    return state


@transaction.atomic
def thread_set_notify(*, thread: Thread, member: Member, notify: str) -> ThreadState:
    if notify not in ThreadState.Notify.values:
        raise errors.CircleError("Choose follow, normal or mute.")
    _require_participant(thread.circle, member)
    state, _ = ThreadState.objects.get_or_create(thread=thread, member=member)
    state.notify = notify
    state.save(update_fields=["notify"])
    return state


# --- Presence and typing (called by the consumer) ----------------------------------------


def _presence_event(circle_id: int) -> dict[str, Any]:
    return {"type": "presence", "members": present_members(circle_id=circle_id)}


@transaction.atomic
def presence_enter(*, circle: Circle, member: Member, channel_name: str) -> None:
    try:
        with transaction.atomic():
            Presence.objects.create(circle=circle, member=member, channel_name=channel_name)
    except IntegrityError:
        return
    events.broadcast_on_commit(events.circle_group(circle.pk), _presence_event(circle.pk))


@transaction.atomic
def presence_leave(*, circle_id: int, channel_name: str) -> None:
    deleted, _ = Presence.objects.filter(channel_name=channel_name).delete()
    if deleted:
        events.broadcast_on_commit(events.circle_group(circle_id), _presence_event(circle_id))


def typing_event(*, member: Member, thread_id: int) -> dict[str, Any]:
    return {"type": "typing", "thread": thread_id, "member": {"id": member.pk, "name": member.name}}


# --- Daily digest -------------------------------------------------------------------------


def digest_send() -> int:
    """Email each member a summary of unread messages not yet in an earlier digest.

    Safe to run more than once a day: a message is summarised at most once.
    """
    from peer_support.selectors import digest_for

    sent = 0
    members = Member.objects.filter(
        circle_memberships__status=CircleMembership.Status.ACTIVE,
        circle_memberships__agreement_accepted_at__isnull=False,
        circle_memberships__circle__closed_at__isnull=True,
        user__is_active=True,
    ).distinct()
    for member in members.select_related("user"):
        with transaction.atomic():
            sections = digest_for(member=member)
            if sections:
                body = render_to_string(
                    "peer_support/email/digest.txt",
                    {"member": member, "sections": sections, "site_url": settings.SITE_URL},
                )
                send_mail(
                    "[Common Ground] Unread messages in your circles",
                    body,
                    None,
                    [member.user.email],
                )
                sent += 1
            for section in sections:
                CircleMembership.objects.filter(pk=section["membership"].pk).update(
                    digest_sent_up_to=section["up_to"]
                )
    return sent
