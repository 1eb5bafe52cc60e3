"""Stage 1 pages: outcomes, proposals and their decisions, comments and moderation, and the
page a guest invited by link uses."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from commissioning.forms import CommentForm, DecisionForm, HideForm, OutcomeForm, ProposalForm
from commissioning.models import Comment, Invitation, Outcome, Proposal, Stage
from commissioning.selectors import challenges as selectors
from commissioning.services import challenges as challenge_services
from commissioning.services import outcomes as services
from commissioning.services.rules import CommissioningError
from commissioning.views.common import back_to, visible_challenge
from network.decorators import member_required


@member_required
def outcome_edit(request, pk: int | None = None, challenge_pk: int | None = None):
    member = request.user.member
    outcome = None
    if pk is not None:
        outcome = Outcome.objects.select_related("challenge").filter(pk=pk).first()
        if outcome is None:
            raise Http404("No such outcome.")
        challenge = visible_challenge(member, outcome.challenge_id)
    else:
        challenge = visible_challenge(member, challenge_pk)
    if challenge.commissioner_id != member.pk:
        raise PermissionDenied
    form = OutcomeForm(request.POST or None, instance=outcome)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_save(
                commissioner=member, challenge=challenge, outcome=outcome, **form.cleaned_data
            )
        except CommissioningError as error:
            error.add_to(form)
        else:
            messages.success(request, "The outcome is saved; its history keeps every wording.")
            return back_to(challenge, "outcomes")
    return render(
        request,
        "commissioning/outcome_form.html",
        {"form": form, "challenge": challenge, "outcome": outcome},
        status=400 if form.errors else 200,
    )


@require_POST
@member_required
def proposal_create(request, pk: int):
    member = request.user.member
    challenge = visible_challenge(member, pk)
    form = ProposalForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give your proposed outcome a title (up to 200 characters).")
        return back_to(challenge, "proposals")
    services.proposal_make(challenge=challenge, member=member, **form.cleaned_data)
    messages.success(request, "Your proposal is with the commissioner, and shown to everyone.")
    return back_to(challenge, "proposals")


@require_POST
@member_required
def proposal_decide(request, pk: int):
    member = request.user.member
    proposal = Proposal.objects.select_related("challenge").filter(pk=pk).first()
    if proposal is None:
        raise Http404("No such proposal.")
    challenge = visible_challenge(member, proposal.challenge_id)
    form = DecisionForm(request.POST, challenge=challenge)
    if not form.is_valid():
        messages.error(request, "Choose what to do with the proposal.")
        return back_to(challenge, "proposals")
    data = form.cleaned_data
    if data["action"] == "accept":
        services.proposal_accept(
            commissioner=member,
            proposal=proposal,
            outcome_area=data["outcome_area"],
            note=data["note"],
        )
        messages.success(request, f"“{proposal.title}” is now an outcome.")
    elif data["action"] == "merge":
        if data["into"] is None:
            messages.error(request, "Choose the outcome to merge the proposal into.")
            return back_to(challenge, "proposals")
        services.proposal_merge(
            commissioner=member,
            proposal=proposal,
            into=data["into"],
            title=data["merged_title"],
            note=data["note"],
        )
        messages.success(request, f"“{proposal.title}” is merged into “{data['into'].title}”.")
    else:
        services.proposal_decline(commissioner=member, proposal=proposal, note=data["note"])
        messages.success(request, f"“{proposal.title}” is not taken forward.")
    return back_to(challenge, "outcomes")


def _parent(challenge, form) -> Comment | None:
    pk = form.cleaned_data.get("parent")
    if not pk:
        return None
    return Comment.objects.filter(pk=pk, challenge=challenge).first()


@require_POST
@member_required
def comment_create(request, pk: int):
    member = request.user.member
    challenge = visible_challenge(member, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write your comment (up to 4,000 characters).")
        return back_to(challenge, "conversation")
    comment = services.comment_post(
        challenge=challenge,
        member=member,
        body=form.cleaned_data["body"],
        parent=_parent(challenge, form),
    )
    return back_to(challenge, f"comment-{comment.pk}")


@require_POST
@member_required
def comment_hide(request, pk: int):
    member = request.user.member
    comment = Comment.objects.select_related("challenge").filter(pk=pk).first()
    if comment is None:
        raise Http404("No such comment.")
    challenge = visible_challenge(member, comment.challenge_id)
    form = HideForm(request.POST)
    if not form.is_valid():
        messages.error(request, services.HIDE_NEEDS_REASON)
        return back_to(challenge, f"comment-{comment.pk}")
    services.comment_hide(moderator=member, comment=comment, reason=form.cleaned_data["reason"])
    messages.success(request, "The comment is hidden; the reason shows in its place.")
    return back_to(challenge, f"comment-{comment.pk}")


def _guest(token: str) -> Invitation:
    try:
        return challenge_services.guest_from_token(token)
    except CommissioningError as error:
        raise Http404(error.message) from error


def guest_page(request, token: str):
    """The outcomes stage as a guest invited by link sees it; no account needed."""
    guest = _guest(token)
    challenge = guest.challenge
    posted = request.POST if request.method == "POST" else None
    is_proposal = request.POST.get("form") == "proposal"
    comment_form = CommentForm(None if is_proposal else posted)
    proposal_form = ProposalForm(posted if is_proposal else None)
    status = 200
    if request.method == "POST":
        try:
            if is_proposal:
                if proposal_form.is_valid():
                    services.proposal_make(
                        challenge=challenge, guest=guest, **proposal_form.cleaned_data
                    )
                    messages.success(request, "Thank you: your proposal is with the commissioner.")
                    proposal_form = ProposalForm()
                else:
                    status = 400
            elif comment_form.is_valid():
                services.comment_post(
                    challenge=challenge,
                    guest=guest,
                    body=comment_form.cleaned_data["body"],
                    parent=_parent(challenge, comment_form),
                )
                messages.success(request, "Thank you: your comment is posted.")
                comment_form = CommentForm()
            else:
                status = 400
        except CommissioningError as error:
            messages.error(request, error.message)
            status = 400
    return render(
        request,
        "commissioning/guest.html",
        {
            "guest": guest,
            "challenge": challenge,
            "outcomes": selectors.outcomes_with_history(challenge),
            "proposals": selectors.proposals(challenge),
            "threads": selectors.comment_threads(challenge),
            "comment_form": comment_form,
            "proposal_form": proposal_form if challenge.stage == Stage.OUTCOMES else None,
            "token": token,
        },
        status=status,
    )
