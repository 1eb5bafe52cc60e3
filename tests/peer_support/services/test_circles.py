"""Joining and leaving: requests, invitations, the agreement, removal and closing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Notification
from peer_support import errors
from peer_support.models import Circle, CircleMembership, JoinRequest
from peer_support.services import circles, messages
from tests.factories import CircleFactory, CircleMembershipFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_a_join_request_is_approved_by_the_facilitator_and_both_are_told(
    circle, mailoutbox, committed, settings
):
    newcomer = MemberFactory()
    with committed():
        request = circles.join_request_create(circle=circle, member=newcomer, note="New in post")
    assert mailoutbox[-1].to == [circle.facilitator.user.email]
    assert mailoutbox[-1].subject == (
        f"{settings.EMAIL_SUBJECT_PREFIX}{newcomer.name} asks to join {circle.name}"
    )
    assert "New in post" in mailoutbox[-1].body
    assert Notification.objects.filter(member=circle.facilitator).exists()

    with committed():
        circles.join_request_decide(
            join_request=request, decided_by=circle.facilitator, approve=True
        )
    membership = CircleMembership.objects.get(circle=circle, member=newcomer)
    assert membership.status == CircleMembership.Status.ACTIVE
    assert membership.agreement_accepted_at is None  # the agreement comes before reading
    assert mailoutbox[-1].to == [newcomer.user.email]
    assert "welcomed you" in mailoutbox[-1].body
    assert f"/circles/{circle.slug}/agreement/" in mailoutbox[-1].body


def test_no_email_leaves_before_the_request_is_committed(circle, mailoutbox, committed):
    with committed():
        circles.join_request_create(circle=circle, member=MemberFactory())
        assert mailoutbox == []
    assert len(mailoutbox) == 1


def test_a_declined_request_adds_nobody_and_says_so(circle, mailoutbox, committed):
    newcomer = MemberFactory()
    request = circles.join_request_create(circle=circle, member=newcomer)
    with committed():
        circles.join_request_decide(
            join_request=request, decided_by=circle.facilitator, approve=False
        )
    assert not CircleMembership.objects.filter(member=newcomer).exists()
    assert "could not offer you a place" in mailoutbox[-1].body


def test_a_request_is_answered_once(circle):
    request = circles.join_request_create(circle=circle, member=MemberFactory())
    circles.join_request_decide(join_request=request, decided_by=circle.facilitator, approve=False)
    with pytest.raises(errors.AlreadyDecided):
        circles.join_request_decide(
            join_request=request, decided_by=circle.facilitator, approve=True
        )


def test_only_the_facilitator_decides_requests(circle, alice):
    request = circles.join_request_create(circle=circle, member=MemberFactory())
    with pytest.raises(errors.NotPermitted):
        circles.join_request_decide(join_request=request, decided_by=alice, approve=True)


def test_asking_twice_or_asking_an_invitation_only_circle_is_refused(circle):
    newcomer = MemberFactory()
    circles.join_request_create(circle=circle, member=newcomer)
    with pytest.raises(errors.AlreadyRequested):
        circles.join_request_create(circle=circle, member=newcomer)
    private = CircleFactory(admission=Circle.Admission.INVITATION)
    with pytest.raises(errors.NotOpenToRequests):
        circles.join_request_create(circle=private, member=newcomer)


def test_a_full_circle_takes_nobody_else(circle):
    circle.size_limit = 2
    circle.save()
    CircleMembershipFactory(circle=circle)
    request = circles.join_request_create(circle=circle, member=MemberFactory())
    with pytest.raises(errors.CircleFull):
        circles.join_request_decide(
            join_request=request, decided_by=circle.facilitator, approve=True
        )
    assert JoinRequest.objects.get(pk=request.pk).status == JoinRequest.Status.PENDING


def test_an_emailed_invitation_is_accepted_by_the_person_it_was_sent_to(
    circle, mailoutbox, committed
):
    invitee = MemberFactory()
    with committed():
        invitation = circles.invitation_create(
            circle=circle, invited_by=circle.facilitator, email=invitee.user.email.upper()
        )
    assert mailoutbox[-1].to == [invitee.user.email]
    assert circle.facilitator.name in mailoutbox[-1].subject
    assert invitation.get_absolute_url() in mailoutbox[-1].body

    with pytest.raises(errors.InvitationInvalid):
        circles.invitation_accept(invitation=invitation, member=MemberFactory())
    circles.invitation_accept(invitation=invitation, member=invitee)
    assert CircleMembership.objects.active().filter(circle=circle, member=invitee).exists()
    with pytest.raises(errors.InvitationInvalid):
        circles.invitation_accept(invitation=invitation, member=invitee)


def test_inviting_a_current_member_is_refused_on_the_email_field(circle, alice):
    with pytest.raises(errors.AlreadyMember) as refused:
        circles.invitation_create(
            circle=circle, invited_by=circle.facilitator, email=alice.user.email
        )
    assert refused.value.field == "email"


def test_an_expired_invitation_cannot_be_used(circle):
    invitee = MemberFactory()
    invitation = circles.invitation_create(
        circle=circle, invited_by=circle.facilitator, email=invitee.user.email
    )
    invitation.created_at = timezone.now() - timedelta(days=15)
    invitation.save()
    with pytest.raises(errors.InvitationInvalid):
        circles.invitation_accept(invitation=invitation, member=invitee)


def test_leaving_and_being_removed_end_membership_but_not_for_the_facilitator(circle, alice, bob):
    circles.membership_leave(circle=circle, member=alice)
    circles.membership_remove(circle=circle, member=bob, removed_by=circle.facilitator)
    statuses = dict(CircleMembership.objects.values_list("member_id", "status"))
    assert statuses[alice.pk] == CircleMembership.Status.LEFT
    assert statuses[bob.pk] == CircleMembership.Status.REMOVED
    with pytest.raises(errors.NotPermitted):
        circles.membership_leave(circle=circle, member=circle.facilitator)


def test_someone_who_left_and_rejoins_accepts_the_agreement_again(circle, alice):
    circles.membership_leave(circle=circle, member=alice)
    request = circles.join_request_create(circle=circle, member=alice)
    circles.join_request_decide(join_request=request, decided_by=circle.facilitator, approve=True)
    membership = CircleMembership.objects.get(circle=circle, member=alice)
    assert (membership.status, membership.agreement_accepted_at) == ("active", None)
    circles.agreement_accept(circle=circle, member=alice)
    membership.refresh_from_db()
    assert membership.is_participating


def test_a_closed_circle_takes_no_messages(circle, thread, alice):
    circles.circle_close(circle=circle, closed_by=circle.facilitator)
    with pytest.raises(errors.CircleClosed):
        messages.message_post(thread=thread, author=alice, body="Anyone there?")
