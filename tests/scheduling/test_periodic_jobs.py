"""A fresh site has its periodic jobs: the migration creates them, each naming a function
that exists, at the interval the job needs."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.models import Schedule

pytestmark = pytest.mark.django_db

EXPECTED = {
    # name: (function, type, minutes, cron, args)
    "Send emails that are due": (
        "notifications.tasks.outbox_sweep",
        Schedule.MINUTES,
        1,
        None,
        None,
    ),
    "Publish scheduled pages": (
        "django.core.management.call_command",
        Schedule.MINUTES,
        5,
        None,
        "'publish_scheduled'",
    ),
    "Booking reminders (a day before)": (
        "network.tasks.booking_reminders_send",
        Schedule.HOURLY,
        None,
        None,
        None,
    ),
    "Masterclass reminders (a day before)": (
        "masterclasses.tasks.session_reminders_send",
        Schedule.HOURLY,
        None,
        None,
        None,
    ),
    "Circle digest (daily, 07:00)": (
        "peer_support.tasks.digest_send",
        Schedule.CRON,
        None,
        "0 7 * * *",
        None,
    ),
    "Expire circle invitations (daily, 03:30)": (
        "peer_support.tasks.invitations_expire",
        Schedule.CRON,
        None,
        "30 3 * * *",
        None,
    ),
    "Sweep presence left behind": (
        "peer_support.tasks.presence_sweep",
        Schedule.MINUTES,
        15,
        None,
        None,
    ),
    "Remove circle messages past their retention period (daily, 02:30)": (
        "peer_support.tasks.messages_expire",
        Schedule.CRON,
        None,
        "30 2 * * *",
        None,
    ),
    "Delete expired data archives (daily, 02:45)": (
        "privacy.tasks.exports_expire",
        Schedule.CRON,
        None,
        "45 2 * * *",
        None,
    ),
}


def test_every_periodic_job_is_scheduled_after_migrating():
    found = {
        s.name: (s.func, s.schedule_type, s.minutes, s.cron, s.args) for s in Schedule.objects.all()
    }
    assert found == EXPECTED
    assert set(Schedule.objects.values_list("repeats", flat=True)) == {-1}  # for ever


@pytest.mark.parametrize("name", EXPECTED)
def test_each_job_names_a_function_the_worker_can_import(name):
    assert callable(import_string(Schedule.objects.get(name=name).func))


def test_daily_jobs_first_run_at_their_uk_hour_not_at_deploy_time():
    digest = Schedule.objects.get(name="Circle digest (daily, 07:00)")
    first = digest.next_run.astimezone(ZoneInfo("Europe/London"))
    assert (first.hour, first.minute) == (7, 0)
    assert dt.timedelta(0) < digest.next_run - timezone.now() <= dt.timedelta(days=1)
