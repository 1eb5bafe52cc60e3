"""How long the circle keeps its messages: the facilitator sees and sets it."""

from django.contrib import messages
from django.shortcuts import redirect

from peer_support.decorators import participant_view
from peer_support.forms import RetentionForm
from peer_support.services import retention
from peer_support.views.forms import form_submitted, render_form


@participant_view(facilitator=True)
def retention_edit(request, circle, membership):
    form = RetentionForm(request.POST or None, initial={"months": circle.message_retention_months})
    saved = form_submitted(
        request,
        form,
        lambda data: retention.retention_set(
            circle=circle, facilitator=membership.member, months=data["months"]
        ),
    )
    if saved:
        messages.success(request, "Saved. Older messages are removed tonight.")
        return redirect(circle)
    return render_form(
        request, "peer_support/retention_form.html", {"circle": circle, "form": form}
    )
