"""The notification centre, its settings and the one-click unsubscribe."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError
from network.decorators import member_required
from notifications import selectors, services
from notifications.forms import PreferencesForm
from notifications.models import Kind


@member_required
def notification_centre(request):
    member = request.user.member
    return render(
        request,
        "notifications/centre.html",
        {
            "days": selectors.notification_days(member=member),
            "unread": selectors.unread_for(member=member),
        },
    )


@require_POST
@member_required
def notification_read(request, pk: int):
    """Mark one read: from its button without JavaScript, or by the script as it is opened."""
    services.notification_mark_read(member=request.user.member, notification_id=pk)
    if request.accepts("application/json") and not request.accepts("text/html"):
        return JsonResponse({"unread": selectors.unread_for(member=request.user.member)})
    return redirect("notifications:centre")


@require_POST
@member_required
def notifications_read(request):
    marked = services.notifications_mark_read(member=request.user.member)
    messages.success(request, "All marked as read." if marked else "Nothing was unread.")
    return redirect("notifications:centre")


@member_required
def preferences(request):
    member = request.user.member
    current = {kind: channel for kind, _label, channel in selectors.preferences_for(member=member)}
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(member=member, channels=form.cleaned_data)
        messages.success(request, "Your choices are saved.")
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@csrf_exempt  # mail providers POST here for one-click unsubscribe; the signed token is the key
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    """GET asks to confirm (a link checker must not unsubscribe anyone); POST does it."""
    done = request.method == "POST"
    try:
        if done:
            member, kind = services.unsubscribe(token=token)
        else:
            member, kind = services.unsubscribe_token_read(token)
    except DomainError as error:
        return render(request, "notifications/unsubscribe.html", {"error": error}, status=400)
    label = dict(Kind.choices).get(kind, "your daily summary")
    return render(
        request,
        "notifications/unsubscribe.html",
        {"done": done, "label": label, "token": token, "member": member},
    )
