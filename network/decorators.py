from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


def member_required(view):
    """Signed in and onboarded: a member's pages need their role and organisation."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not hasattr(request.user, "member"):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('network:onboarding')}?{query}")
        return view(request, *args, **kwargs)

    return wrapped
