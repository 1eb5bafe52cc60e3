"""Discussion: starting threads and posting, editing and deleting messages, with mentions and
a per-member rate limit."""

import contextlib
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from core.cache import incr_window
from core.services import model_update
from network.models import Member
from notifications.models import Kind
from notifications.services import notify
from peer_support import errors, events
from peer_support.models import (
    MESSAGE_MAX_LENGTH,
    Circle,
    CircleMembership,
    Mention,
    Message,
    Thread,
    ThreadState,
)
from peer_support.services.rules import (
    lock,
    lock_message,
    lock_thread,
    next_change_id,
    require_open,
    require_participant,
)

logger = logging.getLogger(__name__)

# A member may send this many messages (posts and edits) in this many seconds.
RATE_LIMIT = getattr(settings, "PEER_SUPPORT_RATE_LIMIT", (8, 10))


def _unstorable(text: str) -> bool:
    """NUL (PostgreSQL's text refuses it) or an unpaired surrogate (not encodable as UTF-8)."""
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise errors.MessageEmpty()
    if len(body) > MESSAGE_MAX_LENGTH:
        raise errors.MessageTooLong()
    if _unstorable(body):
        raise errors.TextInvalid()
    return body


class _Unenforced:
    """Logs one WARNING when the rate limit stops being enforced (the cache is degraded and
    lets every post through) and one INFO when it is enforced again: not a line per post."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.active = False

    def note(self, degraded: bool) -> None:
        with self._lock:
            if degraded == self.active:
                return
            self.active = degraded
        if degraded:
            logger.warning(
                "Circle rate limit not enforced: the cache is unavailable, so every post and "
                "edit is let through until it is back."
            )
        else:
            logger.info("Circle rate limit enforced again: the cache is back.")


_unenforced = _Unenforced()


@contextmanager
def _rate_slot(member: Member) -> Iterator[None]:
    """Spend one of `member`'s posts for the write in the block; refund it if the block fails
    or the limit is reached, so only saved posts and edits count.

    At most `limit` in the `seconds` after a member's first post of a burst: the window opens
    with the first post rather than on the clock's boundaries, so a burst straddling a
    boundary cannot get twice the limit through. With the cache degraded (Redis down) the
    limit fails safe: the post goes through and `_unenforced` says so in the log.
    """
    limit, seconds = RATE_LIMIT
    key = f"peer_support:rate:{member.pk}"
    count = incr_window(cache, key, seconds)
    _unenforced.note(bool(getattr(cache, "degraded", False)))
    if count > limit:
        _refund(key)
        raise errors.RateLimited()
    try:
        yield
    except BaseException:
        _refund(key)
        raise


def _refund(key: str) -> None:
    with contextlib.suppress(ValueError):  # the window ended: nothing left to give back
        if cache.decr(key) < 0:  # it ended just now, and DECR re-created it without expiry
            cache.delete(key)


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


def _record_mentions(message: Message, circle: Circle, author: Member) -> set[int]:
    """Record and tell newly mentioned members; returns everyone the message mentions."""
    if "@" not in message.body:
        return set()  # no mention without an @: most posts cost no query here
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
            events.membership_group(circle.pk, member.pk), events.mention_event(message, author)
        )
        notify(
            to=member,
            template="peer_support/email/mention",
            subject=f"{author.name} mentioned you in {circle.name}",
            kind=Kind.MENTION,
            context={"circle": circle, "message": message, "author": author},
            url=f"{message.thread.get_absolute_url()}#message-{message.pk}",
        )
        already.add(member.pk)
    return already


def _tell_followers(message: Message, circle: Circle, author: Member, *, skip: set[int]) -> None:
    """A reply in a thread: tell the members who follow it (a mention already told those in
    `skip`)."""
    followers = list(
        Member.objects.filter(
            thread_states__thread_id=message.thread_id,
            thread_states__notify=ThreadState.Notify.FOLLOWING,
            pk__in=CircleMembership.objects.filter(circle=circle)
            .participating()
            .values("member_id"),
        )
        .exclude(pk__in={author.pk, *skip})
        .select_related("user")
        .order_by("pk")
    )
    if followers:
        notify(
            to=followers,
            template="peer_support/email/reply",
            subject=f'{author.name} replied in "{message.thread.title}" ({circle.name})',
            kind=Kind.REPLY,
            context={"circle": circle, "message": message, "author": author},
            url=f"{message.thread.get_absolute_url()}#message-{message.pk}",
        )


def _broadcast(kind: str, message: Message) -> None:
    events.broadcast_on_commit(
        events.circle_group(message.circle_id), events.message_event(kind, message)
    )


@transaction.atomic
def thread_create(*, circle: Circle, author: Member, title: str, body: str) -> Thread:
    """Start a thread with its first message."""
    title = (title or "").strip()
    if not title:
        raise errors.TitleMissing()
    circle = lock(circle)
    require_open(circle)
    require_participant(circle, author)
    thread = Thread(circle=circle, title=title, started_by=author)
    thread.full_clean(exclude=["last_message_at"])
    thread.save()
    ThreadState.objects.create(thread=thread, member=author, notify=ThreadState.Notify.FOLLOWING)
    events.broadcast_on_commit(events.circle_group(circle.pk), events.thread_created_event(thread))
    message_post(thread=thread, author=author, body=body)
    return thread


def message_post(*, thread: Thread, author: Member, body: str) -> Message:
    """Save a message, then (after commit) broadcast it: nothing acknowledged is lost.

    `thread` may be known only by its id and its circle's (`Thread(pk=…, circle_id=…)`, as a
    socket knows it): it is read with its circle as the circle is locked, and
    `Thread.DoesNotExist` says it is not in that circle. The rate-limit slot is spent only if
    the message is saved (refunded on any failure)."""
    body = _clean_body(body)
    with _rate_slot(author):
        return _message_post(thread=thread, author=author, body=body)


@transaction.atomic
def _message_post(*, thread: Thread, author: Member, body: str) -> Message:
    thread = lock_thread(thread)
    circle = thread.circle
    require_open(circle)
    require_participant(circle, author)
    now = timezone.now()
    message = Message.objects.create(
        thread=thread,
        circle=circle,
        author=author,
        body=body,
        created_at=now,
        change_id=next_change_id(circle),
    )
    Thread.objects.filter(pk=thread.pk).update(last_message_at=now)
    # Writing in a thread reads it up to here.
    # One query for the usual case, a state that exists (the circle's lock keeps it so).
    if not ThreadState.objects.filter(thread=thread, member=author).update(
        last_read_message_id=message.pk
    ):
        ThreadState.objects.create(thread=thread, member=author, last_read_message_id=message.pk)
    mentioned = _record_mentions(message, circle, author)
    _tell_followers(message, circle, author, skip=mentioned)
    message.author = author
    _broadcast("message.created", message)
    return message


def _own_live_message(message: Message, member: Member) -> Message:
    message = lock_message(message)
    if message.author_id != member.pk:
        raise errors.NotPermitted(message="You can only change your own messages.")
    if message.is_removed:
        raise errors.MessageGone()
    require_open(message.circle)
    require_participant(message.circle, member)
    return message


def message_edit(*, message: Message, editor: Member, body: str) -> Message:
    body = _clean_body(body)
    with _rate_slot(editor):
        return _message_edit(message=message, editor=editor, body=body)


@transaction.atomic
def _message_edit(*, message: Message, editor: Member, body: str) -> Message:
    message = _own_live_message(message, editor)
    model_update(
        message,
        body=body,
        edited_at=timezone.now(),
        change_id=next_change_id(message.circle),
    )
    _record_mentions(message, message.circle, editor)
    _broadcast("message.updated", message)
    return message


@transaction.atomic
def message_delete(*, message: Message, member: Member) -> Message:
    """Delete one's own message: the text is blanked, its place in the thread stays."""
    message = _own_live_message(message, member)
    # A deleted message's body is empty, which a live one's may not be.
    model_update(
        message,
        deleted_at=timezone.now(),
        body="",
        change_id=next_change_id(message.circle),
        exclude_clean=("body",),
    )
    _broadcast("message.updated", message)
    return message
