"""Threads and messages without JavaScript, earlier messages through htmx, and query counts."""

import pytest
from django.urls import reverse

from peer_support.models import Message, Thread
from peer_support.services import messages
from tests.factories import CircleMembershipFactory, MessageFactory

pytestmark = pytest.mark.django_db


def thread_url(thread) -> str:
    return reverse(
        "peer_support:thread_detail", kwargs={"slug": thread.circle.slug, "pk": thread.pk}
    )


def test_starting_a_thread_without_a_title_says_so_on_the_form(alice_client, circle):
    url = reverse("peer_support:thread_create", kwargs={"slug": circle.slug})
    response = alice_client.post(url, {"title": "   ", "body": "Hello"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = alice_client.post(url, {"title": "Reserves", "body": "Hello"})
    thread = Thread.objects.get()
    assert response.url == thread.get_absolute_url()


def test_reading_and_posting_with_an_ordinary_form(alice_client, thread, alice):
    response = alice_client.post(
        thread_url(thread), {"body": "Hello, <em>circle</em> www.ncvo.org.uk"}
    )
    message = Message.objects.get()
    assert response.url.endswith(f"#message-{message.pk}")
    page = alice_client.get(thread_url(thread)).content.decode()
    assert "Hello, &lt;em&gt;circle&lt;/em&gt;" in page
    assert '<a href="http://www.ncvo.org.uk" rel="nofollow">www.ncvo.org.uk</a>' in page


@pytest.mark.parametrize(
    ("body", "text"),
    [("   ", "This field is required."), ("x" * 4001, "at most 4000 characters")],
)
def test_an_empty_or_oversized_message_is_refused_with_a_clear_error(
    alice_client, thread, body, text
):
    response = alice_client.post(thread_url(thread), {"body": body})
    assert response.status_code == 400
    assert text in response.content.decode()
    assert not Message.objects.exists()


def test_posting_too_fast_is_refused_on_the_message_field(alice_client, thread):
    limit, _ = messages.RATE_LIMIT
    for n in range(limit):
        alice_client.post(thread_url(thread), {"body": f"m{n}"})
    response = alice_client.post(thread_url(thread), {"body": "one more"})
    assert response.status_code == 400
    assert response.context["form"].errors["body"] == [
        "You are sending messages very quickly. Wait a few seconds and try again."
    ]
    assert Message.objects.count() == limit


def test_a_reader_sees_actions_for_their_own_messages_only(alice_client, thread, alice, bob):
    mine = MessageFactory(thread=thread, author=alice)
    theirs = MessageFactory(thread=thread, author=bob)
    page = alice_client.get(thread_url(thread)).content.decode()
    slug = thread.circle.slug
    assert reverse("peer_support:message_edit", args=[slug, mine.pk]) in page
    assert reverse("peer_support:message_edit", args=[slug, theirs.pk]) not in page
    assert reverse("peer_support:message_report", args=[slug, theirs.pk]) in page
    assert reverse("peer_support:message_report", args=[slug, mine.pk]) not in page
    assert reverse("peer_support:message_hide", args=[slug, mine.pk]) not in page  # not theirs


def test_editing_and_deleting_your_own_message_without_javascript(alice_client, thread, alice, bob):
    mine = MessageFactory(thread=thread, author=alice, body="Typo")
    theirs = MessageFactory(thread=thread, author=bob)
    edit = reverse("peer_support:message_edit", kwargs={"slug": thread.circle.slug, "pk": mine.pk})
    alice_client.post(edit, {"body": "Fixed"})
    mine.refresh_from_db()
    assert (mine.body, mine.edited_at is not None) == ("Fixed", True)
    delete = reverse(
        "peer_support:message_delete", kwargs={"slug": thread.circle.slug, "pk": theirs.pk}
    )
    assert alice_client.post(delete).status_code == 403
    theirs.refresh_from_db()
    assert theirs.deleted_at is None
    delete_mine = reverse(
        "peer_support:message_delete", kwargs={"slug": thread.circle.slug, "pk": mine.pk}
    )
    page = alice_client.post(delete_mine, follow=True).content.decode()
    assert "Your message is deleted." in page
    assert "Message deleted" in page


def test_older_history_loads_a_page_at_a_time_without_javascript(alice_client, thread, alice):
    history = MessageFactory.create_batch(60, thread=thread, author=alice)
    page = alice_client.get(thread_url(thread)).content.decode()
    assert f'id="message-{history[-1].pk}"' in page
    assert f'id="message-{history[9].pk}"' not in page
    assert f"?before={history[10].pk}" in page
    older = alice_client.get(thread_url(thread), {"before": history[10].pk}).content.decode()
    assert f'id="message-{history[0].pk}"' in older
    assert "Back to the latest messages" in older


def test_htmx_loads_earlier_messages_in_place_and_the_link_goes_when_there_are_no_more(
    alice_client, thread, alice
):
    history = MessageFactory.create_batch(110, thread=thread, author=alice)
    url = thread_url(thread)
    response = alice_client.get(url, {"before": history[60].pk}, HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert "<html" not in fragment  # just the messages, for htmx to put above the others
    assert fragment.count('<li class="msg') == 50
    assert f'id="message-{history[10].pk}"' in fragment
    # The link is swapped out of band for one that fetches the page before these.
    assert 'id="earlier" hx-swap-oob="true"' in fragment
    assert f'hx-get="{url}?before={history[10].pk}"' in fragment

    last = alice_client.get(url, {"before": history[10].pk}, HTTP_HX_REQUEST="true")
    fragment = last.content.decode()
    assert fragment.count('<li class="msg') == 10
    assert 'hx-swap-oob="true" hidden' in fragment
    assert "hx-get" not in fragment


@pytest.mark.parametrize("n", [1, 50])
def test_the_thread_page_runs_a_constant_number_of_queries(
    facilitator_client, circle, thread, n, django_assert_num_queries
):
    members = [CircleMembershipFactory(circle=circle).member for _ in range(n)]
    for i in range(n):
        MessageFactory(thread=thread, author=members[i])
    with django_assert_num_queries(13):  # with the header's unread count; the session is cached
        response = facilitator_client.get(thread_url(thread))
    assert response.status_code == 200
