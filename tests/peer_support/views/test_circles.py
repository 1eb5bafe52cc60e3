"""Circle pages: confidentiality, joining, invitations, the facilitator's tools, refusals shown
on the page they came from, and query counts."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from peer_support.models import Circle, CircleMembership, JoinRequest
from peer_support.services import circles
from tests.factories import CircleFactory, CircleMembershipFactory, MemberFactory, MessageFactory

pytestmark = pytest.mark.django_db


def thread_url(thread) -> str:
    return reverse(
        "peer_support:thread_detail", kwargs={"slug": thread.circle.slug, "pk": thread.pk}
    )


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
    circles_page = member_client.get(reverse("peer_support:circle_list")).content.decode()
    assert alice.name not in circles_page


def test_an_invitation_only_circle_is_invisible_to_non_members(member_client):
    private = CircleFactory(admission=Circle.Admission.INVITATION)
    assert member_client.get(private.get_absolute_url()).status_code == 404
    listing = member_client.get(reverse("peer_support:circle_list")).content.decode()
    assert private.name not in listing
    join = reverse("peer_support:circle_join", kwargs={"slug": private.slug})
    assert member_client.post(join).status_code == 404


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


def test_a_member_approved_but_not_yet_agreed_can_leave_from_the_agreement_page(client, thread):
    newcomer = CircleMembershipFactory(circle=thread.circle, agreement_accepted_at=None).member
    client.force_login(newcomer.user)
    slug = thread.circle.slug
    agreement = client.get(reverse("peer_support:circle_agreement", kwargs={"slug": slug}))
    leave = reverse("peer_support:circle_leave", kwargs={"slug": slug})
    page = agreement.content.decode()
    assert f'action="{leave}"' in page
    assert "Leave this circle" in page

    response = client.post(leave)
    assert response.url == reverse("peer_support:circle_list")
    membership = CircleMembership.objects.get(circle=thread.circle, member=newcomer)
    assert membership.status == CircleMembership.Status.LEFT
    left = escape(f"You have left {thread.circle.name}.")
    assert left in client.get(response.url).content.decode()
    # Gone: neither the agreement nor the thread opens for them now.
    assert client.get(agreement.wsgi_request.path).status_code == 404
    assert client.get(thread_url(thread)).status_code == 404


# --- Joining and invitations ------------------------------------------------------------------


def test_asking_to_join_from_the_summary_page(member_client, member, circle):
    member_client.post(reverse("peer_support:circle_join", kwargs={"slug": circle.slug}))
    assert JoinRequest.objects.filter(member=member, status="pending").exists()
    page = member_client.get(circle.get_absolute_url()).content.decode()
    assert "You have asked to join" in page


def test_asking_twice_is_refused_on_the_page_it_came_from(member_client, circle):
    url = reverse("peer_support:circle_join", kwargs={"slug": circle.slug})
    back = f"http://testserver{circle.get_absolute_url()}"
    member_client.post(url, HTTP_REFERER=back)
    response = member_client.post(url, HTTP_REFERER=back, follow=True)
    assert response.redirect_chain == [(back, 302)]
    assert "You have already asked to join" in response.content.decode()


def test_a_facilitator_answering_a_request_twice_is_told_it_was_answered(
    facilitator_client, circle
):
    request = circles.join_request_create(circle=circle, member=MemberFactory())
    url = reverse("peer_support:request_decide", kwargs={"slug": circle.slug, "pk": request.pk})
    back = f"http://testserver{circle.get_absolute_url()}"
    facilitator_client.post(url, {"decision": "decline"}, HTTP_REFERER=back)
    page = facilitator_client.post(
        url, {"decision": "approve"}, HTTP_REFERER=back, follow=True
    ).content.decode()
    assert "This request has already been answered." in page
    assert not CircleMembership.objects.filter(member=request.member).exists()


def test_inviting_a_current_member_shows_the_reason_on_the_email_field(
    facilitator_client, circle, alice, mailoutbox
):
    url = reverse("peer_support:circle_invite", kwargs={"slug": circle.slug})
    response = facilitator_client.post(url, {"email": alice.user.email})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "email": ["That person is already a member of this circle."]
    }
    assert 'id="id_email_error"' in response.content.decode()
    assert mailoutbox == []


def test_an_invitation_opened_by_someone_else_says_it_cannot_be_used(client, circle):
    invitation = circles.invitation_create(
        circle=circle, invited_by=circle.facilitator, email="someone@example.org"
    )
    client.force_login(MemberFactory().user)
    url = f"http://testserver{invitation.get_absolute_url()}"
    page = client.post(url, HTTP_REFERER=url, follow=True).content.decode()
    assert "sent to another address" in page
    assert "Accept the invitation" in page


# --- The facilitator's tools ------------------------------------------------------------------


def test_facilitator_removes_a_member_from_the_circle_page(facilitator_client, circle, alice):
    facilitator_client.post(
        reverse("peer_support:member_remove", kwargs={"slug": circle.slug, "member_pk": alice.pk})
    )
    assert CircleMembership.objects.get(member=alice).status == CircleMembership.Status.REMOVED


def test_a_member_cannot_use_facilitator_pages(alice_client, circle):
    for name in ("moderation", "circle_invite", "meeting_edit"):
        url = reverse(f"peer_support:{name}", kwargs={"slug": circle.slug})
        assert alice_client.get(url).status_code == 403


def test_closing_a_circle_leaves_its_history_readable_but_closed(
    facilitator_client, circle, thread
):
    MessageFactory(thread=thread, body="What we said")
    facilitator_client.post(reverse("peer_support:circle_close", kwargs={"slug": circle.slug}))
    page = facilitator_client.get(thread_url(thread)).content.decode()
    assert "What we said" in page
    assert "This circle has closed" in page
    assert 'id="post-form"' not in page


# --- Lists and query counts -------------------------------------------------------------------


def test_circle_list_shows_unread_counts(client, thread, alice, bob):
    MessageFactory.create_batch(3, thread=thread, author=bob)
    client.force_login(alice.user)
    page = client.get(reverse("peer_support:circle_list")).content.decode()
    assert '<span class="unread__count">3</span> unread messages' in page


@pytest.mark.parametrize("n", [1, 50])
def test_the_circle_page_runs_a_constant_number_of_queries(
    facilitator_client, circle, thread, n, django_assert_num_queries
):
    members = [CircleMembershipFactory(circle=circle).member for _ in range(n)]
    for i in range(n):
        MessageFactory(thread=thread, author=members[i])
    # With the header's unread count and the action-learning set in progress; the session is
    # cached.
    with django_assert_num_queries(14):
        response = facilitator_client.get(circle.get_absolute_url())
    assert response.status_code == 200
