"""Nightly privacy jobs: circle messages past their circle's retention period are removed,
and data archives whose download link has expired are deleted."""

from datetime import datetime

from croniter import croniter
from django.db import migrations
from django.utils import timezone

CRON = "C"

JOBS = [
    # name, func, cron
    (
        "Remove circle messages past their retention period (daily, 02:30)",
        "peer_support.tasks.messages_expire",
        "30 2 * * *",
    ),
    (
        "Delete expired data archives (daily, 02:45)",
        "privacy.tasks.exports_expire",
        "45 2 * * *",
    ),
]


def create_jobs(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    now = timezone.now()
    for name, func, cron in JOBS:
        Schedule.objects.update_or_create(
            name=name,
            defaults={
                "func": func,
                "args": None,
                "schedule_type": CRON,
                "minutes": None,
                "cron": cron,
                "repeats": -1,
                "next_run": croniter(cron, timezone.localtime(now)).get_next(datetime),
            },
        )


def remove_jobs(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.filter(name__in=[job[0] for job in JOBS]).delete()


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_periodic_jobs")]

    operations = [migrations.RunPython(create_jobs, remove_jobs)]
