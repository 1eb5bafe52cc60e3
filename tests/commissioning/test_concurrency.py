"""Simultaneous requests on a lot: one expression of interest per organisation, one award."""

import threading

import httpx
import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from commissioning.models import Declaration, Expression, Lot
from tests.factories import ExpressionFactory, LotFactory, MemberFactory, OrganisationFactory, place

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CSRF_SECRET = "a" * 32


def _session_cookie(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def _at_once(url: str, posts: list[tuple[str, dict]]) -> list[int]:
    start = threading.Barrier(len(posts))
    statuses: list[int] = []

    def post(key: str, data: dict) -> None:
        with httpx.Client(
            cookies={"sessionid": key, "csrftoken": CSRF_SECRET}, timeout=30
        ) as client:
            start.wait()
            response = client.post(url, data=data, headers={"X-CSRFToken": CSRF_SECRET})
            statuses.append(response.status_code)

    threads = [threading.Thread(target=post, args=args) for args in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


def test_two_colleagues_expressing_interest_at_once_make_one_expression(live_asgi_server):
    lot = LotFactory(challenge__place=place("cornwall"))
    organisation = OrganisationFactory(place=place("cornwall"))
    colleagues = [MemberFactory(provider=True, organisation=organisation) for _ in range(4)]
    url = f"{live_asgi_server.url}/commissioning/lots/{lot.pk}/interest/"
    statuses = _at_once(
        url, [(_session_cookie(m.user), {"statement": f"From {m.pk}"}) for m in colleagues]
    )
    assert Expression.objects.filter(lot=lot, organisation=organisation).count() == 1
    assert statuses.count(302) == 1
    assert all(status == 400 for status in statuses if status != 302)


def test_two_awards_at_once_record_one(live_asgi_server):
    lot = LotFactory(challenge__place=place("cornwall"))
    bids = [ExpressionFactory(lot=lot) for _ in range(2)]
    commissioner = lot.challenge.commissioner
    for bid in bids:
        Declaration.objects.create(
            lot=lot, member=commissioner, organisation=bid.organisation, kind="none"
        )
    key = _session_cookie(commissioner.user)
    url = f"{live_asgi_server.url}/commissioning/lots/{lot.pk}/award/"
    _at_once(url, [(key, {"expression": bid.pk, "reasons": f"Bid {bid.pk}"}) for bid in bids])
    lot = Lot.objects.get(pk=lot.pk)
    assert lot.awarded_to in bids
    assert lot.award_reasons == f"Bid {lot.awarded_to_id}"
