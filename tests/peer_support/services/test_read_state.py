"""Read positions, unread counts, follow and mute."""

import pytest

from peer_support import errors, selectors
from peer_support.models import ThreadState
from peer_support.services import messages, read_state
from tests.factories import MemberFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def test_unread_counts_follow_each_members_read_position_and_mutes(circle, alice, bob):
    first, second = ThreadFactory(circle=circle), ThreadFactory(circle=circle)
    for _ in range(3):
        messages.message_post(thread=first, author=bob, body="news")
    messages.message_post(thread=second, author=bob, body="more news")
    counts = {t.pk: t.unread for t in selectors.threads_for(circle=circle, member=alice)}
    assert counts == {first.pk: 3, second.pk: 1}
    assert selectors.circles_for(member=alice)[0].unread == 4
    assert selectors.circles_for(member=bob)[0].unread == 0  # their own messages

    read_state.thread_mark_read(thread=first, member=alice)
    read_state.thread_set_notify(thread=second, member=alice, notify=ThreadState.Notify.MUTED)
    assert selectors.circles_for(member=alice)[0].unread == 0


def test_the_read_position_moves_forward_only_and_not_past_the_last_message(thread, alice, bob):
    first = messages.message_post(thread=thread, author=bob, body="one")
    second = messages.message_post(thread=thread, author=bob, body="two")
    state = read_state.thread_mark_read(thread=thread, member=alice, up_to=second.pk)
    state = read_state.thread_mark_read(thread=thread, member=alice, up_to=first.pk)
    assert state.last_read_message_id == second.pk
    read_state.thread_mark_read(thread=thread, member=alice, up_to=second.pk + 1000)
    later = messages.message_post(thread=thread, author=bob, body="three")
    assert selectors.circles_for(member=alice)[0].unread == 1
    assert later.pk > second.pk


def test_only_participants_move_a_read_position_or_choose_a_notify_setting(thread, alice):
    outsider = MemberFactory()
    with pytest.raises(errors.NotPermitted):
        read_state.thread_mark_read(thread=thread, member=outsider)
    with pytest.raises(errors.NotifyChoiceInvalid):
        read_state.thread_set_notify(thread=thread, member=alice, notify="loudly")
