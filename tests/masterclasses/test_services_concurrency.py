"""Capacity holds when many members press "Register" at the same instant."""

import threading

import httpx
import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from masterclasses.models import Registration
from tests.factories import MemberFactory, SessionFactory

# serialized_rollback restores the home page and places the migrations made.
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


def test_simultaneous_registrations_never_exceed_capacity(live_asgi_server):
    capacity, people = 5, 24
    session = SessionFactory(capacity=capacity)
    url = f"{live_asgi_server.url}{session.page.url}sessions/{session.pk}/register/"
    cookies = [_session_cookie(MemberFactory().user) for _ in range(people)]
    start = threading.Barrier(people)
    statuses: list[int] = []

    def register(session_key: str) -> None:
        with httpx.Client(
            cookies={"sessionid": session_key, "csrftoken": CSRF_SECRET}, timeout=30
        ) as client:
            start.wait()
            response = client.post(url, headers={"X-CSRFToken": CSRF_SECRET})
            statuses.append(response.status_code)

    threads = [threading.Thread(target=register, args=(key,)) for key in cookies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [302] * people
    registrations = Registration.objects.filter(session=session)
    assert registrations.registered().count() == capacity
    assert registrations.waitlisted().count() == people - capacity


def test_one_member_double_clicking_gets_one_registration(live_asgi_server):
    session = SessionFactory(capacity=5)
    member = MemberFactory()
    key = _session_cookie(member.user)
    url = f"{live_asgi_server.url}{session.page.url}sessions/{session.pk}/register/"
    start = threading.Barrier(8)

    def register() -> None:
        with httpx.Client(cookies={"sessionid": key, "csrftoken": CSRF_SECRET}) as client:
            start.wait()
            client.post(url, headers={"X-CSRFToken": CSRF_SECRET})

    threads = [threading.Thread(target=register) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Registration.objects.filter(session=session, member=member).count() == 1
    assert Registration.objects.get(member=member).status == Registration.Status.REGISTERED
