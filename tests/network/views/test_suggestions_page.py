"""/matches/ from its cached fragment: what a member sees changes on their next load after
anything on it changes, its forms still post, and it costs one query when nothing did."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from network.models import MatchResponse, Member
from network.services.bookings import WindowInput, availability_save
from network.services.matching import interest_express, suggestion_decline
from notifications.models import Kind, Notification
from notifications.services import notify
from tests.factories import MemberFactory, OpportunityFactory, availability, match_profile

pytestmark = pytest.mark.django_db

SUGGESTIONS = reverse("network:suggestions")


@pytest.fixture(autouse=True)
def _sessions_in_the_cache(settings):
    """As in production with Redis (cached_db): a signed-in request reads no session row."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def signed_in(client, member: Member) -> Client:
    client.force_login(member.user)
    client.get(SUGGESTIONS)  # the fragment is kept now
    return client


def card(html: str, member: Member) -> str:
    """The card of `member` on the page, or "" when they are not on it."""
    for part in html.split('<li class="card match"')[1:]:
        if part.startswith(f' data-member="{member.pk}"'):
            return part.split("</section>")[0]
    return ""


def test_expressing_interest_shows_on_the_next_load(client, pair):
    commissioner, provider = pair
    signed_in(client, commissioner)
    client.post(reverse("network:interest", args=[provider.pk]))
    assert "You've expressed interest" in card(client.get(SUGGESTIONS).text, provider)


def test_someone_interested_in_you_shows_at_once(client, pair, django_capture_on_commit_callbacks):
    commissioner, provider = pair
    signed_in(client, provider)
    with django_capture_on_commit_callbacks(execute=True):
        interest_express(member=commissioner, other=provider)
    response = client.get(SUGGESTIONS)
    assert "Interested in meeting you" in response.text
    assert f"Connect with {escape(commissioner.name)}" in response.text


def test_a_declined_suggestion_is_gone_on_the_next_load(client, pair):
    commissioner, provider = pair
    assert card(signed_in(client, commissioner).get(SUGGESTIONS).text, provider)
    suggestion_decline(member=commissioner, other=provider)
    assert not card(client.get(SUGGESTIONS).text, provider)


def test_a_changed_name_shows_on_the_card(client, pair):
    commissioner, provider = pair
    signed_in(client, commissioner)
    provider.user.first_name = "Renamed"
    provider.user.save()
    assert "Renamed" in card(client.get(SUGGESTIONS).text, provider)


def test_availability_changes_whether_a_session_can_be_booked(
    client, pair, django_capture_on_commit_callbacks
):
    commissioner, provider = pair
    assert "not taking bookings" in card(
        signed_in(client, commissioner).get(SUGGESTIONS).text, provider
    )
    with django_capture_on_commit_callbacks(execute=True):
        availability_save(member=provider, windows=[])  # accepting, but no slots
    assert "not taking bookings" in card(client.get(SUGGESTIONS).text, provider)

    with django_capture_on_commit_callbacks(execute=True):  # slots only, created in bulk
        availability_save(
            member=provider,
            windows=[WindowInput(dt.time(9), dt.time(17), weekday=0)],
        )
    assert "Book a session" in card(client.get(SUGGESTIONS).text, provider)

    with django_capture_on_commit_callbacks(execute=True):
        availability_save(
            member=provider,
            windows=[WindowInput(dt.time(9), dt.time(17), weekday=0)],
            accepting=False,
        )
    assert "not taking bookings" in card(client.get(SUGGESTIONS).text, provider)

    with django_capture_on_commit_callbacks(execute=True):
        availability_save(member=provider, windows=[])  # accepting, but no slots left
    assert "not taking bookings" in card(client.get(SUGGESTIONS).text, provider)


def test_a_new_opportunity_shows_on_the_next_load(client, pair, django_capture_on_commit_callbacks):
    _, provider = pair
    response = signed_in(client, provider).get(SUGGESTIONS)
    assert "Open opportunities for you" not in response.text
    with django_capture_on_commit_callbacks(execute=True):
        opportunity = OpportunityFactory()  # loneliness, Cornwall: the provider's
    response = client.get(SUGGESTIONS)
    assert "Open opportunities for you" in response.text
    assert escape(opportunity.title) in response.text

    with django_capture_on_commit_callbacks(execute=True):
        opportunity.delete()
    assert escape(opportunity.title) not in client.get(SUGGESTIONS).text


def test_a_new_notification_and_reading_it_show_on_the_next_load(
    client, pair, django_capture_on_commit_callbacks
):
    commissioner, _ = pair
    assert "Recent updates" not in signed_in(client, commissioner).get(SUGGESTIONS).text
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            to=commissioner,
            kind=Kind.BOOKING_CONFIRMED,
            template="notifications/tests/greeting",
            subject="Your session is booked",
            context={"what": "x"},
        )
    response = client.get(SUGGESTIONS)
    assert "Your session is booked" in response.text
    assert "notice--unread" in response.text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("network:updates_read"), follow=True)
    assert "Your session is booked" in response.text
    assert "notice--unread" not in response.text

    Notification.objects.create(member=commissioner, text="Edited in the admin")
    assert "Edited in the admin" in client.get(SUGGESTIONS).text


def test_forms_on_the_cached_page_still_post():
    """The cards come from the cache the second time; their CSRF tokens are still good."""
    commissioner = MemberFactory(commissioner=True)
    match_profile(commissioner)
    others = [MemberFactory(provider=True) for _ in range(2)]
    for other in others:
        match_profile(other)
    client = Client(enforce_csrf_checks=True)
    client.force_login(commissioner.user)
    client.get(SUGGESTIONS)
    html = client.get(SUGGESTIONS).text
    for other in others:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', card(html, other))
        response = client.post(
            reverse("network:decline", args=[other.pk]), {"csrfmiddlewaretoken": token.group(1)}
        )
        assert response.status_code == 302
    assert MatchResponse.objects.filter(member=commissioner, kind="decline").count() == 2


def test_a_new_csrf_secret_gets_forms_with_tokens_for_it(pair):
    """Signing in again rotates the secret: the cached cards must not carry the old one."""
    commissioner, provider = pair
    client = Client(enforce_csrf_checks=True)
    client.force_login(commissioner.user)
    client.get(SUGGESTIONS)
    client.logout()
    client.force_login(commissioner.user)
    client.cookies.pop("csrftoken", None)
    html = client.get(SUGGESTIONS).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', card(html, provider))
    response = client.post(
        reverse("network:interest", args=[provider.pk]), {"csrfmiddlewaretoken": token.group(1)}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("count", [1, 100])
def test_queries_do_not_grow_with_what_the_page_shows(
    client, count, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """`count` suggested providers who take bookings, people interested, opportunities and
    notifications: the same queries rendered afresh, and one from the cache."""
    commissioner = MemberFactory(commissioner=True)
    match_profile(commissioner)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(count):
            provider = MemberFactory(provider=True)
            match_profile(provider)
            availability(provider)
            if n % 2:
                MatchResponse.objects.create(member=provider, other=commissioner, kind="interest")
            OpportunityFactory(commissioner=commissioner)
            Notification.objects.create(member=commissioner, text=f"Update {n}")
    signed_in(client, commissioner)
    with django_capture_on_commit_callbacks(execute=True):
        OpportunityFactory(commissioner=commissioner)  # the cards are rendered afresh
    with django_assert_num_queries(2):  # who can be booked, opportunities (the viewer: memory)
        response = client.get(SUGGESTIONS)
    assert response.content.count(b'class="card match"') >= min(count, 10)
    with django_assert_num_queries(0):  # the viewer from memory, the rest a fragment
        again = client.get(SUGGESTIONS)
    assert again.text.count("card match") == response.text.count("card match")


def test_with_redis_down_the_page_is_right(client, pair, settings):
    """No generation, so nothing is kept: each load renders what is true now."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    commissioner, provider = pair
    assert card(signed_in(client, commissioner).get(SUGGESTIONS).text, provider)
    suggestion_decline(member=commissioner, other=provider)
    response = client.get(SUGGESTIONS)
    assert response.status_code == 200
    assert not card(response.text, provider)
