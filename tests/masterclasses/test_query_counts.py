"""Pages run a fixed number of queries however many sessions, registrations, speakers, topics
and pages there are (1 or 100 of each, 1 or 20 other pages), both when the shared parts are
rendered afresh and when they come from cached fragments (core/page_cache.py).

Sessions are read through the cache as production reads them with Redis (cached_db)."""

import pytest

from core.page_cache import purge
from masterclasses.models import Registration
from tests.factories import (
    GuidancePageFactory,
    ImageFactory,
    MasterclassPageFactory,
    MemberFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

SIZES = [1, 100]


@pytest.fixture(autouse=True)
def _sessions_as_in_production(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


@pytest.fixture(params=SIZES, ids=lambda n: f"{n}-of-each")
def content(request, member):
    n = request.param
    picture = ImageFactory(description="A picture every page and card shows.")
    pages = max(1, n // 5)
    topics = TopicFactory.create_batch(n)
    speakers = SpeakerFactory.create_batch(n, photo=picture)
    masterclass = MasterclassPageFactory(topics=topics, speakers=speakers, image=picture)
    sessions = SessionFactory.create_batch(n, page=masterclass, capacity=n)
    members = [member, *MemberFactory.create_batch(n - 1)]
    # n registrations on the first session (full), the member waiting on the last too.
    for someone in members:
        RegistrationFactory(session=sessions[0], member=someone)
    if n > 1:
        RegistrationFactory(
            session=sessions[-1], member=member, status=Registration.Status.WAITLISTED
        )
    for _ in range(pages):
        other = MasterclassPageFactory(topics=topics[:5], image=picture)
        SessionFactory(page=other)
    guidance = GuidancePageFactory(topics=topics, image=picture)
    guidance.related_masterclasses = [masterclass]
    guidance.save()
    for _ in range(pages - 1):
        GuidancePageFactory(topics=topics[:5], image=picture)
    return {"masterclass": masterclass, "guidance": guidance}


# Fixed numbers, pinned at both sizes: a change that makes a page grow with its data fails.
# Signed in, the shared parts from cached fragments and the signed-in person from memory
# (network/auth_backends.py `signed_in_user`): no query at all.
HOME_QUERIES = 0
LISTING_QUERIES = 0
MASTERCLASS_QUERIES = 0
GUIDANCE_QUERIES = 0
# Rendered afresh, after a purge: finding the site and the page, its restrictions, and every
# shared part.
HOME_RENDERED = 14  # with the cards' pictures and their renditions
LISTING_RENDERED = 15  # and the local academies, with their pictures
MASTERCLASS_RENDERED = 15
GUIDANCE_RENDERED = 15


def _get(client, url, expected, django_assert_num_queries):
    client.get(url)  # Warm per-process caches (site root paths, content types) and fragments.
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


def _get_cold(client, url, expected, django_assert_num_queries):
    client.get(url)  # Warm per-process caches and the session.
    purge()  # as after publishing: routes and fragments are found and rendered afresh
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_home_page(member_client, content, django_assert_num_queries):
    response = _get(member_client, "/", HOME_QUERIES, django_assert_num_queries)
    assert content["masterclass"].title in response.text


def test_home_page_rendered(member_client, content, django_assert_num_queries):
    response = _get_cold(member_client, "/", HOME_RENDERED, django_assert_num_queries)
    assert content["masterclass"].title in response.text


def test_masterclass_listing(member_client, content, django_assert_num_queries):
    response = _get(member_client, "/masterclasses/", LISTING_QUERIES, django_assert_num_queries)
    assert content["masterclass"].title in response.text


def test_masterclass_listing_rendered(member_client, content, django_assert_num_queries):
    response = _get_cold(
        member_client, "/masterclasses/", LISTING_RENDERED, django_assert_num_queries
    )
    assert content["masterclass"].title in response.text


def test_masterclass_page(member_client, content, django_assert_num_queries):
    page = content["masterclass"]
    response = _get(member_client, page.url, MASTERCLASS_QUERIES, django_assert_num_queries)
    assert "You're registered." in response.text


def test_masterclass_page_rendered(member_client, content, django_assert_num_queries):
    page = content["masterclass"]
    response = _get_cold(member_client, page.url, MASTERCLASS_RENDERED, django_assert_num_queries)
    assert "You're registered." in response.text
    assert content["guidance"].title in response.text


def test_guidance_page(member_client, content, django_assert_num_queries):
    page = content["guidance"]
    response = _get(member_client, page.url, GUIDANCE_QUERIES, django_assert_num_queries)
    assert content["masterclass"].title in response.text


def test_guidance_page_rendered(member_client, content, django_assert_num_queries):
    page = content["guidance"]
    response = _get_cold(member_client, page.url, GUIDANCE_RENDERED, django_assert_num_queries)
    assert content["masterclass"].title in response.text
