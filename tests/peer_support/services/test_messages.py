"""Threads and messages: who may post, mentions, edits and deletions."""

import pytest

from peer_support import errors
from peer_support.models import Message, Thread, ThreadState
from peer_support.services import circles, messages, read_state
from tests.factories import CircleMembershipFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def test_only_members_who_accepted_the_agreement_can_post(circle, thread):
    pending = CircleMembershipFactory(circle=circle, agreement_accepted_at=None).member
    with pytest.raises(errors.NotPermitted):
        messages.message_post(thread=thread, author=pending, body="Hello")
    circles.agreement_accept(circle=circle, member=pending)
    assert messages.message_post(thread=thread, author=pending, body="Hello").pk


def test_a_thread_starts_with_its_first_message_and_needs_a_title(circle, alice):
    with pytest.raises(errors.TitleMissing) as refused:
        messages.thread_create(circle=circle, author=alice, title="  ", body="Hello")
    assert refused.value.field == "title"
    thread = messages.thread_create(circle=circle, author=alice, title="Reserves", body="Hello")
    assert list(thread.messages.values_list("body", flat=True)) == ["Hello"]
    assert Thread.objects.count() == 1


def test_mentioning_a_member_by_name_emails_them_unless_they_muted_the_thread(
    circle, thread, alice, bob, mailoutbox, committed
):
    with committed():
        message = messages.message_post(
            thread=thread, author=alice, body=f"@{bob.user.get_full_name()} help?"
        )
    assert [m.to for m in mailoutbox] == [[bob.user.email]]
    assert alice.name in mailoutbox[0].subject
    assert f"#message-{message.pk}" in mailoutbox[0].body

    read_state.thread_set_notify(thread=thread, member=bob, notify=ThreadState.Notify.MUTED)
    with committed():
        messages.message_post(
            thread=thread, author=alice, body=f"@{bob.user.get_full_name()} again"
        )
    assert len(mailoutbox) == 1


def test_only_the_author_edits_or_deletes_and_a_deleted_message_keeps_its_place(thread, alice, bob):
    message = messages.message_post(thread=thread, author=alice, body="Frist")
    with pytest.raises(errors.NotPermitted):
        messages.message_edit(message=message, editor=bob, body="Mine now")
    messages.message_edit(message=message, editor=alice, body="First")
    message.refresh_from_db()
    assert (message.body, message.edited_at is not None) == ("First", True)

    messages.message_delete(message=message, member=alice)
    message.refresh_from_db()
    assert message.body == ""
    assert "Message deleted" in message.body_html
    assert Message.objects.filter(thread=thread).count() == 1
    with pytest.raises(errors.MessageGone):
        messages.message_edit(message=message, editor=alice, body="Back again")


@pytest.mark.parametrize("n", [1, 100])
def test_a_post_runs_the_same_statements_however_many_members_the_circle_has(
    circle, thread, alice, n, django_assert_num_queries, committed
):
    """Nothing per receiver: the broadcast goes once to the circle's group after commit."""
    CircleMembershipFactory.create_batch(n, circle=circle)
    messages.message_post(thread=thread, author=alice, body="So the read position exists")
    # Lock the circle reading the thread with it, check the author, take the change id (one
    # UPDATE … RETURNING), insert, stamp the thread, move the author's read position, find
    # the followers.
    with django_assert_num_queries(9), committed():
        messages.message_post(thread=thread, author=alice, body="Counted")


def test_a_socket_posts_knowing_only_the_threads_id_in_the_same_statements(
    circle, thread, alice, django_assert_num_queries, committed
):
    """The socket used to read the thread first, a tenth statement on every post."""
    messages.message_post(thread=thread, author=alice, body="So the read position exists")
    reference = Thread(pk=thread.pk, circle_id=circle.pk)
    with django_assert_num_queries(9), committed():
        message = messages.message_post(thread=reference, author=alice, body="Counted")
    assert (message.thread_id, message.circle_id) == (thread.pk, circle.pk)


def test_a_thread_is_not_found_in_a_circle_it_is_not_in(circle, thread, alice):
    elsewhere = ThreadFactory()
    with pytest.raises(Thread.DoesNotExist):
        messages.message_post(
            thread=Thread(pk=elsewhere.pk, circle_id=circle.pk), author=alice, body="Leak?"
        )
    assert not Message.objects.exists()
