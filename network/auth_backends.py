"""Loading the signed-in person once a request, with their member, in one query.

Every signed-in page reads the member (the header, `member_required`, the pages' own data).
Django's and allauth's backends load the user alone, so the member cost a second query.

A session names the backend that loads its user, and Django signs out a session whose
backend is no longer listed. So `MemberBackend` is listed first (`force_login` and sessions
made for tests and benchmarks name it), and Django's and allauth's backends stay listed
after it: they still check every password, exactly as before, and sessions that name them
stay signed in (loading the member separately, until their next sign-in). Signing in then
points the session at `MemberBackend` (`load_with_member`).

Then `signed_in_user` keeps that user, with their member, in this process's memory under the
directory's generation (network/selectors/members.py), which saving or deleting any member,
account, organisation or place starts afresh: a signed-in page asks the database nothing
to know who is asking, and a change to the person (a new password, a closed account, a
new name) is seen on their next request in every process.
"""

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user as load_user
from django.contrib.auth.backends import BaseBackend
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare

from core.page_cache import PAGES_CACHE
from network.models import User
from network.selectors.members import directory_cache

MEMBER_BACKEND = "network.auth_backends.MemberBackend"
# The signed-in person's member id, so a page can read what is keyed on it (their unread
# count) in the same round trip as everything else (network/middleware.py).
MEMBER_SESSION_KEY = "_member_id"

# The backends that check a password and return a `network.User`, which MemberBackend loads
# the same way (active accounts only).
PASSWORD_BACKENDS = frozenset(
    {
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    }
)


class MemberBackend(BaseBackend):
    """Loads a session's user with their member (or that they have none yet). Checks no
    password, so it never repeats the work of the backends that do."""

    def get_user(self, user_id):
        user = User._default_manager.select_related("member").filter(pk=user_id).first()
        return user if user is not None and user.is_active else None


def load_with_member(sender, request, user, **kwargs) -> None:
    """`user_logged_in`: later requests load this user through `MemberBackend`, and know
    their member's id without asking."""
    session = getattr(request, "session", None)
    if session is None:
        return
    if session.get(BACKEND_SESSION_KEY) in PASSWORD_BACKENDS:
        session[BACKEND_SESSION_KEY] = MEMBER_BACKEND
    member = getattr(user, "member", None)
    if member is not None:
        session[MEMBER_SESSION_KEY] = member.pk


def signed_in_user(request: HttpRequest):
    """The session's user, as `django.contrib.auth.get_user` would give it, from memory when
    the session names `MemberBackend` and nothing about members has changed since."""
    generation, seconds = directory_cache()
    if not seconds or request.session.get(BACKEND_SESSION_KEY) != MEMBER_BACKEND:
        return load_user(request)
    key = f"signed-in:{generation}:{request.session.get(SESSION_KEY)}"
    user = caches[PAGES_CACHE].get(key)
    session_hash = request.session.get(HASH_SESSION_KEY) or ""
    if user is not None and constant_time_compare(session_hash, user.get_session_auth_hash()):
        return user
    # Django's own checks: the backend, the session's hash (or its fallbacks), signing out.
    user = load_user(request)
    if user.is_authenticated:
        caches[PAGES_CACHE].set(key, user, seconds)
        member = getattr(user, "member", None)
        if member is not None and request.session.get(MEMBER_SESSION_KEY) != member.pk:
            request.session[MEMBER_SESSION_KEY] = member.pk
    return user
