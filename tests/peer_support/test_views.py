"""Circle pages: confidentiality, the no-JavaScript path, bad input, .ics and query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from peer_support.models import Circle, CircleMembership, JoinRequest, Message
from tests.factories import CircleFactory, CircleMembershipFactory, MessageFactory

pytestmark = pytest.mark.django_db


def thread_url(thread) -> str:
    return reverse(
        "peer_support:thread_detail", kwargs={"slug": thread.circle.slug, "pk": thread.pk}
    )


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice.user)
    return client


# --- Confidentiality ------------------------------------------------------------------------


def test_a_non_member_sees_the_purpose_but_no_names_or_messages(member_client, thread, alice):
    MessageFactory(thread=thread, author=alice, body="Our reserves are down to six weeks")
    response = member_client.get(thread.circle.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert thread.circle.purpose in page
    assert "Ask to join" in page
    for secret in (alice.name, thread.circle.facilitator.name, "six weeks", thread.title):
        assert secret not in page
    assert member_client.get(thread_url(thread)).status_code == 404
    circles = member_client.get(reverse("peer_support:circle_list")).content.decode()
    assert alice.name not in circles


def test_an_invitation_only_circle_is_invisible_to_non_members(member_client):
    private = CircleFactory(admission=Circle.Admission.INVITATION)
    assert member_client.get(private.get_absolute_url()).status_code == 404
    listing = member_client.get(reverse("peer_support:circle_list")).content.decode()
    assert private.name not in listing


def test_a_removed_member_can_no_longer_read(client, thread, alice):
    CircleMembership.objects.filter(member=alice).update(status=CircleMembership.Status.REMOVED)
    client.force_login(alice.user)
    assert client.get(thread_url(thread)).status_code == 404


def test_members_accept_the_agreement_before_they_read(client, thread):
    newcomer = CircleMembershipFactory(circle=thread.circle, agreement_accepted_at=None).member
    client.force_login(newcomer.user)
    response = client.get(thread_url(thread))
    agreement = reverse("peer_support:circle_agreement", kwargs={"slug": thread.circle.slug})
    assert response.url == agreement
    assert client.post(agreement, {}).status_code == 400
    client.post(agreement, {"accept": "yes"})
    assert client.get(thread_url(thread)).status_code == 200


def test_asking_to_join_from_the_summary_page(member_client, member, circle):
    member_client.post(reverse("peer_support:circle_join", kwargs={"slug": circle.slug}))
    assert JoinRequest.objects.filter(member=member, status="pending").exists()
    page = member_client.get(circle.get_absolute_url()).content.decode()
    assert "You have asked to join" in page


# --- Without JavaScript ---------------------------------------------------------------------


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


def test_older_history_loads_a_page_at_a_time(alice_client, thread, alice):
    messages = MessageFactory.create_batch(60, thread=thread, author=alice)
    page = alice_client.get(thread_url(thread)).content.decode()
    assert f'id="message-{messages[-1].pk}"' in page
    assert f'id="message-{messages[9].pk}"' not in page
    older = alice_client.get(thread_url(thread), {"before": messages[10].pk, "fragment": 1})
    assert older["X-Has-Earlier"] == "0"
    assert older.content.decode().count('<li class="msg') == 10


def test_the_next_meeting_downloads_as_ics(alice_client, circle):
    starts = timezone.now() + timedelta(days=3)
    circle.next_meeting_starts_at = starts
    circle.next_meeting_ends_at = starts + timedelta(hours=1)
    circle.next_meeting_link = "https://meet.example.org/circle"
    circle.save()
    response = alice_client.get(reverse("peer_support:meeting_ics", kwargs={"slug": circle.slug}))
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == starts.replace(microsecond=0)
    assert str(event["location"]) == "https://meet.example.org/circle"


def test_a_meeting_that_ends_before_it_starts_is_refused(client, circle):
    client.force_login(circle.facilitator.user)
    response = client.post(
        reverse("peer_support:meeting_edit", kwargs={"slug": circle.slug}),
        {
            "starts_at": "2030-01-10 10:00",
            "ends_at": "2030-01-10 09:00",
            "link": "meet.example.org",
        },
    )
    assert response.status_code == 400
    assert "must end after it starts" in response.content.decode()


def test_facilitator_removes_a_member_from_the_circle_page(client, circle, alice):
    client.force_login(circle.facilitator.user)
    client.post(
        reverse("peer_support:member_remove", kwargs={"slug": circle.slug, "member_pk": alice.pk})
    )
    assert CircleMembership.objects.get(member=alice).status == CircleMembership.Status.REMOVED


def test_a_member_cannot_use_facilitator_pages(alice_client, circle):
    for name in ("moderation", "circle_invite", "meeting_edit"):
        url = reverse(f"peer_support:{name}", kwargs={"slug": circle.slug})
        assert alice_client.get(url).status_code == 403


# --- Query counts do not grow with messages or members -----------------------------------------


def _populate(circle, thread, n: int) -> None:
    members = [CircleMembershipFactory(circle=circle).member for _ in range(n)]
    for i in range(n):
        MessageFactory(thread=thread, author=members[i % len(members)])


@pytest.mark.parametrize("n", [1, 50])
def test_the_thread_page_runs_a_constant_number_of_queries(
    client, circle, thread, n, django_assert_num_queries
):
    _populate(circle, thread, n)
    client.force_login(circle.facilitator.user)
    url = thread_url(thread)
    client.get(url)  # warm: the read position exists from now on
    with django_assert_num_queries(17):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 50])
def test_the_circle_page_runs_a_constant_number_of_queries(
    client, circle, thread, n, django_assert_num_queries
):
    _populate(circle, thread, n)
    client.force_login(circle.facilitator.user)
    with django_assert_num_queries(14):
        response = client.get(circle.get_absolute_url())
    assert response.status_code == 200


def test_circle_list_shows_unread_counts(client, thread, alice, bob):
    MessageFactory.create_batch(3, thread=thread, author=bob)
    client.force_login(alice.user)
    page = client.get(reverse("peer_support:circle_list")).content.decode()
    assert '<span class="unread__count">3</span> unread messages' in page
