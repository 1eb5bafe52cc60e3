from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

CMS_PATH_PREFIXES = ("/admin/", "/django-admin/")
MFA_REQUIRED_MESSAGE = (
    "Editors, moderators and staff must turn on two-factor authentication before using the CMS."
)
PRIVILEGED_GROUPS = ("Editors", "Moderators")


def needs_mfa_for_cms(user) -> bool:
    if not user.is_authenticated:
        return False
    privileged = (
        user.is_staff
        or user.is_superuser
        or user.groups.filter(name__in=PRIVILEGED_GROUPS).exists()
    )
    return privileged and not is_mfa_enabled(user)


def require_mfa_for_cms(get_response):
    """Keep editors and staff out of both admins until they have two-factor authentication."""

    def middleware(request):
        if request.path.startswith(CMS_PATH_PREFIXES) and needs_mfa_for_cms(request.user):
            messages.warning(request, MFA_REQUIRED_MESSAGE)
            return redirect(reverse("mfa_activate_totp"))
        return get_response(request)

    return middleware
