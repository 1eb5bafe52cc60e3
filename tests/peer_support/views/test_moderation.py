"""Reporting a message and the facilitator's moderation queue, without JavaScript."""

import pytest
from django.urls import reverse

from peer_support.models import Report
from tests.factories import MessageFactory

pytestmark = pytest.mark.django_db


def test_a_report_reaches_the_queue_and_the_facilitator_hides_the_message(
    client, circle, thread, alice, bob
):
    message = MessageFactory(thread=thread, author=bob, body="Something unkind")
    client.force_login(alice.user)
    report_url = reverse("peer_support:message_report", args=[circle.slug, message.pk])
    empty = client.post(report_url, {"reason": ""})
    assert empty.status_code == 400
    page = client.post(report_url, {"reason": "Personal attack"}, follow=True).content.decode()
    assert "The facilitator will look at this message" in page
    again = client.post(report_url, {"reason": "Still there"})
    assert again.status_code == 400
    assert "You have already reported this message." in again.content.decode()

    client.force_login(circle.facilitator.user)
    queue = reverse("peer_support:moderation", args=[circle.slug])
    assert "Personal attack" in client.get(queue).content.decode()
    hide = reverse("peer_support:message_hide", args=[circle.slug, message.pk])
    response = client.post(hide, {"next": "moderation"})
    assert response.url == queue
    assert Report.objects.get().status == Report.Status.HIDDEN
    thread_page = client.get(thread.get_absolute_url()).content.decode()
    assert "Hidden by the facilitator" in thread_page
    assert "Something unkind" not in thread_page


def test_the_facilitator_dismisses_a_report(facilitator_client, circle, thread, alice, bob):
    message = MessageFactory(thread=thread, author=bob)
    report = Report.objects.create(message=message, circle=circle, reporter=alice, reason="Hmm")
    dismiss = reverse("peer_support:report_dismiss", args=[circle.slug, report.pk])
    page = facilitator_client.post(dismiss, follow=True).content.decode()
    assert "Report dismissed." in page
    assert "Hmm" not in page
