"""The anonymous page cache (core/page_cache.py): visitors who are not signed in get public
pages from the cache without a query, see a change as soon as it is published, and nobody
signed in ever gets, or leaves behind, a page from it."""

import pytest
from django.test import Client, RequestFactory
from wagtail.models import PageViewRestriction

from core.page_cache import HIT_HEADER
from masterclasses.models import MasterclassPage
from tests.factories import (
    GuidancePageFactory,
    MasterclassPageFactory,
    MemberFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def masterclass():
    page = MasterclassPageFactory(title="Alliances on the Wirral")
    SessionFactory(page=page, capacity=10)
    return page


def _twice(client, url):
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    return first, second


@pytest.mark.parametrize("page", ["home", "listing", "feed", "guidance", "guidance listing"])
def test_an_anonymous_visitor_gets_the_page_again_from_the_cache_without_a_query(
    client, masterclass, page, django_assert_num_queries
):
    guidance = GuidancePageFactory(title="Outcomes-first commissioning")
    url = {
        "home": "/",
        "listing": "/masterclasses/",
        "feed": "/masterclasses/feed/",
        "guidance": guidance.url,
        "guidance listing": guidance.get_parent().url,
    }[page]
    first = client.get(url)
    assert first.status_code == 200
    assert HIT_HEADER not in first
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second[HIT_HEADER] == "hit"
    assert second.content == first.content


def test_a_masterclass_page_from_the_cache_runs_no_query(
    client, masterclass, django_assert_num_queries
):
    client.get(masterclass.url)
    with django_assert_num_queries(0):
        response = client.get(masterclass.url)
    assert "Alliances on the Wirral" in response.text
    assert "Log in to register" in response.text


def test_publishing_a_change_shows_on_the_page_and_on_the_listing_at_once(
    client, masterclass, django_capture_on_commit_callbacks
):
    _twice(client, masterclass.url)
    _twice(client, "/masterclasses/")
    _twice(client, "/")

    with django_capture_on_commit_callbacks(execute=True):
        masterclass.title = "Alliances on the Wirral, revised"
        masterclass.save_revision().publish()

    assert "Alliances on the Wirral, revised" in client.get(masterclass.url).text
    assert "Alliances on the Wirral, revised" in client.get("/masterclasses/").text
    assert "Alliances on the Wirral, revised" in client.get("/").text


def test_unpublishing_takes_the_page_off_the_listing_and_the_page_itself(
    client, masterclass, django_capture_on_commit_callbacks
):
    _twice(client, masterclass.url)
    _, cached = _twice(client, "/masterclasses/")
    assert "Alliances on the Wirral" in cached.text

    with django_capture_on_commit_callbacks(execute=True):
        masterclass.unpublish()

    assert client.get(masterclass.url).status_code == 404
    assert "Alliances on the Wirral" not in client.get("/masterclasses/").text


def test_a_registration_updates_the_places_left_that_visitors_see(client, masterclass):
    session = masterclass.sessions.get()
    _, cached = _twice(client, masterclass.url)
    assert "10 of 10 places left" in cached.text

    RegistrationFactory(session=session, member=MemberFactory())

    assert "9 of 10 places left" in client.get(masterclass.url).text


def test_a_signed_in_member_never_gets_the_anonymous_page(client, masterclass):
    _twice(client, masterclass.url)  # cached for anonymous visitors
    member = MemberFactory()
    signed_in = Client()
    signed_in.force_login(member.user)

    response = signed_in.get(masterclass.url)

    assert HIT_HEADER not in response
    assert "Log out" in response.text
    assert "Log in to register" not in response.text


def test_a_signed_in_members_page_is_never_stored_for_anonymous_visitors(client, masterclass):
    member = MemberFactory()
    signed_in = Client()
    signed_in.force_login(member.user)
    assert "Log out" in signed_in.get(masterclass.url).text

    response = client.get(masterclass.url)

    assert HIT_HEADER not in response
    assert "Log out" not in response.text
    assert "Log in to register" in response.text


def _preview(page, title: str, editor) -> str:
    """What an editor sees previewing an unsaved draft of `page` retitled `title`."""
    draft = MasterclassPage.objects.get(pk=page.pk)
    draft.title = title
    request = RequestFactory().get(page.url)
    request.user = editor
    return draft.make_preview_request(request, draft.default_preview_mode).content.decode()


def test_a_preview_shows_the_draft_not_the_cached_live_page(member_client, masterclass):
    member_client.get(masterclass.url)  # the live page's shared parts are now cached

    preview = _preview(masterclass, "Alliances on the Wirral, revised", UserFactory())

    assert "<h1>Alliances on the Wirral, revised</h1>" in preview


def test_a_preview_leaves_nothing_for_visitors(client, member_client, masterclass):
    _preview(masterclass, "An unpublished title", UserFactory())

    for visitor in (member_client, client):
        page = visitor.get(masterclass.url).text
        assert "<h1>Alliances on the Wirral</h1>" in page
        assert "An unpublished title" not in page


def test_a_page_that_sets_a_cookie_is_never_stored(client, masterclass):
    """A password-protected page shows a form with a CSRF token, which sets a cookie."""
    PageViewRestriction.objects.create(
        page=masterclass, restriction_type=PageViewRestriction.PASSWORD, password="hush"
    )
    first = Client().get(masterclass.url)
    assert first.cookies, "the password form should set the CSRF cookie"

    second = Client().get(masterclass.url)

    assert HIT_HEADER not in second
    assert "Alliances on the Wirral" not in second.text


def test_a_visitor_with_a_session_is_served_afresh(client, masterclass):
    _twice(client, "/masterclasses/")
    client.cookies["sessionid"] = "not-a-session"

    response = client.get("/masterclasses/")

    assert response.status_code == 200
    assert HIT_HEADER not in response


def test_pages_are_served_while_redis_is_down(client, masterclass, on_private_redis):
    _, cached = _twice(client, masterclass.url)
    assert cached[HIT_HEADER] == "hit"

    on_private_redis.stop()
    try:
        response = client.get(masterclass.url)
        assert response.status_code == 200
        assert "Alliances on the Wirral" in response.text
        assert HIT_HEADER not in response
    finally:
        on_private_redis.start()


# --- A member's session list: a fragment per member, browser and moment ----------------------


def _register_form_token(html: str) -> tuple[str, str]:
    from bs4 import BeautifulSoup

    form = BeautifulSoup(html, "html.parser").select_one("form[action*='/register/']")
    return form["action"], form.select_one("[name=csrfmiddlewaretoken]")["value"]


def test_a_register_form_from_the_kept_session_list_still_registers(masterclass, member):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member.user)
    browser.get(masterclass.url)  # the session list is now kept for this member and browser
    kept = browser.get(masterclass.url).text

    action, token = _register_form_token(kept)
    response = browser.post(action, {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert member.registrations.filter(session__page=masterclass).exists()
    assert "You're registered" in browser.get(masterclass.url).text


def test_another_browser_of_the_same_member_gets_forms_for_its_own_secret(masterclass, member):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for browser in (first, second):
        browser.force_login(member.user)
        browser.get(masterclass.url)

    action, token = _register_form_token(second.get(masterclass.url).text)
    response = second.post(action, {"csrfmiddlewaretoken": token})

    assert response.status_code == 302


def test_registration_closes_on_the_next_load_once_the_session_has_started(
    member_client, masterclass, monkeypatch
):
    session = masterclass.sessions.get()
    assert "Register" in member_client.get(masterclass.url).text
    started = session.start + (session.end - session.start) / 2
    monkeypatch.setattr("django.utils.timezone.now", lambda: started)

    page = member_client.get(masterclass.url).text

    assert "registration has closed" in page
