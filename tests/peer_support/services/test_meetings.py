"""The next meeting keeps one identity in calendars while it moves."""

from datetime import timedelta

import pytest
from django.utils import timezone

from peer_support import errors
from peer_support.services import meetings

pytestmark = pytest.mark.django_db


def _set(circle, starts, link="https://meet.example.org/circle"):
    return meetings.meeting_update(
        circle=circle,
        by=circle.facilitator,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        link=link,
    )


def test_moving_a_meeting_keeps_its_uid_and_raises_its_sequence(circle):
    starts = timezone.now() + timedelta(days=3)
    first = _set(circle, starts)
    uid, sequence = first.next_meeting_uid, first.next_meeting_sequence
    moved = _set(circle, starts + timedelta(days=1))
    assert moved.next_meeting_uid == uid
    assert moved.next_meeting_sequence == sequence + 1
    relinked = _set(circle, starts + timedelta(days=1), link="https://meet.example.org/other")
    assert relinked.next_meeting_sequence == sequence + 2


def test_saving_the_same_meeting_again_changes_nothing(circle):
    starts = timezone.now() + timedelta(days=3)
    sequence = _set(circle, starts).next_meeting_sequence
    assert _set(circle, starts).next_meeting_sequence == sequence


def test_the_meeting_after_one_that_has_ended_is_a_new_calendar_event(circle):
    _set(circle, timezone.now() - timedelta(days=7))
    past = circle.next_meeting_uid
    following = _set(circle, timezone.now() + timedelta(days=7))
    assert following.next_meeting_uid != past
    assert following.next_meeting_sequence == 0


def test_only_the_facilitator_sets_the_meeting(circle, alice):
    with pytest.raises(errors.NotPermitted):
        meetings.meeting_update(
            circle=circle, by=alice, starts_at=timezone.now(), ends_at=None, link=""
        )
