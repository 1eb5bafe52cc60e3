"""Periodic peer-support jobs: presence a crashed process left behind is swept (and the
circle told), and invitations nobody accepted are deleted a while after they expire."""

import datetime as dt

import pytest
from django.utils import timezone

from peer_support.models import (
    INVITATION_LIFETIME,
    PRESENCE_EXPIRES_AFTER,
    Invitation,
    Presence,
)
from peer_support.services.circles import EXPIRED_INVITATIONS_KEPT, invitations_expire
from peer_support.services.presence import presence_sweep

pytestmark = pytest.mark.django_db


def test_presence_whose_heartbeat_stopped_is_swept_and_the_circle_told(
    circle, alice, bob, monkeypatch
):
    told = []
    monkeypatch.setattr(
        "peer_support.events.broadcast_on_commit", lambda group, event: told.append(group)
    )
    left_behind = Presence.objects.create(circle=circle, member=alice, channel_name="gone!1")
    Presence.objects.filter(pk=left_behind.pk).update(
        last_seen=timezone.now() - PRESENCE_EXPIRES_AFTER - dt.timedelta(seconds=1)
    )
    Presence.objects.create(circle=circle, member=bob, channel_name="here!2")

    assert presence_sweep() == 1
    assert list(Presence.objects.values_list("channel_name", flat=True)) == ["here!2"]
    assert told == [f"circle.{circle.pk}"]
    assert presence_sweep() == 0


def test_invitations_are_deleted_only_a_month_after_they_expire(circle, alice):
    now = timezone.now()

    def invitation(email, age, accepted=False):
        made = Invitation.objects.create(circle=circle, invited_by=alice, email=email)
        Invitation.objects.filter(pk=made.pk).update(
            created_at=now - age, accepted_at=now - age if accepted else None
        )

    long_gone = INVITATION_LIFETIME + EXPIRED_INVITATIONS_KEPT + dt.timedelta(days=1)
    invitation("old@example.org", long_gone)
    invitation("recently-expired@example.org", INVITATION_LIFETIME + dt.timedelta(days=1))
    invitation("fresh@example.org", dt.timedelta(days=1))
    invitation("joined@example.org", long_gone, accepted=True)

    assert invitations_expire(now=now) == 1
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "fresh@example.org",
        "joined@example.org",
        "recently-expired@example.org",
    ]
