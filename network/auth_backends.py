"""Loading the signed-in person once a request, with their member, in one query.

Every signed-in page reads the member (the header, `member_required`, the pages' own data).
Django's and allauth's backends load the user alone, so the member cost a second query.

A session names the backend that loads its user, and Django signs out a session whose
backend is no longer listed. So `MemberBackend` is listed first (`force_login` and sessions
made for tests and benchmarks name it), and Django's and allauth's backends stay listed
after it: they still check every password, exactly as before, and sessions that name them
stay signed in (loading the member separately, until their next sign-in). Signing in then
points the session at `MemberBackend` (`load_with_member`).
"""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.backends import BaseBackend

from network.models import User

MEMBER_BACKEND = "network.auth_backends.MemberBackend"

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
    """`user_logged_in`: later requests load this user through `MemberBackend`."""
    session = getattr(request, "session", None)
    if session is not None and session.get(BACKEND_SESSION_KEY) in PASSWORD_BACKENDS:
        session[BACKEND_SESSION_KEY] = MEMBER_BACKEND
