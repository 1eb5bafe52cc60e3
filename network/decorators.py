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


def staff_required(view):
    """Staff pages outside the admins (the audit log, the insight dashboard): signed in, staff,
    and, as for the CMS, with two-factor authentication on. Anyone else gets a 403."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied

    from network.middleware import MFA_REQUIRED_MESSAGE, needs_mfa_for_cms

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        if needs_mfa_for_cms(request.user):
            messages.warning(request, MFA_REQUIRED_MESSAGE)
            return redirect(reverse("mfa_activate_totp"))
        return view(request, *args, **kwargs)

    return wrapped
