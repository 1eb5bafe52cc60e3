"""Threads and messages: starting a thread, reading and posting, editing and deleting."""

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from peer_support import errors, selectors
from peer_support.decorators import participant_view
from peer_support.forms import MarkReadForm, MessageForm, ThreadForm
from peer_support.models import Thread
from peer_support.services import messages
from peer_support.views.forms import form_submitted, render_form


@participant_view()
def thread_create(request, circle, membership):
    form = ThreadForm(request.POST or None)
    thread = form_submitted(
        request,
        form,
        lambda data: messages.thread_create(circle=circle, author=membership.member, **data),
    )
    if thread:
        return redirect(thread.get_absolute_url())
    return render_form(request, "peer_support/thread_form.html", {"circle": circle, "form": form})


def _before(request) -> int | None:
    try:
        return int(request.GET["before"])
    except (KeyError, ValueError):
        return None


@participant_view()
def thread_detail(request, circle, membership, pk: int):
    """The thread, its latest messages and the form to post. Reading it changes nothing: the
    read position moves by the "Mark as read" form or the socket's `read` frame."""
    thread = get_object_or_404(Thread, pk=pk, circle=circle)
    thread.circle = circle
    member = membership.member
    form = MessageForm(request.POST or None)
    message = form_submitted(
        request,
        form,
        lambda data: messages.message_post(thread=thread, author=member, body=data["body"]),
    )
    if message:
        return redirect(f"{thread.get_absolute_url()}#message-{message.pk}")
    before = _before(request)
    # Read before the messages: the socket replays changes from here (docs/realtime-protocol.md).
    last_change, last_id = (0, 0) if request.htmx else selectors.replay_start(circle=circle)
    page, has_earlier = selectors.thread_messages(thread=thread, before=before)
    context = {
        "circle": circle,
        "membership": membership,
        "thread": thread,
        "page": page,
        "has_earlier": has_earlier,
        "member": member,
    }
    if request.htmx:  # "Show earlier messages", loaded in place
        return render(request, "peer_support/_earlier_messages.html", context)
    threads = selectors.threads_for(circle=circle, member=member)
    current = next(t for t in threads if t.pk == thread.pk)
    context.update(
        form=form,
        threads=threads,
        current=current,
        mark_read_form=MarkReadForm(initial={"up_to": page[-1].pk if page else 0}),
        participants=selectors.participants(circle=circle),
        present=selectors.present_members(circle_id=circle.pk),
        last_change=last_change,
        last_id=last_id,
        earlier=before is not None,
    )
    return render_form(request, "peer_support/thread_detail.html", context)


@participant_view()
def message_edit(request, circle, membership, pk: int):
    message = selectors.message_in_circle(circle=circle, pk=pk)
    if message.author_id != membership.member.pk or message.is_removed:
        raise PermissionDenied
    form = MessageForm(request.POST or None, initial={"body": message.body})
    edited = form_submitted(
        request,
        form,
        lambda data: messages.message_edit(
            message=message, editor=membership.member, body=data["body"]
        ),
    )
    if edited:
        return redirect(f"{message.thread.get_absolute_url()}#message-{message.pk}")
    return render_form(
        request,
        "peer_support/message_edit.html",
        {"circle": circle, "message": message, "form": form},
    )


@require_POST
@participant_view()
def message_delete(request, circle, membership, pk: int):
    message = selectors.message_in_circle(circle=circle, pk=pk)
    try:
        messages.message_delete(message=message, member=membership.member)
    except errors.NotPermitted as error:  # the page offers no such button: a forged request
        raise PermissionDenied from error
    flash.success(request, "Your message is deleted.")
    return redirect(message.thread.get_absolute_url())
