from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from core.cache import read_ahead
from core.page_cache import PAGES_GENERATION
from network.auth_backends import MEMBER_SESSION_KEY, signed_in_user
from network.selectors.members import DIRECTORY_GENERATION
from notifications.events import unread_cache_key

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


def signed_in_reads(get_response):
    """A signed-in page's reads from the shared cache in one round trip, and the signed-in
    person from memory (`signed_in_user`).

    After its session, every signed-in page asked Redis in turn for the page cache's
    generation, the directory's generation and the header's unread count, and the database
    for the user with their member: five round trips where two do. Listed after Django's
    AuthenticationMiddleware, whose `request.user` this replaces with the same, lazily.
    """

    def middleware(request):
        if request.session.get(SESSION_KEY) is None:
            return get_response(request)
        keys = [PAGES_GENERATION.key, DIRECTORY_GENERATION.key]
        member_id = request.session.get(MEMBER_SESSION_KEY)
        if member_id is not None:
            keys.append(unread_cache_key(member_id))
        with read_ahead(keys):
            request.user = SimpleLazyObject(lambda: signed_in_user(request))
            return get_response(request)

    return middleware
