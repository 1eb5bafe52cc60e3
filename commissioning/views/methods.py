"""Stage 3 pages: the option appraisal and the lots of a chosen contract."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from commissioning.forms import AppraisalForm, LotForm
from commissioning.services import methods as services
from commissioning.services.rules import CommissioningError
from commissioning.views.common import back_to, visible_challenge, visible_lot
from network.decorators import member_required


@member_required
def appraisal(request, pk: int):
    member = request.user.member
    challenge = visible_challenge(member, pk)
    if challenge.commissioner_id != member.pk:
        raise PermissionDenied
    form = AppraisalForm(request.POST or None, challenge=challenge)
    if request.method == "POST" and form.is_valid():
        try:
            services.appraisal_save(commissioner=member, challenge=challenge, **form.cleaned_data)
        except CommissioningError as error:
            error.add_to(form)
        else:
            messages.success(request, "The option is appraised.")
            return back_to(challenge, "methods")
    return render(
        request,
        "commissioning/appraisal_form.html",
        {
            "form": form,
            "challenge": challenge,
            "appraisals": list(challenge.appraisals.prefetch_related("outcomes")),
        },
        status=400 if form.errors else 200,
    )


@member_required
def lot_edit(request, pk: int | None = None, challenge_pk: int | None = None):
    member = request.user.member
    lot = None
    if pk is not None:
        lot = visible_lot(member, pk)
        challenge = lot.challenge
    else:
        challenge = visible_challenge(member, challenge_pk)
    if challenge.commissioner_id != member.pk:
        raise PermissionDenied
    form = LotForm(request.POST or None, instance=lot, challenge=challenge)
    if request.method == "POST" and form.is_valid():
        try:
            lot = services.lot_save(
                commissioner=member, challenge=challenge, lot=lot, **form.cleaned_data
            )
        except CommissioningError as error:
            error.add_to(form)
        else:
            messages.success(request, "The lot is published to everyone who can see the challenge.")
            return redirect(lot.get_absolute_url())
    return render(
        request,
        "commissioning/lot_form.html",
        {"form": form, "challenge": challenge, "lot": lot},
        status=400 if form.errors else 200,
    )
