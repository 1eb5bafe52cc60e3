"""Challenges: the list, opening one, its page, its stages and who is invited."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from commissioning.forms import (
    ChallengeForm,
    CommentForm,
    DecisionForm,
    GuestForm,
    MemberEmailForm,
    OutcomeForm,
    ProposalForm,
    QuestionForm,
    StageForm,
)
from commissioning.models import Invitation, Stage
from commissioning.selectors import challenges as selectors
from commissioning.selectors.resources import resource_map
from commissioning.services import challenges as services
from commissioning.services.challenges import NEXT_STAGE
from commissioning.services.rules import ONLY_COMMISSIONERS_OPEN, CommissioningError
from commissioning.views.common import back_to, visible_challenge
from network.decorators import member_required
from network.models import Member


@member_required
def challenge_list(request):
    member = request.user.member
    return render(
        request,
        "commissioning/challenge_list.html",
        {
            "challenges": selectors.challenges_for(member),
            "consortium_invitations": selectors.my_consortium_invitations(member),
            "can_open": member.role == Member.Role.COMMISSIONER,
        },
    )


@member_required
def challenge_edit(request, pk: int | None = None):
    member = request.user.member
    challenge = None
    if pk is not None:
        challenge = visible_challenge(member, pk)
        if challenge.commissioner_id != member.pk:
            raise PermissionDenied
    elif member.role != Member.Role.COMMISSIONER:
        messages.error(request, ONLY_COMMISSIONERS_OPEN)
        return redirect("commissioning:challenge_list")
    form = ChallengeForm(request.POST or None, instance=challenge)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.challenge_save(
                commissioner=member, challenge=challenge, **form.cleaned_data
            )
        except CommissioningError as error:
            error.add_to(form)
        else:
            messages.success(request, "Your challenge is open. Start with the outcomes.")
            return redirect(challenge.get_absolute_url())
    return render(
        request,
        "commissioning/challenge_form.html",
        {"form": form, "challenge": challenge},
        status=400 if form.errors else 200,
    )


@member_required
def challenge_detail(request, pk: int):
    member = request.user.member
    challenge = visible_challenge(member, pk)
    mine = challenge.commissioner_id == member.pk
    context = {
        "challenge": challenge,
        "is_commissioner": mine,
        "stages": [s for s in Stage if s != Stage.CLOSED],
        "next_stage": NEXT_STAGE.get(challenge.stage),
        "outcomes": selectors.outcomes_with_history(challenge),
        "proposals": selectors.proposals(challenge),
        "threads": selectors.comment_threads(challenge),
        "comment_form": CommentForm(),
        "clarifications": selectors.clarifications_for(member, challenge),
        "lots": selectors.lots(challenge),
        "appraisals": list(challenge.appraisals.prefetch_related("outcomes")),
    }
    if challenge.stage == Stage.OUTCOMES:
        context["proposal_form"] = ProposalForm()
        if mine:
            context["outcome_form"] = OutcomeForm()
            context["decision_form"] = DecisionForm(challenge=challenge)
    if challenge.stage in (Stage.RESOURCES, Stage.METHODS):
        context["resource_count"] = len(resource_map(challenge))
    if challenge.stage == Stage.METHODS:
        context["question_form"] = QuestionForm()
    if mine:
        context["invitations"] = selectors.invitations(challenge)
        context["invite_form"] = MemberEmailForm()
        context["guest_form"] = GuestForm()
    return render(request, "commissioning/challenge_detail.html", context)


@require_POST
@member_required
def challenge_stage(request, pk: int):
    member = request.user.member
    challenge = visible_challenge(member, pk)
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the stage to move to.")
        return back_to(challenge)
    challenge = services.stage_advance(
        member=member, challenge=challenge, to=form.cleaned_data["to"]
    )
    messages.success(request, f"The challenge is now at {challenge.get_stage_display()}.")
    return back_to(challenge)


@require_POST
@member_required
def invite_member(request, pk: int):
    member = request.user.member
    challenge = visible_challenge(member, pk)
    form = MemberEmailForm(request.POST)
    invited = form.is_valid() and selectors.member_by_email(form.cleaned_data["email"])
    if not invited:
        messages.error(request, "No member of Common Ground has that email address.")
        return back_to(challenge, "people")
    services.member_invite(commissioner=member, challenge=challenge, member=invited)
    messages.success(request, f"{invited.name} is invited and has been told.")
    return back_to(challenge, "people")


@require_POST
@member_required
def invite_guest(request, pk: int):
    member = request.user.member
    challenge = visible_challenge(member, pk)
    form = GuestForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the name of the person you are inviting.")
        return back_to(challenge, "people")
    path = services.guest_invite(
        commissioner=member, challenge=challenge, name=form.cleaned_data["guest_name"]
    )
    link = request.build_absolute_uri(path)
    messages.success(
        request,
        f"Send {form.cleaned_data['guest_name']} this link (it is theirs alone): {link}",
    )
    return back_to(challenge, "people")


@require_POST
@member_required
def invitation_revoke(request, pk: int):
    invitation = Invitation.objects.select_related("challenge").filter(pk=pk).first()
    if invitation is None:
        messages.error(request, "That invitation no longer exists.")
        return redirect("commissioning:challenge_list")
    services.invitation_revoke(commissioner=request.user.member, invitation=invitation)
    messages.success(request, f"{invitation.name}'s invitation is withdrawn.")
    return back_to(invitation.challenge, "people")
