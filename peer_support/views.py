"""Circle pages. Every page that shows messages or names checks participation first; the
no-JavaScript forms here do everything the socket does, through the same services."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from network.decorators import member_required
from peer_support import errors, selectors, services
from peer_support.forms import (
    InvitationForm,
    JoinRequestForm,
    MeetingForm,
    MessageForm,
    NotifyForm,
    ReportForm,
    ThreadForm,
)
from peer_support.models import CircleMembership, Invitation, JoinRequest, Report, Thread


class AgreementNeeded(Exception):
    pass


def participant_view(facilitator: bool = False):
    """Resolve `slug` to a circle the member takes part in, or 404 (never reveal content).

    Active members who have not accepted the agreement are sent to it first.
    """

    def decorate(view):
        @member_required
        @wraps(view)
        def wrapped(request, slug: str, *args, **kwargs):
            circle = selectors.circle_by_slug(slug=slug)
            membership = selectors.membership_for(circle=circle, member=request.user.member)
            if membership is None or membership.status != CircleMembership.Status.ACTIVE:
                raise Http404
            if membership.agreement_accepted_at is None:
                return redirect("peer_support:circle_agreement", slug=circle.slug)
            if facilitator and not membership.is_facilitator:
                raise PermissionDenied
            return view(request, circle, membership, *args, **kwargs)

        return wrapped

    return decorate


@member_required
def circle_list(request):
    member = request.user.member
    return render(
        request,
        "peer_support/circle_list.html",
        {
            "my_circles": selectors.circles_for(member=member),
            "open_circles": selectors.open_circles(member=member),
        },
    )


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
    context = {
        "circle": circle,
        "membership": membership,
        "threads": selectors.threads_for(circle=circle, member=membership.member),
        "participants": selectors.participants(circle=circle),
        "present": selectors.present_members(circle_id=circle.pk),
        "thread_form": ThreadForm(),
        "last_id": selectors.last_message_id(circle=circle),
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
        services.agreement_accept(circle=circle, member=request.user.member)
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
        services.join_request_create(
            circle=circle, member=request.user.member, note=form.cleaned_data["note"]
        )
    except errors.NotOpenToRequests as error:
        raise Http404 from error
    except errors.CircleError as error:
        messages.error(request, error.message)
        return redirect(circle)
    messages.success(
        request, "Your request is with the facilitator. We will email you their reply."
    )
    return redirect(circle)


@require_POST
@participant_view()
def circle_leave(request, circle, membership):
    try:
        services.membership_leave(circle=circle, member=membership.member)
    except errors.CircleError as error:
        messages.error(request, error.message)
        return redirect(circle)
    messages.success(request, f"You have left {circle.name}.")
    return redirect("peer_support:circle_list")


@require_POST
@participant_view(facilitator=True)
def circle_close(request, circle, membership):
    try:
        services.circle_close(circle=circle, closed_by=membership.member)
    except errors.CircleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The circle is closed. Its members can still read its history.")
    return redirect(circle)


@participant_view(facilitator=True)
def circle_invite(request, circle, membership):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                circle=circle, invited_by=membership.member, email=form.cleaned_data["email"]
            )
        except errors.CircleError as error:
            form.add_error("email", error.message)
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect(circle)
    return render(
        request,
        "peer_support/invite.html",
        {"circle": circle, "form": form},
        status=400 if form.errors else 200,
    )


@member_required
def invitation_accept(request, token: str):
    invitation = get_object_or_404(Invitation.objects.select_related("circle"), token=token)
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, member=request.user.member)
        except errors.CircleError as error:
            return render(
                request,
                "peer_support/invitation.html",
                {"invitation": invitation, "error": error.message},
                status=400,
            )
        return redirect("peer_support:circle_agreement", slug=invitation.circle.slug)
    return render(request, "peer_support/invitation.html", {"invitation": invitation})


@require_POST
@participant_view(facilitator=True)
def join_request_decide(request, circle, membership, pk: int):
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("member__user"), pk=pk, circle=circle
    )
    approve = request.POST.get("decision") == "approve"
    try:
        services.join_request_decide(
            join_request=join_request, decided_by=membership.member, approve=approve
        )
    except errors.CircleError as error:
        messages.error(request, error.message)
    else:
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
    try:
        services.membership_remove(
            circle=circle, member=target.member, removed_by=membership.member
        )
    except errors.CircleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{target.member.name} has been removed from the circle.")
    return redirect(circle)


@participant_view(facilitator=True)
def meeting_edit(request, circle, membership):
    initial = {
        "starts_at": circle.next_meeting_starts_at,
        "ends_at": circle.next_meeting_ends_at,
        "link": circle.next_meeting_link,
    }
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.meeting_update(
            circle=circle,
            by=membership.member,
            starts_at=form.cleaned_data["starts_at"],
            ends_at=form.cleaned_data["ends_at"],
            link=form.cleaned_data["link"],
        )
        messages.success(request, "The next meeting is saved.")
        return redirect(circle)
    return render(
        request,
        "peer_support/meeting_form.html",
        {"circle": circle, "form": form},
        status=400 if form.errors else 200,
    )


@participant_view()
def meeting_ics(request, circle, membership):
    if not circle.next_meeting_starts_at:
        raise Http404
    calendar = Calendar()
    calendar.add("prodid", "-//Common Ground//Peer-support circles//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add(
        "uid", f"circle-{circle.pk}-{circle.next_meeting_starts_at:%Y%m%dT%H%M%S}@commonground"
    )
    event.add("summary", circle.name)
    event.add("dtstart", circle.next_meeting_starts_at)
    if circle.next_meeting_ends_at:
        event.add("dtend", circle.next_meeting_ends_at)
    event.add("dtstamp", timezone.now())
    if circle.next_meeting_link:
        event.add("location", circle.next_meeting_link)
        event.add("url", circle.next_meeting_link)
    event.add(
        "description",
        f"Join: {circle.next_meeting_link}\n\n"
        f"{request.build_absolute_uri(circle.get_absolute_url())}",
    )
    calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{circle.slug}-meeting.ics"'
    return response


@participant_view(facilitator=True)
def moderation(request, circle, membership):
    return render(
        request,
        "peer_support/moderation.html",
        {"circle": circle, "reports": selectors.open_reports(circle=circle)},
    )


@require_POST
@participant_view(facilitator=True)
def report_dismiss(request, circle, membership, pk: int):
    report = get_object_or_404(Report, pk=pk, circle=circle)
    services.report_dismiss(report=report, facilitator=membership.member)
    messages.success(request, "Report dismissed.")
    return redirect("peer_support:moderation", slug=circle.slug)


# --- Threads and messages -----------------------------------------------------------------


@participant_view()
def thread_create(request, circle, membership):
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_create(
                circle=circle, author=membership.member, **form.cleaned_data
            )
        except errors.CircleError as error:
            form.add_error(None, error.message)
        else:
            return redirect(thread.get_absolute_url())
    return render(
        request,
        "peer_support/thread_form.html",
        {"circle": circle, "form": form},
        status=400 if form.errors else 200,
    )


def _before(request) -> int | None:
    try:
        return int(request.GET["before"])
    except (KeyError, ValueError):
        return None


@participant_view()
def thread_detail(request, circle, membership, pk: int):
    thread = get_object_or_404(Thread, pk=pk, circle=circle)
    thread.circle = circle
    member = membership.member
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = services.message_post(
                thread=thread, author=member, body=form.cleaned_data["body"]
            )
        except errors.CircleError as error:
            form.add_error("body", error.message)
        else:
            return redirect(f"{thread.get_absolute_url()}#message-{message.pk}")
    before = _before(request)
    page, has_earlier = selectors.thread_messages(thread=thread, before=before)
    context = {
        "circle": circle,
        "membership": membership,
        "thread": thread,
        "page": page,
        "has_earlier": has_earlier,
        "member": member,
    }
    if request.GET.get("fragment"):
        response = render(request, "peer_support/_messages.html", context)
        response["X-Has-Earlier"] = "1" if has_earlier else "0"
        return response
    if page and before is None:
        services.thread_mark_read(thread=thread, member=member, up_to=page[-1].pk)
    context.update(
        form=form,
        threads=selectors.threads_for(circle=circle, member=member),
        participants=selectors.participants(circle=circle),
        present=selectors.present_members(circle_id=circle.pk),
        last_id=selectors.last_message_id(circle=circle),
        earlier=before is not None,
    )
    return render(
        request, "peer_support/thread_detail.html", context, status=400 if form.errors else 200
    )


@require_POST
@participant_view()
def thread_notify(request, circle, membership, pk: int):
    thread = get_object_or_404(Thread, pk=pk, circle=circle)
    form = NotifyForm(request.POST)
    if form.is_valid():
        services.thread_set_notify(
            thread=thread, member=membership.member, notify=form.cleaned_data["notify"]
        )
        messages.success(request, "Your notification choice for this thread is saved.")
    else:
        messages.error(request, "Choose follow, normal or mute.")
    return redirect(thread.get_absolute_url())


@participant_view()
def message_edit(request, circle, membership, pk: int):
    message = selectors.message_in_circle(circle=circle, pk=pk)
    if message.author_id != membership.member.pk or message.is_removed:
        raise PermissionDenied
    form = MessageForm(request.POST or None, initial={"body": message.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.message_edit(
                message=message, editor=membership.member, body=form.cleaned_data["body"]
            )
        except errors.CircleError as error:
            form.add_error("body", error.message)
        else:
            return redirect(f"{message.thread.get_absolute_url()}#message-{message.pk}")
    return render(
        request,
        "peer_support/message_edit.html",
        {"circle": circle, "message": message, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@participant_view()
def message_delete(request, circle, membership, pk: int):
    message = selectors.message_in_circle(circle=circle, pk=pk)
    try:
        services.message_delete(message=message, member=membership.member)
    except errors.NotPermitted as error:
        raise PermissionDenied from error
    except errors.CircleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Your message is deleted.")
    return redirect(message.thread.get_absolute_url())


@participant_view()
def message_report(request, circle, membership, pk: int):
    message = selectors.message_in_circle(circle=circle, pk=pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_report(
                message=message, reporter=membership.member, reason=form.cleaned_data["reason"]
            )
        except errors.CircleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Thank you. The facilitator will look at this message.")
            return redirect(message.thread.get_absolute_url())
    return render(
        request,
        "peer_support/message_report.html",
        {"circle": circle, "message": message, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@participant_view(facilitator=True)
def message_hide(request, circle, membership, pk: int):
    message = selectors.message_in_circle(circle=circle, pk=pk)
    services.message_hide(message=message, facilitator=membership.member)
    messages.success(request, "The message is hidden from the circle.")
    target = request.POST.get("next")
    if target == "moderation":
        return redirect(reverse("peer_support:moderation", kwargs={"slug": circle.slug}))
    return redirect(message.thread.get_absolute_url())
