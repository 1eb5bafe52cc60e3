"""Wagtail admin views: each session's attendee and waiting lists, and their CSV export."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone

from masterclasses import selectors
from masterclasses.models import Session

PERMISSION = "masterclasses.view_registration"


def _require_permission(request) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def session_list(request):
    _require_permission(request)
    show_past = request.GET.get("past") == "1"
    page_id = request.GET.get("page", "")
    sessions = selectors.admin_sessions(
        upcoming_only=not show_past and not page_id.isdigit(),
        page_id=int(page_id) if page_id.isdigit() else None,
    )
    return TemplateResponse(
        request,
        "masterclasses/admin/session_list.html",
        {"sessions": sessions, "show_past": show_past},
    )


def session_attendees(request, pk: int):
    _require_permission(request)
    session = get_object_or_404(Session.objects.select_related("page").with_counts(), pk=pk)
    context = {"session": session, **selectors.session_attendees(session=session)}
    return TemplateResponse(request, "masterclasses/admin/session_attendees.html", context)


def session_attendees_csv(request, pk: int):
    _require_permission(request)
    session = get_object_or_404(Session.objects.select_related("page"), pk=pk)
    lists = selectors.session_attendees(session=session)
    start = timezone.localtime(session.start)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{session.page.slug}-{start:%Y-%m-%d-%H%M}-attendees.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        ["Status", "Position", "Name", "Email", "Organisation", "Job title", "Registered at (UK)"]
    )
    for status, registrations in (
        ("Registered", lists["registered"]),
        ("Waiting", lists["waitlisted"]),
    ):
        for position, registration in enumerate(registrations, start=1):
            user = registration.member.user
            writer.writerow(
                [
                    status,
                    position,
                    _safe(str(user)),
                    _safe(user.email),
                    _safe(registration.member.organisation.name),
                    _safe(registration.member.job_title),
                    f"{timezone.localtime(registration.queued_at):%Y-%m-%d %H:%M}",
                ]
            )
    return response


def _safe(value: str) -> str:
    """Stop a spreadsheet treating member-typed text as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
