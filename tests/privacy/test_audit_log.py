"""Facilitators' and staff actions land in the audit log, which staff (and only staff) read."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from peer_support.models import Report
from peer_support.services import circles, moderation
from privacy.models import AuditEntry
from tests.factories import (
    CircleFactory,
    CircleMembershipFactory,
    MemberFactory,
    MessageFactory,
    ThreadFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("privacy:audit_log")


@pytest.fixture
def circle():
    return CircleFactory()


def test_hiding_a_message_is_logged(circle):
    author = CircleMembershipFactory(circle=circle).member
    message = MessageFactory(thread=ThreadFactory(circle=circle), author=author)
    moderation.message_hide(message=message, facilitator=circle.facilitator)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.MESSAGE_HIDDEN)
    assert (entry.actor, entry.subject, entry.circle) == (circle.facilitator, author, circle)
    assert entry.actor_label == circle.facilitator.name


def test_removing_a_member_is_logged(circle):
    member = CircleMembershipFactory(circle=circle).member
    circles.membership_remove(circle=circle, member=member, removed_by=circle.facilitator)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.MEMBER_REMOVED)
    assert entry.subject_label == member.name


def test_dismissing_a_report_and_closing_a_circle_are_logged(circle):
    message = MessageFactory(thread=ThreadFactory(circle=circle))
    report = Report.objects.create(
        message=message, circle=circle, reporter=circle.facilitator, reason="x"
    )
    moderation.report_dismiss(report=report, facilitator=circle.facilitator)
    circles.circle_close(circle=circle, closed_by=circle.facilitator)
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        AuditEntry.Action.REPORT_DISMISSED,
        AuditEntry.Action.CIRCLE_CLOSED,
    }


def test_a_refused_action_leaves_no_entry(circle):
    outsider = MemberFactory()
    message = MessageFactory(thread=ThreadFactory(circle=circle))
    with pytest.raises(Exception):  # noqa: B017, PT011 - any refusal
        moderation.message_hide(message=message, facilitator=outsider)
    assert not AuditEntry.objects.exists()


def _staff(client):
    staff = MemberFactory(user__is_staff=True)
    Authenticator.objects.create(user=staff.user, type=Authenticator.Type.TOTP, data={})
    client.force_login(staff.user)
    return staff


def test_staff_read_the_log(client, circle):
    member = CircleMembershipFactory(circle=circle).member
    circles.membership_remove(circle=circle, member=member, removed_by=circle.facilitator)
    _staff(client)
    page = client.get(URL).content.decode()
    assert "Removed a member from a circle" in page
    assert member.name in page
    filtered = client.get(URL, {"action": "message_hidden"}).content.decode()
    assert "Nothing recorded yet" in filtered
    assert client.get(URL, {"action": "<nonsense>"}).status_code == 200


def test_members_cannot(member_client):
    assert member_client.get(URL).status_code == 403


def test_staff_without_two_factor_are_sent_to_set_it_up(client):
    staff = MemberFactory(user__is_staff=True)
    client.force_login(staff.user)
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
