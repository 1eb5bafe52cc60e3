"""A page whose write tells someone, for the test of what a person sees when mail fails."""

from django.db import transaction
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from notifications.services import notify


@require_POST
@transaction.atomic
def note_save(request):
    notify(
        to=request.user.member,
        template="notifications/tests/greeting",
        subject="Your note is saved",
        context={"what": "your note is saved"},
    )
    return HttpResponse("Saved.")


urlpatterns = [path("notes/", note_save)]
