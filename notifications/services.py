"""The one way to tell someone something: `notify`, and what members do with what they're told.

`notify` renders the message now, inside the caller's transaction, so it describes the change
as it was made; records an on-site notification for each member told; and, where the member
takes that kind of event by email at once, saves the email to the outbox, whose tasks the
worker runs once the transaction has committed (`notifications.outbox`). A mail server that
fails is retried there, reported to staff if it never recovers, and never turns a committed
write into an error page.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from email.mime.base import MIMEBase
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from network.models import Member
from notifications.events import unread_changed_on_commit
from notifications.models import Channel, Kind, Notification, Preference, default_channel
from notifications.outbox import emails_queue

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
UNSUBSCRIBE_INVALID = (
    "This unsubscribe link is not valid. Choose what we send you on your settings page."
)
PerRecipient = str | Callable[[Member | None], str]


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str
    html: str
    attachments: tuple[MIMEBase, ...] = ()
    headers: dict[str, str] = field(default_factory=dict)


def absolute_url(path: str) -> str:
    """A link for an email: absolute, on the address the site is served at."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def unsubscribe_url(*, member: Member, kind: str) -> str:
    token = signing.dumps({"m": member.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)
    return absolute_url(reverse("notifications:unsubscribe", kwargs={"token": token}))


def render_email(
    *,
    template: str,
    subject: str,
    context: dict[str, Any],
    to: str,
    attachments: Sequence[MIMEBase] = (),
    unsubscribe: str = "",
) -> Email:
    """`template`.txt is the message; `template`.html, if it exists, its HTML part (otherwise
    the text is set in the site's HTML email layout)."""
    context = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": settings.SITE_URL,
        "subject": subject,
        "unsubscribe_url": unsubscribe,
        **context,
    }
    text = render_to_string(f"{template}.txt", context).strip() + "\n"
    if unsubscribe:
        text += f"\n--\nTo stop these emails: {unsubscribe}\n"
    try:
        html = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:
        html = render_to_string("notifications/email/layout.html", {**context, "text": text})
    headers = {}
    if unsubscribe:
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return Email(
        to=to,
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{subject}",
        text=text,
        html=html,
        attachments=tuple(attachments),
        headers=headers,
    )


def channels_for(members: Iterable[Member], kind: str) -> dict[int, str]:
    """How each member takes `kind`: their preference, or the kind's default."""
    members = list(members)
    chosen = dict(
        Preference.objects.filter(member__in=members, kind=kind).values_list("member_id", "channel")
    )
    return {m.pk: chosen.get(m.pk, default_channel(kind)) for m in members}


def _for(value: PerRecipient, recipient: Member | None) -> str:
    return value(recipient) if callable(value) else value


def notify(
    *,
    to: Member | str | Iterable[Member | str],
    template: str,
    subject: PerRecipient,
    kind: str = Kind.GENERAL,
    context: dict[str, Any] | None = None,
    url: str = "",
    text: PerRecipient = "",
    attachments: Sequence[MIMEBase] = (),
) -> list[Notification]:
    """Tell each recipient: on site (members), and by email as their preference for `kind` says.

    `to` takes members, or bare addresses for people who are not members yet (an
    invitation), who are always emailed. `subject` and `text` (the on-site line; the subject
    when empty) may be functions of the recipient, so that the person who acted reads "You
    cancelled..." while the other reads their name. Each email's context has `recipient`
    (the Member, or None), `line` (the on-site line, as that recipient reads it) and `url`
    (absolute).
    """
    recipients = [to] if isinstance(to, Member | str) else list(to)
    context = context or {}
    members = [r for r in recipients if isinstance(r, Member)]
    channels = channels_for(members, kind)
    notes: list[Notification] = []
    emails: list[Email] = []
    now = timezone.now()
    for recipient in recipients:
        member = recipient if isinstance(recipient, Member) else None
        line = _for(text, member) or _for(subject, member)
        if member is not None:
            notes.append(
                Notification(member=member, kind=kind, text=line[:300], url=url, created_at=now)
            )
            if channels[member.pk] != Channel.EMAIL:
                continue
        emails.append(
            render_email(
                template=template,
                subject=_for(subject, member),
                context={
                    "line": line,
                    **context,
                    "recipient": member,
                    "url": absolute_url(url) if url else "",
                },
                to=member.user.email if member else recipient,
                attachments=attachments,
                unsubscribe=unsubscribe_url(member=member, kind=kind) if member else "",
            )
        )
    Notification.objects.bulk_create(notes)
    unread_changed_on_commit(note.member_id for note in notes)
    emails_queue(emails=emails)
    return notes


# --- What members do with what they are told ----------------------------------------------


@transaction.atomic
def notification_mark_read(*, member: Member, notification_id: int) -> bool:
    """Mark one of `member`'s notifications read; False when it is not theirs or already read."""
    marked = (
        Notification.objects.filter(member=member, pk=notification_id)
        .unread()
        .update(read_at=timezone.now())
    )
    unread_changed_on_commit([member.pk])
    return bool(marked)


@transaction.atomic
def notifications_mark_read(*, member: Member) -> int:
    marked = Notification.objects.filter(member=member).unread().update(read_at=timezone.now())
    unread_changed_on_commit([member.pk])
    return marked


@transaction.atomic
def preferences_save(*, member: Member, channels: dict[str, str]) -> None:
    """Keep a row only where the member chose something other than the kind's default."""
    for kind, channel in channels.items():
        if kind not in Kind.values or channel not in Channel.values:
            raise DomainError("bad_preference", "Choose one of the options for each kind.")
        if channel == default_channel(kind):
            Preference.objects.filter(member=member, kind=kind).delete()
        else:
            Preference.objects.update_or_create(
                member=member, kind=kind, defaults={"channel": channel}
            )


def unsubscribe_token_read(token: str) -> tuple[Member, str]:
    """The member and kind an unsubscribe link names, or UNSUBSCRIBE_INVALID."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        member = Member.objects.select_related("user").get(pk=data["m"])
        kind = data["k"]
    except (signing.BadSignature, Member.DoesNotExist, KeyError, TypeError):
        raise DomainError("unsubscribe_invalid", UNSUBSCRIBE_INVALID) from None
    if kind not in Kind.values and kind != DIGEST:
        raise DomainError("unsubscribe_invalid", UNSUBSCRIBE_INVALID)
    return member, kind


@transaction.atomic
def unsubscribe(*, token: str) -> tuple[Member, str]:
    """One click from an email: that kind of event is shown on the site only from now on."""
    member, kind = unsubscribe_token_read(token)
    if kind == DIGEST:
        kinds = [k for k, c in _member_channels(member).items() if c == Channel.DIGEST]
    else:
        kinds = [kind]
    for each in kinds:
        Preference.objects.update_or_create(
            member=member, kind=each, defaults={"channel": Channel.SITE}
        )
    return member, kind


DIGEST = "digest"  # the daily email itself, as an unsubscribe token's kind


def _member_channels(member: Member) -> dict[str, str]:
    chosen = dict(member.notification_preferences.values_list("kind", "channel"))
    return {kind: chosen.get(kind, default_channel(kind)) for kind in Kind.values}


def digest_send(*, now=None) -> int:
    """One email per member gathering the unread notifications they take as a daily email.

    Each notification is claimed (digested_at set) in the transaction that renders the email,
    and the email leaves after commit: run twice, nothing is sent twice.
    """
    now = now or timezone.now()
    waiting = Notification.objects.filter(digested_at__isnull=True, read_at__isnull=True)
    sent = 0
    for member in Member.objects.filter(
        pk__in=waiting.values("member_id"), user__is_active=True
    ).select_related("user"):
        with transaction.atomic():
            kinds = [k for k, c in _member_channels(member).items() if c == Channel.DIGEST]
            notes = list(
                waiting.select_for_update()
                .filter(member=member, kind__in=kinds)
                .order_by("created_at", "pk")
            )
            if not notes:
                continue
            Notification.objects.filter(pk__in=[n.pk for n in notes]).update(digested_at=now)
            email = render_email(
                template="notifications/email/digest",
                subject="Your daily summary",
                context={"recipient": member, "notifications": notes},
                to=member.user.email,
                unsubscribe=unsubscribe_url(member=member, kind=DIGEST),
            )
            emails_queue(emails=[email])
            sent += 1
    return sent
