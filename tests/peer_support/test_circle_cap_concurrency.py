"""A circle's size limit holds when many invited people accept at the same instant (issue 10).

Twenty people press "Join" on their invitations at once, over HTTP to a real server, each
request with its own database connection; the circle has two places left. Exactly two get in;
the others are told the circle is full and nothing of theirs is half-saved.
"""

import threading

import httpx
import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from peer_support.models import CircleMembership, Invitation
from tests.factories import CircleFactory, CircleMembershipFactory, MemberFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CSRF_SECRET = "a" * 32  # Django accepts the unmasked secret as the request token.


def _session_cookie(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def test_twenty_simultaneous_acceptances_fill_exactly_the_two_places_left(live_asgi_server):
    people = 20
    circle = CircleFactory(size_limit=6)
    for _ in range(3):  # with the facilitator: 4 of 6 places taken
        CircleMembershipFactory(circle=circle)
    invitees = [MemberFactory() for _ in range(people)]
    invitations = [
        Invitation.objects.create(circle=circle, email=m.user.email, invited_by=circle.facilitator)
        for m in invitees
    ]
    jobs = [
        (_session_cookie(m.user), f"{live_asgi_server.url}{i.get_absolute_url()}")
        for m, i in zip(invitees, invitations, strict=True)
    ]
    start = threading.Barrier(people)
    answers: list[httpx.Response] = []

    def accept(session_key: str, url: str) -> None:
        with httpx.Client(
            cookies={"sessionid": session_key, "csrftoken": CSRF_SECRET}, timeout=30
        ) as client:
            start.wait()
            # From the invitation page, as a browser would: refusals go back there.
            answers.append(client.post(url, headers={"X-CSRFToken": CSRF_SECRET, "Referer": url}))

    threads = [threading.Thread(target=accept, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(r.status_code for r in answers) == [302] * people  # no 500, no deadlock
    active = CircleMembership.objects.filter(circle=circle).active()
    assert active.count() == 6
    joined = active.filter(member__in=invitees)
    assert joined.count() == 2
    accepted = Invitation.objects.filter(circle=circle, accepted_at__isnull=False)
    assert set(accepted.values_list("email", flat=True)) == set(
        joined.values_list("member__user__email", flat=True)
    )
    # Those who got in are sent on to the agreement; the rest back to their invitation.
    to_agreement = [r for r in answers if r.headers["location"].endswith("/agreement/")]
    assert len(to_agreement) == 2
    back = [r for r in answers if "/circles/invitations/" in r.headers["location"]]
    assert len(back) == people - 2
