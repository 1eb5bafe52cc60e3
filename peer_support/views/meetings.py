"""The circle's next meeting: the facilitator sets it, members add it to their calendars."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect

from core.calendar import calendar_response
from peer_support import selectors
from peer_support.decorators import participant_view
from peer_support.forms import MeetingForm
from peer_support.services import meetings
from peer_support.views.forms import form_submitted, render_form


@participant_view(facilitator=True)
def meeting_edit(request, circle, membership):
    initial = {
        "starts_at": circle.next_meeting_starts_at,
        "ends_at": circle.next_meeting_ends_at,
        "link": circle.next_meeting_link,
    }
    form = MeetingForm(request.POST or None, initial=initial)
    saved = form_submitted(
        request,
        form,
        lambda data: meetings.meeting_update(circle=circle, by=membership.member, **data),
    )
    if saved:
        messages.success(request, "The next meeting is saved.")
        return redirect(circle)
    return render_form(request, "peer_support/meeting_form.html", {"circle": circle, "form": form})


@participant_view()
def meeting_ics(request, circle, membership):
    if not circle.next_meeting_starts_at:
        raise Http404
    event = selectors.meeting_event(
        circle=circle, circle_url=request.build_absolute_uri(circle.get_absolute_url())
    )
    return calendar_response([event], filename=f"{circle.slug}-meeting.ics")
