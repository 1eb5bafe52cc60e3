"""Circle messages older than the circle's retention period are removed by the nightly job."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from peer_support.models import DEFAULT_RETENTION_MONTHS, Message, Report, Thread
from peer_support.services import retention
from peer_support.tasks import messages_expire
from privacy.models import AuditEntry
from tests.factories import CircleFactory, MemberFactory, MessageFactory, ThreadFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def aged(circle, *, months: float, thread=None, **kwargs):
    thread = thread or ThreadFactory(circle=circle)
    when = NOW - dt.timedelta(days=30.44 * months)
    message = MessageFactory(thread=thread, created_at=when, **kwargs)
    Thread.objects.filter(pk=thread.pk, created_at__gt=when).update(created_at=when)
    return message


def test_circles_keep_messages_for_24_months_by_default():
    assert CircleFactory().message_retention_months == DEFAULT_RETENTION_MONTHS == 24


def test_messages_past_the_period_go_and_newer_ones_stay():
    circle = CircleFactory()
    thread = ThreadFactory(circle=circle)
    old = aged(circle, months=25, thread=thread)
    Report.objects.create(
        message=old, circle=circle, reporter=circle.facilitator, reason="Names a client"
    )
    recent = aged(circle, months=23, thread=thread)
    assert retention.messages_expire(now=NOW) == 1
    assert list(Message.objects.filter(circle=circle)) == [recent]
    assert not Report.objects.exists()
    assert Thread.objects.filter(pk=thread.pk).exists()  # still has a message
    entry = AuditEntry.objects.get(action=AuditEntry.Action.MESSAGES_EXPIRED)
    assert entry.circle == circle
    assert entry.detail.startswith("1 message(s)")


def test_each_circle_uses_its_own_period():
    short = CircleFactory(message_retention_months=6)
    long = CircleFactory(message_retention_months=36)
    aged(short, months=7)
    kept = aged(long, months=30)
    retention.messages_expire(now=NOW)
    assert list(Message.objects.all()) == [kept]


def test_a_thread_left_empty_goes_too():
    circle = CircleFactory()
    old = aged(circle, months=30)
    retention.messages_expire(now=NOW)
    assert not Thread.objects.filter(pk=old.thread_id).exists()


def test_the_scheduled_task_runs_the_job():
    circle = CircleFactory()
    MessageFactory(
        thread=ThreadFactory(circle=circle),
        created_at=timezone.now() - dt.timedelta(days=365 * 3),
    )
    assert messages_expire() == 1


def test_facilitator_sees_and_changes_the_setting(client):
    circle = CircleFactory()
    client.force_login(circle.facilitator.user)
    page = client.get(circle.get_absolute_url()).content.decode()
    assert "Messages are kept for 24 months" in page
    url = reverse("peer_support:retention_edit", kwargs={"slug": circle.slug})
    assert client.post(url, {"months": "12"}).status_code == 302
    circle.refresh_from_db()
    assert circle.message_retention_months == 12
    assert AuditEntry.objects.filter(action="retention_changed", circle=circle).exists()


@pytest.mark.parametrize("months", ["0", "121", "twelve", ""])
def test_a_bad_period_is_a_form_error(client, months):
    circle = CircleFactory()
    client.force_login(circle.facilitator.user)
    url = reverse("peer_support:retention_edit", kwargs={"slug": circle.slug})
    assert client.post(url, {"months": months}).status_code == 400
    circle.refresh_from_db()
    assert circle.message_retention_months == 24


def test_only_the_facilitator_may_change_it(client):
    circle = CircleFactory()
    from tests.factories import CircleMembershipFactory

    member = CircleMembershipFactory(circle=circle).member
    client.force_login(member.user)
    url = reverse("peer_support:retention_edit", kwargs={"slug": circle.slug})
    assert client.post(url, {"months": "1"}).status_code == 403
    MemberFactory()
