"""Tasks the worker runs for masterclasses, named by dotted path in the schedules (see
`scheduling/migrations`)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from masterclasses.models import Registration
from notifications.models import Kind, SentReminder
from notifications.services import notify

REMINDER_AHEAD = dt.timedelta(hours=24)


def session_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind everyone with a place at a session starting within a day, once each.

    Safe to run every hour, or twice at once: each reminder is claimed by its key, which
    names the session's start, so a session moved to another day is reminded again.
    """
    now = now or timezone.now()
    due = (
        Registration.objects.registered()
        .filter(
            session__page__live=True,
            session__start__gt=now,
            session__start__lte=now + REMINDER_AHEAD,
        )
        .select_related("session__page", "member__user")
    )
    sent = 0
    for registration in due:
        session, page = registration.session, registration.session.page
        key = f"masterclass-session:{registration.pk}:{session.start.isoformat()}"
        with transaction.atomic():
            _, new = SentReminder.objects.get_or_create(key=key)
            if not new:
                continue
            when = timezone.localtime(session.start).strftime("%A %-d %B, %H:%M")
            notify(
                to=registration.member,
                template="masterclasses/email/reminder",
                subject=f"Reminder: {page.title}, {when}",
                kind=Kind.MASTERCLASS_REMINDER,
                text=f"Reminder: {page.title} starts on {when}.",
                context={"session": session, "page": page},
                url=page.url or "/",
            )
        sent += 1
    return sent
