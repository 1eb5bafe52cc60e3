"""Reading a thread changes nothing; "Mark as read" and the notify choice do."""

import pytest
from django.urls import reverse

from peer_support import selectors
from peer_support.models import ThreadState
from tests.factories import MessageFactory

pytestmark = pytest.mark.django_db


def test_opening_a_thread_does_not_mark_it_read(alice_client, circle, thread, alice, bob):
    MessageFactory.create_batch(2, thread=thread, author=bob)
    page = alice_client.get(thread.get_absolute_url()).content.decode()
    assert "2 unread messages in this thread." in page
    assert not ThreadState.objects.filter(member=alice).exists()
    assert selectors.circles_for(member=alice)[0].unread == 2


def test_mark_as_read_reads_up_to_the_last_message_the_page_showed(
    alice_client, circle, thread, alice, bob
):
    shown = MessageFactory.create_batch(2, thread=thread, author=bob)
    response = alice_client.get(thread.get_absolute_url())
    assert response.context["mark_read_form"]["up_to"].value() == shown[-1].pk
    MessageFactory(thread=thread, author=bob, body="Arrived after the page loaded")
    mark = reverse("peer_support:thread_mark_read", args=[circle.slug, thread.pk])
    page = alice_client.post(mark, {"up_to": shown[-1].pk}, follow=True).content.decode()
    assert "Marked as read." in page
    assert "1 unread message in this thread." in page
    assert selectors.circles_for(member=alice)[0].unread == 1


def test_mark_as_read_needs_the_message_read_up_to(alice_client, circle, thread, alice):
    mark = reverse("peer_support:thread_mark_read", args=[circle.slug, thread.pk])
    assert alice_client.post(mark, {"up_to": "all"}).status_code == 400
    assert alice_client.get(mark).status_code == 405


def test_the_notify_choice_is_saved_and_a_bad_one_is_refused(alice_client, circle, thread, alice):
    url = reverse("peer_support:thread_notify", args=[circle.slug, thread.pk])
    page = alice_client.post(url, {"notify": "muted"}, follow=True).content.decode()
    assert "Your notification choice for this thread is saved." in page
    assert '<option value="muted" selected>' in page
    back = f"http://testserver{thread.get_absolute_url()}"
    page = alice_client.post(
        url, {"notify": "loudly"}, HTTP_REFERER=back, follow=True
    ).content.decode()
    assert "Choose follow, normal or mute." in page
    assert ThreadState.objects.get(member=alice).notify == ThreadState.Notify.MUTED
