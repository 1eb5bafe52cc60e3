"""Taking part in a lot: its page, expressing interest, consortia, clarifications,
evaluators, declarations, the award, and the staff register of declarations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from commissioning.forms import (
    AnswerForm,
    AwardForm,
    ClarificationAnswerForm,
    DeclarationsForm,
    ExpressionForm,
    MemberEmailForm,
    PartnerForm,
    QuestionForm,
)
from commissioning.models import Clarification, ConsortiumPartner, Declaration, Expression, Stage
from commissioning.selectors import challenges as challenge_selectors
from commissioning.selectors import taking_part as selectors
from commissioning.selectors.evaluation import Standing, evaluation_status
from commissioning.services import methods as method_services
from commissioning.services import taking_part as services
from commissioning.services.rules import CommissioningError
from commissioning.views.common import back_to, visible_challenge, visible_lot
from network.decorators import member_required


@member_required
def lot_detail(request, pk: int):
    member = request.user.member
    lot = visible_lot(member, pk)
    status = evaluation_status(member, lot)
    mine = lot.challenge.commissioner_id == member.pk
    context = {
        "lot": lot,
        "challenge": lot.challenge,
        "is_commissioner": mine,
        "status": status,
        "own": selectors.own_expression(member, lot),
        "invitations": selectors.invitations_for(member, lot),
        "is_open": lot.challenge.stage == Stage.METHODS and not lot.awarded_to_id,
        "clarifications": challenge_selectors.clarifications_for(member, lot.challenge),
    }
    if status.sees_expressions:
        context["expressions"] = selectors.expressions_with_strength(lot)
        if mine and context["is_open"] and context["expressions"]:
            context["award_form"] = AwardForm(lot=lot)
    if mine and context["is_open"]:
        context["evaluator_form"] = MemberEmailForm()
        context["evaluators"] = list(lot.evaluators.select_related("member__user"))
    if context["own"] is not None and context["is_open"]:
        context["partner_form"] = PartnerForm()
    if lot.awarded_to_id:
        context["award"] = selectors.award(lot)
    return render(request, "commissioning/lot_detail.html", context)


@member_required
def interest(request, pk: int):
    member = request.user.member
    lot = visible_lot(member, pk)
    form = ExpressionForm(request.POST or None, short_form=lot.short_form)
    if request.method == "POST" and form.is_valid():
        try:
            services.expression_submit(member=member, lot=lot, **form.cleaned_data)
        except CommissioningError as error:
            error.add_to(form)
        else:
            messages.success(
                request,
                "Your expression of interest is in. To bid as a consortium, invite partners "
                "below: each must accept before they are part of it.",
            )
            return redirect(lot.get_absolute_url())
    return render(
        request,
        "commissioning/expression_form.html",
        {"form": form, "lot": lot, "challenge": lot.challenge},
        status=400 if form.errors else 200,
    )


@require_POST
@member_required
def partner_invite(request, pk: int):
    member = request.user.member
    expression = Expression.objects.select_related("lot").filter(pk=pk).first()
    if expression is None:
        raise Http404("No such expression of interest.")
    lot = visible_lot(member, expression.lot_id)
    form = PartnerForm(request.POST)
    partner = form.is_valid() and challenge_selectors.member_by_email(form.cleaned_data["email"])
    if not partner:
        messages.error(request, "No member of Common Ground has that email address.")
        return redirect(lot.get_absolute_url())
    services.consortium_invite(lead=member, expression=expression, partner=partner)
    messages.success(request, f"{partner.organisation} is invited. They join only if they accept.")
    return redirect(lot.get_absolute_url())


@require_POST
@member_required
def partner_answer(request, pk: int):
    member = request.user.member
    invitation = ConsortiumPartner.objects.select_related("expression__lot").filter(pk=pk).first()
    if invitation is None or invitation.member_id != member.pk:
        raise Http404("No such invitation.")
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose to accept or decline.")
        return redirect(invitation.expression.lot.get_absolute_url())
    accept = form.cleaned_data["accept"] == "yes"
    services.consortium_answer(member=member, invitation=invitation, accept=accept)
    messages.success(
        request,
        "You are part of the consortium." if accept else "You have declined the invitation.",
    )
    return redirect(invitation.expression.lot.get_absolute_url())


@require_POST
@member_required
def question_ask(request, pk: int):
    member = request.user.member
    challenge = visible_challenge(member, pk)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, services.EMPTY_QUESTION)
        return back_to(challenge, "clarifications")
    services.clarification_ask(
        member=member, challenge=challenge, question=form.cleaned_data["question"]
    )
    messages.success(
        request,
        "Your question is with the commissioner. The answer is published to everyone at once, "
        "without your name.",
    )
    return back_to(challenge, "clarifications")


@require_POST
@member_required
def question_answer(request, pk: int):
    member = request.user.member
    clarification = Clarification.objects.select_related("challenge").filter(pk=pk).first()
    if clarification is None:
        raise Http404("No such question.")
    challenge = visible_challenge(member, clarification.challenge_id)
    form = ClarificationAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, services.EMPTY_ANSWER)
        return back_to(challenge, "clarifications")
    services.clarification_answer(
        commissioner=member, clarification=clarification, answer=form.cleaned_data["answer"]
    )
    messages.success(request, "The answer is published to everyone taking part.")
    return back_to(challenge, "clarifications")


@require_POST
@member_required
def evaluator_add(request, pk: int):
    member = request.user.member
    lot = visible_lot(member, pk)
    form = MemberEmailForm(request.POST)
    evaluator = form.is_valid() and challenge_selectors.member_by_email(form.cleaned_data["email"])
    if not evaluator:
        messages.error(request, "No member of Common Ground has that email address.")
        return redirect(lot.get_absolute_url())
    method_services.evaluator_add(commissioner=member, lot=lot, member=evaluator)
    messages.success(
        request, f"{evaluator.name} evaluates this lot once they have declared their interests."
    )
    return redirect(lot.get_absolute_url())


@member_required
def declarations(request, pk: int):
    member = request.user.member
    lot = visible_lot(member, pk)
    status = evaluation_status(member, lot)
    if status.standing is Standing.NOT_EVALUATOR:
        raise PermissionDenied
    form = DeclarationsForm(request.POST or None, organisations=status.to_declare)
    if request.method == "POST" and form.is_valid():
        given = {
            o.pk: services.DeclarationInput(
                kind=form.cleaned_data[f"kind_{o.pk}"],
                description=form.cleaned_data[f"describe_{o.pk}"],
            )
            for o in form.organisations
        }
        try:
            services.declarations_make(member=member, lot=lot, declarations=given)
        except CommissioningError as error:
            error.add_to(form)
        else:
            messages.success(request, "Your declarations are recorded, with the time.")
            return redirect(lot.get_absolute_url())
    return render(
        request,
        "commissioning/declarations_form.html",
        {
            "form": form,
            "lot": lot,
            "challenge": lot.challenge,
            "status": status,
            "made": list(
                Declaration.objects.filter(lot=lot, member=member).select_related("organisation")
            ),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@member_required
def award(request, pk: int):
    member = request.user.member
    lot = visible_lot(member, pk)
    form = AwardForm(request.POST, lot=lot)
    if not form.is_valid():
        messages.error(request, "Choose who to award the lot to, and give your reasons.")
        return redirect(lot.get_absolute_url())
    services.lot_award(commissioner=member, lot=lot, **form.cleaned_data)
    messages.success(request, "The award is recorded and everyone who took part is told.")
    return redirect(lot.get_absolute_url())


@member_required
def register(request):
    """The register of conflict-of-interest declarations: staff only."""
    if not request.user.is_staff:
        raise PermissionDenied
    return render(
        request,
        "commissioning/register.html",
        {"declarations": selectors.declaration_register()},
    )
