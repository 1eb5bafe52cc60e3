"""Read positions and follow/mute, for readers without JavaScript (the socket's `read` frame
does the same for those with it)."""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from peer_support.decorators import participant_view
from peer_support.forms import MarkReadForm
from peer_support.models import Thread
from peer_support.services import read_state


def _thread(circle, pk: int) -> Thread:
    thread = get_object_or_404(Thread, pk=pk, circle=circle)
    thread.circle = circle
    return thread


@require_POST
@participant_view()
def thread_mark_read(request, circle, membership, pk: int):
    """Mark read up to the last message the page showed, not any that came after it."""
    thread = _thread(circle, pk)
    form = MarkReadForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Which message did you read up to?")
    read_state.thread_mark_read(
        thread=thread, member=membership.member, up_to=form.cleaned_data["up_to"]
    )
    messages.success(request, "Marked as read.")
    return redirect(thread.get_absolute_url())


@require_POST
@participant_view()
def thread_notify(request, circle, membership, pk: int):
    thread = _thread(circle, pk)
    read_state.thread_set_notify(
        thread=thread, member=membership.member, notify=request.POST.get("notify", "")
    )
    messages.success(request, "Your notification choice for this thread is saved.")
    return redirect(thread.get_absolute_url())
