"""The one way to tell someone something: `notify`.

It renders the message now, inside the caller's transaction, so it describes the change as
it was made; records an on-site notification for each member told; and saves the emails to
the outbox, whose tasks the worker runs once the transaction has committed (see
`notifications.outbox`). A mail server that fails is retried there, reported to staff if it
never recovers, and never turns a committed write into an error page.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.mime.base import MIMEBase
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from network.models import Member
from notifications.models import Notification
from notifications.outbox import emails_queue


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str
    html: str
    attachments: tuple[MIMEBase, ...] = ()


def absolute_url(path: str) -> str:
    """A link for an email: absolute, on the address the site is served at."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def render_email(
    *,
    template: str,
    subject: str,
    context: dict[str, Any],
    to: str,
    attachments: Sequence[MIMEBase] = (),
) -> Email:
    """`template`.txt is the message; `template`.html, if it exists, its HTML part (otherwise
    the text is set in the site's HTML email layout)."""
    context = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": settings.SITE_URL,
        "subject": subject,
        **context,
    }
    text = render_to_string(f"{template}.txt", context).strip() + "\n"
    try:
        html = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:
        html = render_to_string("notifications/email/layout.html", {**context, "text": text})
    return Email(
        to=to,
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{subject}",
        text=text,
        html=html,
        attachments=tuple(attachments),
    )


def notify(
    *,
    to: Member | str | Iterable[Member | str],
    template: str,
    subject: str,
    context: dict[str, Any] | None = None,
    url: str = "",
    text: str = "",
    attachments: Sequence[MIMEBase] = (),
) -> list[Notification]:
    """Tell each recipient: on site (members only) and by email, sent after commit.

    `to` takes members, or bare addresses for people who are not members yet (an
    invitation). `text` is the on-site line (the subject when empty); `url` is where it
    leads. Each email's context has `recipient` (the Member, or None) and `url` (absolute).
    """
    recipients = [to] if isinstance(to, Member | str) else list(to)
    context = context or {}
    notes: list[Notification] = []
    emails: list[Email] = []
    now = timezone.now()
    for recipient in recipients:
        member = recipient if isinstance(recipient, Member) else None
        address = member.user.email if member else recipient
        if member is not None:
            notes.append(
                Notification(member=member, text=(text or subject)[:300], url=url, created_at=now)
            )
        emails.append(
            render_email(
                template=template,
                subject=subject,
                context={**context, "recipient": member, "url": absolute_url(url) if url else ""},
                to=address,
                attachments=attachments,
            )
        )
    Notification.objects.bulk_create(notes)
    emails_queue(emails=emails)
    return notes


@transaction.atomic
def notifications_mark_read(*, member: Member) -> int:
    return Notification.objects.filter(member=member).unread().update(read_at=timezone.now())
