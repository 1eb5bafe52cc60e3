"""The periodic jobs, as django-q2 schedules (Background tasks → Scheduled tasks in the admin).

Every function is named by dotted path, in its app's `tasks.py`. Daily jobs run at a UK time
(cron in TIME_ZONE); the others every few minutes or hourly, as each job is safe to repeat.
Times are first due at the first worker start after migrating, daily jobs at their hour.
"""

from datetime import datetime

from croniter import croniter
from django.db import migrations
from django.utils import timezone

MINUTES, HOURLY, CRON = "I", "H", "C"

JOBS = [
    # name, func, schedule_type, minutes, cron, args
    ("Send emails that are due", "notifications.tasks.outbox_sweep", MINUTES, 1, None, None),
    (
        "Publish scheduled pages",
        "django.core.management.call_command",
        MINUTES,
        5,
        None,
        "'publish_scheduled'",
    ),
    (
        "Booking reminders (a day before)",
        "network.tasks.booking_reminders_send",
        HOURLY,
        None,
        None,
        None,
    ),
    (
        "Masterclass reminders (a day before)",
        "masterclasses.tasks.session_reminders_send",
        HOURLY,
        None,
        None,
        None,
    ),
    (
        "Circle digest (daily, 07:00)",
        "peer_support.tasks.digest_send",
        CRON,
        None,
        "0 7 * * *",
        None,
    ),
    (
        "Expire circle invitations (daily, 03:30)",
        "peer_support.tasks.invitations_expire",
        CRON,
        None,
        "30 3 * * *",
        None,
    ),
    ("Sweep presence left behind", "peer_support.tasks.presence_sweep", MINUTES, 15, None, None),
]


def create_jobs(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    now = timezone.now()
    for name, func, schedule_type, minutes, cron, args in JOBS:
        next_run = croniter(cron, timezone.localtime(now)).get_next(datetime) if cron else now
        Schedule.objects.update_or_create(
            name=name,
            defaults={
                "func": func,
                "args": args,
                "schedule_type": schedule_type,
                "minutes": minutes,
                "cron": cron,
                "repeats": -1,
                "next_run": next_run,
            },
        )


def remove_jobs(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.filter(name__in=[job[0] for job in JOBS]).delete()


class Migration(migrations.Migration):
    dependencies = [("django_q", "0018_task_success_index")]

    operations = [migrations.RunPython(create_jobs, remove_jobs)]
