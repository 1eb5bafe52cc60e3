"""Pages run a fixed number of queries however many sessions, registrations, speakers and
topics there are (1 or 50 of each)."""

import pytest

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

SIZES = [1, 50]


@pytest.fixture(params=SIZES, ids=lambda n: f"{n}-of-each")
def content(request, member):
    n = request.param
    picture = ImageFactory(description="A picture every page and card shows.")
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
    for _ in range(n):
        other = MasterclassPageFactory(topics=topics[:5], image=picture)
        SessionFactory(page=other)
    guidance = GuidancePageFactory(topics=topics, image=picture)
    guidance.related_masterclasses = [masterclass]
    guidance.save()
    for _ in range(n - 1):
        GuidancePageFactory(topics=topics[:5], image=picture)
    return {"masterclass": masterclass, "guidance": guidance}


# Fixed numbers, pinned at both sizes: a change that makes a page grow with its data fails.
HOME_QUERIES = 17
LISTING_QUERIES = 18
MASTERCLASS_QUERIES = 19
GUIDANCE_QUERIES = 18


def _get(client, url, expected, django_assert_num_queries):
    client.get(url)  # Warm per-process caches (site root paths, content types).
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_home_page(member_client, content, django_assert_num_queries):
    response = _get(member_client, "/", HOME_QUERIES, django_assert_num_queries)
    assert content["masterclass"].title in response.text


def test_masterclass_listing(member_client, content, django_assert_num_queries):
    response = _get(member_client, "/masterclasses/", LISTING_QUERIES, django_assert_num_queries)
    assert content["masterclass"].title in response.text


def test_masterclass_page(member_client, content, django_assert_num_queries):
    page = content["masterclass"]
    response = _get(member_client, page.url, MASTERCLASS_QUERIES, django_assert_num_queries)
    assert "You're registered." in response.text


def test_guidance_page(member_client, content, django_assert_num_queries):
    page = content["guidance"]
    response = _get(member_client, page.url, GUIDANCE_QUERIES, django_assert_num_queries)
    assert content["masterclass"].title in response.text
