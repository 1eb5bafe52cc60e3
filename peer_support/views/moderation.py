"""The facilitator's moderation queue, and members reporting messages to it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from peer_support import selectors
from peer_support.decorators import participant_view
from peer_support.forms import ReportForm
from peer_support.models import Report
from peer_support.services import moderation
from peer_support.views.forms import form_submitted, render_form


@participant_view(facilitator=True)
def moderation_queue(request, circle, membership):
    return render(
        request,
        "peer_support/moderation.html",
        {"circle": circle, "reports": selectors.open_reports(circle=circle)},
    )


@participant_view()
def message_report(request, circle, membership, pk: int):
    message = selectors.message_in_circle(circle=circle, pk=pk)
    form = ReportForm(request.POST or None)
    report = form_submitted(
        request,
        form,
        lambda data: moderation.message_report(
            message=message, reporter=membership.member, reason=data["reason"]
        ),
    )
    if report:
        messages.success(request, "Thank you. The facilitator will look at this message.")
        return redirect(message.thread.get_absolute_url())
    return render_form(
        request,
        "peer_support/message_report.html",
        {"circle": circle, "message": message, "form": form},
    )


@require_POST
@participant_view(facilitator=True)
def message_hide(request, circle, membership, pk: int):
    message = selectors.message_in_circle(circle=circle, pk=pk)
    moderation.message_hide(message=message, facilitator=membership.member)
    messages.success(request, "The message is hidden from the circle.")
    if request.POST.get("next") == "moderation":
        return redirect("peer_support:moderation", slug=circle.slug)
    return redirect(message.thread.get_absolute_url())


@require_POST
@participant_view(facilitator=True)
def report_dismiss(request, circle, membership, pk: int):
    report = get_object_or_404(Report, pk=pk, circle=circle)
    moderation.report_dismiss(report=report, facilitator=membership.member)
    messages.success(request, "Report dismissed.")
    return redirect("peer_support:moderation", slug=circle.slug)
