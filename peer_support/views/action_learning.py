"""Action-learning sets, as pages: each stage is the set's page at that stage, so the whole
meeting works without JavaScript; with it, the page follows the shared timer live."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from network.models import Member
from peer_support import selectors
from peer_support.decorators import participant_view
from peer_support.forms import ActionForm, ActionReviewForm, ActionSetForm, QuestionForm
from peer_support.models import ActionLearningAction, ActionLearningSet
from peer_support.services import action_learning
from peer_support.views.forms import form_submitted, render_form

DEFAULT_MINUTES = {"presenting": 10, "questions": 20, "reflection": 10, "actions": 5}


def _participants(circle):
    return Member.objects.filter(
        circle_memberships__circle=circle,
        circle_memberships__status="active",
        circle_memberships__agreement_accepted_at__isnull=False,
    ).select_related("user")


@participant_view(facilitator=True)
def set_create(request, circle, membership):
    form = ActionSetForm(
        request.POST or None, initial=DEFAULT_MINUTES, participants=_participants(circle)
    )
    created = form_submitted(
        request,
        form,
        lambda data: action_learning.set_create(
            circle=circle,
            facilitator=membership.member,
            holders=list(data["holders"]),
            presenting=data["presenting"],
            questions=data["questions"],
            reflection=data["reflection"],
            actions=data["actions"],
        ),
    )
    if created:
        return redirect(created)
    return render_form(
        request, "peer_support/action_set_form.html", {"circle": circle, "form": form}
    )


def _set(circle, pk: int) -> ActionLearningSet:
    return get_object_or_404(
        ActionLearningSet.objects.select_related("circle"), pk=pk, circle=circle
    )


@participant_view()
def set_detail(request, circle, membership, pk: int):
    action_set = _set(circle, pk)
    context = {
        "circle": circle,
        "membership": membership,
        "action_set": action_set,
        "question_form": QuestionForm(),
        "action_form": ActionForm(),
        "review_form": ActionReviewForm(),
        **selectors.action_set_page(action_set=action_set, member=membership.member),
    }
    return render(request, "peer_support/action_set.html", context)


@require_POST
@participant_view(facilitator=True)
def set_advance(request, circle, membership, pk: int):
    action_set = _set(circle, pk)
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        position = None
    action_learning.set_advance(action_set=action_set, by=membership.member, from_position=position)
    return redirect(action_set)


@require_POST
@participant_view()
def question_ask(request, circle, membership, pk: int):
    action_set = _set(circle, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        action_learning.question_ask(
            action_set=action_set, author=membership.member, body=form.cleaned_data["question"]
        )
        messages.success(request, "Your question is in.")
    else:
        messages.error(request, "Write a question of up to 1000 characters.")
    return redirect(action_set)


@require_POST
@participant_view()
def action_record(request, circle, membership, pk: int):
    action_set = _set(circle, pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        action_learning.action_record(
            action_set=action_set, holder=membership.member, text=form.cleaned_data["action"]
        )
        messages.success(request, "Action recorded. It comes back for review next time.")
    else:
        messages.error(request, "Write the action in up to 500 characters.")
    return redirect(action_set)


@require_POST
@participant_view()
def action_review(request, circle, membership, pk: int, action_pk: int):
    action_set = _set(circle, pk)
    action = get_object_or_404(ActionLearningAction, pk=action_pk, issue__action_set__circle=circle)
    form = ActionReviewForm(request.POST)
    if form.is_valid():
        action_learning.action_review(
            action=action,
            holder=membership.member,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, "Review saved.")
    else:
        messages.error(request, "Choose done, in progress or dropped.")
    return redirect(action_set)
