"""Tasks on a real worker: `manage.py qcluster` in its own process, on the test database and a
private Redis that the test can stop. Runs in CI's PostgreSQL and Redis pass.

Waiting on the other process polls with a deadline. django-q2's scheduler looks at the
schedules every 30 seconds, so the tests that need it wait up to a minute or so.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from email import message_from_bytes
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone
from django_q.conf import Conf
from django_q.models import Schedule, Success

from notifications.models import OutgoingEmail, SentReminder
from notifications.services import notify
from tests.factories import MemberFactory, RegistrationFactory, SessionFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

TEMPLATE = "notifications/tests/greeting"
SCHEDULER_DEADLINE = 75  # the scheduler's 30-second look, twice, and the task itself


def wait_for(condition, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"Gave up after {seconds}s waiting for {what}.")


class Worker:
    def __init__(self, process: subprocess.Popen, log: Path, mail_dir: Path):
        self.process, self.log, self.mail_dir = process, log, mail_dir

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def emails(self) -> list:
        """Every message the worker's file-based mail backend has written."""
        messages = []
        for path in sorted(self.mail_dir.glob("*.log")):
            for chunk in path.read_bytes().split(b"-" * 79):
                if chunk.strip():
                    messages.append(message_from_bytes(chunk.strip()))
        return messages

    def subjects(self) -> list[str]:
        return [str(m["Subject"]) for m in self.emails()]


def _database_url() -> str:
    db = django_settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def worker(transactional_db, private_redis, tmp_path, monkeypatch):
    """`manage.py qcluster` on the test database, queueing through the private Redis (the
    `private_redis` fixture of tests/conftest.py, which the test may stop and start); this
    process queues onto the same queue (instead of running tasks itself)."""
    name = f"test-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    for option, value in {
        "SYNC": False,
        "REDIS": private_redis.url,
        "ORM": None,
        "CLUSTER_NAME": name,
        "PREFIX": name,
    }.items():
        monkeypatch.setattr(Conf, option, value)
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": private_redis.url,
        "TASK_QUEUE_NAME": name,
        "TASK_WORKERS": "1",
        "CACHE_KEY_PREFIX": name,
        "CHANNEL_LAYER_PREFIX": name,
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "PYTHONUNBUFFERED": "1",
        "TASK_LOG_LEVEL": "INFO",  # the fixture knows the worker is up by its "running." line
    }
    log = tmp_path / "qcluster.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=django_settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Worker(process, log, mail_dir)
    try:
        wait_for(
            lambda: "running." in running.output() or process.poll() is not None,
            seconds=30,
            what="the worker to start",
        )
        assert process.poll() is None, running.output()
        yield running
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_an_email_is_sent_by_the_worker_after_commit(worker):
    member = MemberFactory()
    with transaction.atomic():
        notify(to=member, template=TEMPLATE, subject="Sent by the worker", context={"what": "x"})

    wait_for(worker.subjects, seconds=30, what=f"the email\n{worker.output()}")
    [email] = worker.emails()
    assert email["Subject"] == "[Common Ground] Sent by the worker"
    assert email["To"] == member.user.email
    wait_for(
        lambda: Success.objects.filter(func="notifications.tasks.email_send").exists(),
        seconds=10,
        what="the task's result to be saved",
    )
    assert not OutgoingEmail.objects.exists()


def test_a_scheduled_job_runs_on_the_worker(worker):
    registration = RegistrationFactory(
        session=SessionFactory(start=timezone.now() + dt.timedelta(hours=5))
    )
    Schedule.objects.filter(name="Masterclass reminders (a day before)").update(
        next_run=timezone.now() - dt.timedelta(minutes=1)
    )

    wait_for(
        lambda: Success.objects.filter(func="masterclasses.tasks.session_reminders_send").first(),
        seconds=SCHEDULER_DEADLINE,
        what=f"the scheduled job\n{worker.output()}",
    )
    assert SentReminder.objects.count() == 1
    wait_for(
        lambda: any(s.startswith("[Common Ground] Reminder:") for s in worker.subjects()),
        seconds=30,
        what="the reminder it queued to be sent",
    )
    [email] = worker.emails()
    assert email["To"] == registration.member.user.email
    schedule = Schedule.objects.get(name="Masterclass reminders (a day before)")
    assert schedule.next_run > timezone.now()  # and it is due again in an hour


def test_an_email_queued_while_redis_is_down_is_sent_once_it_is_back(worker, private_redis):
    member = MemberFactory()
    private_redis.stop()
    wait_for(
        lambda: "Failed to pull task from broker" in worker.output(),
        seconds=30,
        what="the worker to notice Redis has gone",
    )

    with transaction.atomic():  # the write commits although the queue is unreachable
        notify(to=member, template=TEMPLATE, subject="Sent after the blink", context={"what": "x"})
    waiting = OutgoingEmail.objects.get()
    assert (waiting.status, waiting.attempts) == (OutgoingEmail.Status.PENDING, 0)

    private_redis.start()
    wait_for(
        lambda: "[Common Ground] Sent after the blink" in worker.subjects(),
        seconds=SCHEDULER_DEADLINE,
        what=f"the email after Redis returned\n{worker.output()}",
    )
    assert worker.process.poll() is None  # the worker rode out the outage
    assert worker.subjects() == ["[Common Ground] Sent after the blink"]  # once
    assert not OutgoingEmail.objects.exists()
