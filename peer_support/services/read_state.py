"""Each member's read position in a thread, and whether they follow or mute it."""

from django.db import transaction
from django.db.models import Max

from core.services import model_update
from network.models import Member
from peer_support import errors, events
from peer_support.models import Thread, ThreadState
from peer_support.services.rules import require_participant


@transaction.atomic
def thread_mark_read(*, thread: Thread, member: Member, up_to: int | None = None) -> ThreadState:
    """Move `member`'s read position forward (never back) to `up_to`, or the thread's end.

    Never past the thread's last message, so a message that arrives later is still unread.
    Every socket the member has open on the circle hears of the move, so each of their pages
    can clear its unread marks.
    """
    require_participant(thread.circle, member)
    last = thread.messages.aggregate(m=Max("id"))["m"] or 0
    up_to = last if up_to is None else min(up_to, last)
    state, _ = ThreadState.objects.select_for_update().get_or_create(thread=thread, member=member)
    if up_to > state.last_read_message_id:
        model_update(state, last_read_message_id=up_to)
        events.broadcast_on_commit(
            events.membership_group(thread.circle_id, member.pk),
            events.read_event(thread_id=thread.pk, up_to=up_to),
        )
    return state


@transaction.atomic
def thread_set_notify(*, thread: Thread, member: Member, notify: str) -> ThreadState:
    if notify not in ThreadState.Notify.values:
        raise errors.NotifyChoiceInvalid()
    require_participant(thread.circle, member)
    state, _ = ThreadState.objects.get_or_create(thread=thread, member=member)
    model_update(state, notify=notify)
    return state
