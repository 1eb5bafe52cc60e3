from django.contrib import messages
from django.contrib.auth import logout
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from network.decorators import member_required, staff_required
from privacy import selectors
from privacy.forms import EraseForm
from privacy.models import AuditEntry, DataExport
from privacy.services import erasure, export

ERASED = "Your account is erased. Thank you for being part of Common Ground."
EXPORT_REQUESTED = (
    "We are preparing your archive. We'll email you a link to download it, usually within "
    "a few minutes."
)


@member_required
def erase(request):
    member = request.user.member
    form = EraseForm(request.POST or None)
    try:
        erasure.erasure_check(member=member)
        refusal = None
    except erasure.ErasureError as error:
        refusal = error.message
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            erasure.account_erase(
                member=member,
                password=form.cleaned_data["password"],
                keep_messages=form.cleaned_data["keep_messages"],
            )
        except erasure.ErasureError as error:
            error.add_to(form)
        else:
            logout(request)
            messages.success(request, ERASED)
            return redirect("/")
    return render(
        request,
        "privacy/erase.html",
        {"form": form, "refusal": refusal},
        status=400 if form.errors or (refusal and request.method == "POST") else 200,
    )


@member_required
def data(request):
    member = request.user.member
    return render(
        request,
        "privacy/data.html",
        {
            "exports": DataExport.objects.filter(member=member)[:5],
            "lifetime_days": export.EXPORT_LINK_LIFETIME.days,
        },
    )


@require_POST
@member_required
def data_request(request):
    export.export_request(member=request.user.member)
    messages.success(request, EXPORT_REQUESTED)
    return redirect("privacy:data")


@member_required
def export_download(request, signed: str):
    archive = export.export_for_download(member=request.user.member, signed=signed)
    return FileResponse(
        export.export_path(archive).open("rb"),
        as_attachment=True,
        filename=f"common-ground-data-{archive.ready_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )


@staff_required
def audit_log(request):
    action = request.GET.get("action", "")
    return render(
        request,
        "privacy/audit_log.html",
        {
            "entries": selectors.audit_log(action=action),
            "actions": AuditEntry.Action.choices,
            "action": action if action in AuditEntry.Action.values else "",
        },
    )
