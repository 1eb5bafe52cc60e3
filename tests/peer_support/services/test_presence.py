"""Who is here now: one row per open socket, shared by every server process."""

import pytest

from peer_support import selectors
from peer_support.services import presence

pytestmark = pytest.mark.django_db


def test_a_member_is_here_while_any_of_their_sockets_is_open(circle, alice):
    presence.presence_enter(circle=circle, member=alice, channel_name="tab-1")
    presence.presence_enter(circle=circle, member=alice, channel_name="tab-2")
    presence.presence_enter(circle=circle, member=alice, channel_name="tab-2")  # repeated
    assert selectors.present_members(circle_id=circle.pk) == [{"id": alice.pk, "name": alice.name}]
    presence.presence_leave(circle_id=circle.pk, channel_name="tab-1")
    assert [m["id"] for m in selectors.present_members(circle_id=circle.pk)] == [alice.pk]
    presence.presence_leave(circle_id=circle.pk, channel_name="tab-2")
    assert selectors.present_members(circle_id=circle.pk) == []
