"""Circle pages: the list, a circle's page (or its public summary), the agreement, joining,
invitations, leaving, removal and closing."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from network.decorators import member_required
from peer_support import errors, selectors
from peer_support.decorators import participant_view
from peer_support.forms import CircleForm, InvitationForm, JoinRequestForm, ThreadForm
from peer_support.models import CircleMembership, Invitation, JoinRequest
from peer_support.services import circles
from peer_support.services.rules import may_create_circles
from peer_support.views.forms import form_submitted, render_form


@member_required
def circle_list(request):
    member = request.user.member
    return render(
        request,
        "peer_support/circle_list.html",
        {
            "my_circles": selectors.circles_for(member=member),
            "open_circles": selectors.open_circles(member=member),
            "may_create": may_create_circles(member),
        },
    )


@member_required
def circle_new(request):
    """Staff and facilitators start a circle here; anyone else is told who can."""
    member = request.user.member
    if not may_create_circles(member):
        return render(request, "peer_support/circle_new.html", {"refused": True}, status=403)
    form = CircleForm(request.POST or None)
    circle = form_submitted(
        request, form, lambda data: circles.circle_start(started_by=member, **data)
    )
    if circle is not None:
        messages.success(
            request, f"{circle.name} is started. Invite members, or wait for requests."
        )
        return redirect(circle.get_absolute_url())
    return render_form(request, "peer_support/circle_new.html", {"form": form})


@member_required
def circle_detail(request, slug: str):
    circle = selectors.circle_by_slug(slug=slug)
    member = request.user.member
    membership = selectors.membership_for(circle=circle, member=member)
    if membership and membership.status == CircleMembership.Status.ACTIVE:
        if membership.agreement_accepted_at is None:
            return redirect("peer_support:circle_agreement", slug=circle.slug)
        return _circle_overview(request, circle, membership)
    if not circle.is_open_to_join:
        raise Http404
    # The public summary: what the circle is for, never who is in it or what they say.
    return render(
        request,
        "peer_support/circle_summary.html",
        {
            "circle": circle,
            "form": JoinRequestForm(),
            "requested": circle.join_requests.filter(
                member=member, status=JoinRequest.Status.PENDING
            ).exists(),
            "member_count": circle.memberships.active().count(),
        },
    )


def _circle_overview(request, circle, membership):
    last_change, last_id = selectors.replay_start(circle=circle)  # before the threads are read
    context = {
        "circle": circle,
        "membership": membership,
        "threads": selectors.threads_for(circle=circle, member=membership.member),
        "participants": selectors.participants(circle=circle),
        "present": selectors.present_members(circle_id=circle.pk),
        "thread_form": ThreadForm(),
        "last_change": last_change,
        "last_id": last_id,
        "current_set": selectors.action_set_in_progress(circle=circle),
    }
    if membership.is_facilitator:
        context["pending_requests"] = selectors.pending_requests(circle=circle)
        context["open_report_count"] = selectors.open_reports(circle=circle).count()
    return render(request, "peer_support/circle_detail.html", context)


@member_required
def circle_agreement(request, slug: str):
    circle = selectors.circle_by_slug(slug=slug)
    membership = selectors.membership_for(circle=circle, member=request.user.member)
    if membership is None or membership.status != CircleMembership.Status.ACTIVE:
        raise Http404
    if request.method == "POST":
        if request.POST.get("accept") != "yes":
            messages.error(request, "Tick the box to accept the agreement before you continue.")
            return render(request, "peer_support/agreement.html", {"circle": circle}, status=400)
        circles.agreement_accept(circle=circle, member=request.user.member)
        messages.success(request, f"Welcome to {circle.name}.")
        return redirect(circle)
    return render(request, "peer_support/agreement.html", {"circle": circle})


@require_POST
@member_required
def circle_join(request, slug: str):
    circle = selectors.circle_by_slug(slug=slug)
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Your note is too long: keep it under 1,000 characters.")
        return redirect(circle)
    try:
        circles.join_request_create(
            circle=circle, member=request.user.member, note=form.cleaned_data["note"]
        )
    except errors.NotOpenToRequests as error:  # an invitation-only circle stays invisible
        raise Http404 from error
    messages.success(
        request, "Your request is with the facilitator. We will email you their reply."
    )
    return redirect(circle)


@require_POST
@participant_view(before_agreement=True)
def circle_leave(request, circle, membership):
    circles.membership_leave(circle=circle, member=membership.member)
    messages.success(request, f"You have left {circle.name}.")
    return redirect("peer_support:circle_list")


@require_POST
@participant_view(facilitator=True)
def circle_close(request, circle, membership):
    circles.circle_close(circle=circle, closed_by=membership.member)
    messages.success(request, "The circle is closed. Its members can still read its history.")
    return redirect(circle)


@participant_view(facilitator=True)
def circle_invite(request, circle, membership):
    form = InvitationForm(request.POST or None)
    invitation = form_submitted(
        request,
        form,
        lambda data: circles.invitation_create(
            circle=circle, invited_by=membership.member, email=data["email"]
        ),
    )
    if invitation:
        messages.success(request, f"Invitation sent to {invitation.email}.")
        return redirect(circle)
    return render_form(request, "peer_support/invite.html", {"circle": circle, "form": form})


@member_required
def invitation_accept(request, token: str):
    invitation = get_object_or_404(Invitation.objects.select_related("circle"), token=token)
    if request.method == "POST":
        circles.invitation_accept(invitation=invitation, member=request.user.member)
        return redirect("peer_support:circle_agreement", slug=invitation.circle.slug)
    return render(request, "peer_support/invitation.html", {"invitation": invitation})


@require_POST
@participant_view(facilitator=True)
def join_request_decide(request, circle, membership, pk: int):
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("member__user"), pk=pk, circle=circle
    )
    approve = request.POST.get("decision") == "approve"
    circles.join_request_decide(
        join_request=join_request, decided_by=membership.member, approve=approve
    )
    verb = "added to the circle" if approve else "told their request was declined"
    messages.success(request, f"{join_request.member.name} has been {verb}.")
    return redirect(circle)


@require_POST
@participant_view(facilitator=True)
def member_remove(request, circle, membership, member_pk: int):
    target = get_object_or_404(
        CircleMembership.objects.select_related("member__user"),
        circle=circle,
        member_id=member_pk,
    )
    circles.membership_remove(circle=circle, member=target.member, removed_by=membership.member)
    messages.success(request, f"{target.member.name} has been removed from the circle.")
    return redirect(circle)
