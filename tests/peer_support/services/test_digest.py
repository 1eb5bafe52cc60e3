"""The daily digest of unread messages."""

import pytest
from django.core.management import call_command

from peer_support.models import ThreadState
from peer_support.services import circles, digest, messages, read_state
from tests.factories import MessageFactory

pytestmark = pytest.mark.django_db


def test_daily_digest_mails_unread_messages_once(
    circle, thread, alice, bob, mailoutbox, committed, settings
):
    read_state.thread_set_notify(thread=thread, member=alice, notify=ThreadState.Notify.FOLLOWING)
    messages.message_post(thread=thread, author=bob, body="Budget round is brutal this year")
    with committed():
        call_command("send_circle_digest")
    digests = {tuple(m.to): m for m in mailoutbox}
    mail = digests[(alice.user.email,)]
    assert mail.subject == f"{settings.EMAIL_SUBJECT_PREFIX}Unread messages in your circles"
    assert circle.name in mail.body
    assert "1 unread message" in mail.body
    assert "Budget round is brutal" in mail.body
    assert (bob.user.email,) not in digests  # nothing unread for the author

    mailoutbox.clear()
    with committed():
        call_command("send_circle_digest")
    assert mailoutbox == []


def test_the_digest_is_mailed_only_once_its_transaction_has_committed(
    circle, thread, alice, bob, mailoutbox, django_capture_on_commit_callbacks
):
    MessageFactory(thread=thread, author=bob)
    with django_capture_on_commit_callbacks() as pending:
        assert digest.digest_send() == 2  # Alice and the facilitator
        assert mailoutbox == []
    for send in pending:
        send()
    assert {m.to[0] for m in mailoutbox} == {alice.user.email, circle.facilitator.user.email}


def test_the_digest_leaves_out_circles_the_member_left(
    circle, thread, alice, bob, mailoutbox, committed
):
    MessageFactory(thread=thread, author=bob)
    circles.membership_leave(circle=circle, member=alice)
    with committed():
        call_command("send_circle_digest")
    assert all(alice.user.email not in m.to for m in mailoutbox)
