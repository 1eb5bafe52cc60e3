"""Download my data: what each kind of record gives a member, and the archive it goes into.

A request (`export_request`) records a `DataExport` and queues `privacy.tasks.export_build`
after commit; the worker writes a zip into PRIVATE_ROOT (never under MEDIA_ROOT, never
served by the web server) and emails a signed link that stops working after
EXPORT_LINK_LIFETIME. Each file holds JSON; tables are also given as CSV, and bookings and
masterclass places as .ics, so the archive can be read without tools.
"""

import csv
import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.calendar import CalendarEvent, Method, calendar_bytes
from core.errors import DomainError
from network.models import Member
from notifications.models import Kind
from notifications.services import notify
from privacy.models import AuditEntry, DataExport

EXPORT_LINK_LIFETIME = dt.timedelta(days=7)
EXPORT_SALT = "privacy.export"
EXPORT_LINK_INVALID = (
    "This download link is not valid or has expired. Ask for a new archive on the Your data page."
)
EXPORT_PENDING = "We are already preparing an archive for you. We'll email you when it's ready."


class ExportError(DomainError):
    code = "export_refused"


@dataclass
class Part:
    """One kind of record in the archive: `name`.json, and .csv / .ics where they fit."""

    name: str
    rows: list[dict]
    events: list[CalendarEvent] = field(default_factory=list)
    note: str = ""


def private_root() -> Path:
    return Path(settings.PRIVATE_ROOT)


# --- Requesting and downloading ------------------------------------------------------------


@transaction.atomic
def export_request(*, member: Member, now: dt.datetime | None = None) -> DataExport:
    """Ask for an archive; the worker builds it and emails the link."""
    now = now or timezone.now()
    pending = DataExport.objects.select_for_update().filter(
        member=member, status=DataExport.Status.PENDING
    )
    if pending.exists():
        raise ExportError(message=EXPORT_PENDING)
    export = DataExport.objects.create(member=member, created_at=now)
    transaction.on_commit(lambda: _queue_build(export.pk))
    return export


def _queue_build(export_id: int) -> None:
    from django_q.tasks import async_task

    async_task("privacy.tasks.export_build", export_id, group="privacy")


def export_link_token(export: DataExport) -> str:
    return signing.dumps(export.token, salt=EXPORT_SALT)


def export_for_download(
    *, member: Member, signed: str, now: dt.datetime | None = None
) -> DataExport:
    """The archive a link names, if the link is good, unexpired and `member`'s own."""
    try:
        token = signing.loads(
            signed, salt=EXPORT_SALT, max_age=EXPORT_LINK_LIFETIME.total_seconds()
        )
    except (signing.BadSignature, ValueError, TypeError):
        raise ExportError(message=EXPORT_LINK_INVALID) from None
    now = now or timezone.now()
    export = (
        DataExport.objects.filter(token=str(token), member=member, status=DataExport.Status.READY)
        .filter(expires_at__gt=now)
        .first()
    )
    if export is None or not (private_root() / export.file_name).is_file():
        raise ExportError(message=EXPORT_LINK_INVALID)
    return export


def export_path(export: DataExport) -> Path:
    return private_root() / export.file_name


def export_delete(*, export: DataExport) -> None:
    if export.file_name:
        export_path(export).unlink(missing_ok=True)
    export.delete()


def exports_expire(*, now: dt.datetime | None = None) -> int:
    """Delete archives whose link has expired (the files, and the record after a month)."""
    now = now or timezone.now()
    expired = 0
    for export in DataExport.objects.filter(status=DataExport.Status.READY, expires_at__lte=now):
        export_path(export).unlink(missing_ok=True)
        export.status = DataExport.Status.EXPIRED
        export.file_name = ""
        export.save(update_fields=["status", "file_name"])
        expired += 1
    DataExport.objects.filter(created_at__lt=now - dt.timedelta(days=30)).exclude(
        status=DataExport.Status.PENDING
    ).delete()
    return expired


# --- Building ------------------------------------------------------------------------------


def archive_parts(member: Member) -> list[Part]:
    from privacy.rules import RULES

    parts = []
    for rule in RULES:
        part = rule.export(member)
        if part is not None:
            parts.append(part)
    return parts


def _csv(rows: list[dict]) -> str:
    columns: list[str] = []
    for row in rows:
        columns += [key for key in row if key not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in row.items()}
        )
    return out.getvalue()


README = """Your data from {site}
Prepared on {when} for {name}.

Each file ending .json holds one kind of record; the same records are in the .csv file of
the same name, which opens in a spreadsheet, and sessions and masterclass places are also
in .ics files, which open in a calendar. Times are in UTC.

{contents}
"""


def archive_bytes(member: Member, *, now: dt.datetime) -> bytes:
    parts = archive_parts(member)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        lines = []
        for part in parts:
            archive.writestr(
                f"{part.name}.json",
                json.dumps(part.rows, indent=2, ensure_ascii=False, default=str),
            )
            if part.rows:
                archive.writestr(f"{part.name}.csv", _csv(part.rows))
            if part.events:
                archive.writestr(
                    f"{part.name}.ics", calendar_bytes(part.events, method=Method.PUBLISH)
                )
            lines.append(f"- {part.name}: {len(part.rows)} record(s). {part.note}".rstrip())
        archive.writestr(
            "README.txt",
            README.format(
                site=settings.WAGTAIL_SITE_NAME,
                when=f"{now:%Y-%m-%d %H:%M} UTC",
                name=member.name,
                contents="\n".join(lines),
            ),
        )
    return buffer.getvalue()


def export_build(*, export_id: int, now: dt.datetime | None = None) -> DataExport | None:
    """The worker's half: write the archive, then email the member its link."""
    now = now or timezone.now()
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update()
            .select_related("member__user")
            .filter(pk=export_id, status=DataExport.Status.PENDING)
            .first()
        )
        if export is None:
            return None
        member = export.member
        data = archive_bytes(member, now=now)
        folder = private_root() / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        export.file_name = f"exports/{export.token}.zip"
        export_path(export).write_bytes(data)
        export.status = DataExport.Status.READY
        export.ready_at = now
        export.expires_at = now + EXPORT_LINK_LIFETIME
        export.save(update_fields=["file_name", "status", "ready_at", "expires_at"])
        AuditEntry.objects.create(
            action=AuditEntry.Action.DATA_EXPORTED,
            subject=member,
            subject_label=member.name,
            actor_label="The site, at the member's request",
            detail=f"Archive {export.pk}, link valid until {export.expires_at:%Y-%m-%d %H:%M} UTC",
            created_at=now,
        )
        link = reverse("privacy:export_download", kwargs={"signed": export_link_token(export)})
        notify(
            to=member,
            template="privacy/email/export_ready",
            subject="Your data is ready to download",
            kind=Kind.GENERAL,
            context={"expires_at": export.expires_at},
            url=link,
        )
    return export
