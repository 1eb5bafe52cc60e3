"""Joining, leaving, invitations, messages, mentions, unread counts and the daily digest."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from peer_support import errors, selectors, services
from peer_support.models import Circle, CircleMembership, JoinRequest, Report, ThreadState
from tests.factories import (
    CircleFactory,
    CircleMembershipFactory,
    MemberFactory,
    MessageFactory,
    ThreadFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block's on-commit callbacks (emails, broadcasts) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- Joining and leaving ----------------------------------------------------------------------


def test_a_join_request_is_approved_by_the_facilitator_and_both_are_emailed(
    circle, mailoutbox, committed
):
    newcomer = MemberFactory()
    with committed():
        request = services.join_request_create(circle=circle, member=newcomer, note="New in post")
    assert mailoutbox[-1].to == [circle.facilitator.user.email]
    assert newcomer.name in mailoutbox[-1].subject

    with committed():
        services.join_request_decide(
            join_request=request, decided_by=circle.facilitator, approve=True
        )
    membership = CircleMembership.objects.get(circle=circle, member=newcomer)
    assert membership.status == CircleMembership.Status.ACTIVE
    assert membership.agreement_accepted_at is None  # the agreement comes before reading
    assert mailoutbox[-1].to == [newcomer.user.email]
    assert "welcomed you" in mailoutbox[-1].body


def test_a_declined_request_adds_nobody_and_says_so(circle, mailoutbox, committed):
    newcomer = MemberFactory()
    request = services.join_request_create(circle=circle, member=newcomer)
    with committed():
        services.join_request_decide(
            join_request=request, decided_by=circle.facilitator, approve=False
        )
    assert not CircleMembership.objects.filter(member=newcomer).exists()
    assert "could not offer you a place" in mailoutbox[-1].body


def test_only_the_facilitator_decides_requests(circle, alice):
    request = services.join_request_create(circle=circle, member=MemberFactory())
    with pytest.raises(errors.NotPermitted):
        services.join_request_decide(join_request=request, decided_by=alice, approve=True)


def test_asking_twice_or_asking_an_invitation_only_circle_is_refused(circle):
    newcomer = MemberFactory()
    services.join_request_create(circle=circle, member=newcomer)
    with pytest.raises(errors.AlreadyRequested):
        services.join_request_create(circle=circle, member=newcomer)
    private = CircleFactory(admission=Circle.Admission.INVITATION)
    with pytest.raises(errors.NotOpenToRequests):
        services.join_request_create(circle=private, member=newcomer)


def test_a_full_circle_takes_nobody_else(circle):
    circle.size_limit = 2
    circle.save()
    CircleMembershipFactory(circle=circle)
    request = services.join_request_create(circle=circle, member=MemberFactory())
    with pytest.raises(errors.CircleFull):
        services.join_request_decide(
            join_request=request, decided_by=circle.facilitator, approve=True
        )
    assert JoinRequest.objects.get(pk=request.pk).status == JoinRequest.Status.PENDING


def test_an_emailed_invitation_is_accepted_by_the_person_it_was_sent_to(
    circle, mailoutbox, committed
):
    invitee = MemberFactory()
    with committed():
        invitation = services.invitation_create(
            circle=circle, invited_by=circle.facilitator, email=invitee.user.email.upper()
        )
    assert mailoutbox[-1].to == [invitee.user.email]
    assert invitation.get_absolute_url() in mailoutbox[-1].body

    with pytest.raises(errors.InvitationInvalid):
        services.invitation_accept(invitation=invitation, member=MemberFactory())
    services.invitation_accept(invitation=invitation, member=invitee)
    assert CircleMembership.objects.active().filter(circle=circle, member=invitee).exists()
    with pytest.raises(errors.InvitationInvalid):
        services.invitation_accept(invitation=invitation, member=invitee)


def test_an_expired_invitation_cannot_be_used(circle):
    invitee = MemberFactory()
    invitation = services.invitation_create(
        circle=circle, invited_by=circle.facilitator, email=invitee.user.email
    )
    invitation.created_at = timezone.now() - timedelta(days=15)
    invitation.save()
    with pytest.raises(errors.InvitationInvalid):
        services.invitation_accept(invitation=invitation, member=invitee)


def test_leaving_and_being_removed_end_membership_but_not_for_the_facilitator(circle, alice, bob):
    services.membership_leave(circle=circle, member=alice)
    services.membership_remove(circle=circle, member=bob, removed_by=circle.facilitator)
    statuses = dict(CircleMembership.objects.values_list("member_id", "status"))
    assert statuses[alice.pk] == CircleMembership.Status.LEFT
    assert statuses[bob.pk] == CircleMembership.Status.REMOVED
    with pytest.raises(errors.NotPermitted):
        services.membership_leave(circle=circle, member=circle.facilitator)


def test_a_closed_circle_takes_no_messages(circle, thread, alice):
    services.circle_close(circle=circle, closed_by=circle.facilitator)
    with pytest.raises(errors.CircleClosed):
        services.message_post(thread=thread, author=alice, body="Anyone there?")


# --- Messages, mentions and reports -----------------------------------------------------------


def test_only_members_who_accepted_the_agreement_can_post(circle, thread):
    pending = CircleMembershipFactory(circle=circle, agreement_accepted_at=None).member
    with pytest.raises(errors.NotPermitted):
        services.message_post(thread=thread, author=pending, body="Hello")
    services.agreement_accept(circle=circle, member=pending)
    assert services.message_post(thread=thread, author=pending, body="Hello").pk


def test_mentioning_a_member_by_name_emails_them_unless_they_muted_the_thread(
    circle, thread, alice, bob, mailoutbox, committed
):
    with committed():
        services.message_post(
            thread=thread, author=alice, body=f"@{bob.user.get_full_name()} help?"
        )
    assert [m.to for m in mailoutbox] == [[bob.user.email]]
    assert alice.name in mailoutbox[0].subject

    services.thread_set_notify(thread=thread, member=bob, notify=ThreadState.Notify.MUTED)
    with committed():
        services.message_post(
            thread=thread, author=alice, body=f"@{bob.user.get_full_name()} again"
        )
    assert len(mailoutbox) == 1


def test_a_report_goes_to_the_facilitator_who_can_hide_the_message(circle, thread, alice, bob):
    message = services.message_post(thread=thread, author=bob, body="Something unkind")
    report = services.message_report(message=message, reporter=alice, reason="Personal attack")
    with pytest.raises(errors.AlreadyReported):
        services.message_report(message=message, reporter=alice, reason="Again")
    assert list(selectors.open_reports(circle=circle)) == [report]
    services.message_hide(message=message, facilitator=circle.facilitator)
    report.refresh_from_db()
    message.refresh_from_db()
    assert report.status == Report.Status.HIDDEN
    assert "Something unkind" not in message.body_html


# --- Unread counts and digest -----------------------------------------------------------------


def test_unread_counts_follow_each_members_read_position_and_mutes(circle, alice, bob):
    first, second = ThreadFactory(circle=circle), ThreadFactory(circle=circle)
    for _ in range(3):
        services.message_post(thread=first, author=bob, body="news")
    services.message_post(thread=second, author=bob, body="more news")
    counts = {t.pk: t.unread for t in selectors.threads_for(circle=circle, member=alice)}
    assert counts == {first.pk: 3, second.pk: 1}
    assert selectors.circles_for(member=alice)[0].unread == 4
    assert selectors.circles_for(member=bob)[0].unread == 0  # their own messages

    services.thread_mark_read(thread=first, member=alice)
    services.thread_set_notify(thread=second, member=alice, notify=ThreadState.Notify.MUTED)
    assert selectors.circles_for(member=alice)[0].unread == 0


def test_daily_digest_mails_unread_messages_once(circle, thread, alice, bob, mailoutbox):
    services.thread_set_notify(thread=thread, member=alice, notify=ThreadState.Notify.FOLLOWING)
    services.message_post(thread=thread, author=bob, body="Budget round is brutal this year")
    call_command("send_circle_digest")
    digests = {tuple(m.to): m for m in mailoutbox}
    body = digests[(alice.user.email,)].body
    assert circle.name in body
    assert "1 unread message" in body
    assert "Budget round is brutal" in body
    assert (bob.user.email,) not in digests  # nothing unread for the author

    mailoutbox.clear()
    call_command("send_circle_digest")
    assert mailoutbox == []


def test_the_digest_leaves_out_circles_the_member_left(circle, thread, alice, bob, mailoutbox):
    MessageFactory(thread=thread, author=bob)
    services.membership_leave(circle=circle, member=alice)
    call_command("send_circle_digest")
    assert all(alice.user.email not in m.to for m in mailoutbox)
