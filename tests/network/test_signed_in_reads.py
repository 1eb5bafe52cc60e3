"""A signed-in page asks Redis twice (its session, then everything else in one read) and the
database nothing to know who is asking (network/middleware.py `signed_in_reads`)."""

import pytest

from notifications.models import Notification
from tests.factories import MasterclassPageFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sessions_as_in_production(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def _reads(spy) -> dict[str, int]:
    stats = spy.info("commandstats")
    return {name: stats.get(f"cmdstat_{name}", {}).get("calls", 0) for name in ("get", "mget")}


def test_a_signed_in_page_reads_redis_twice_and_the_database_never(
    on_private_redis, member, client, django_assert_num_queries
):
    page = MasterclassPageFactory()
    SessionFactory(page=page)
    Notification.objects.create(member=member, text="Your place is confirmed.")
    client.force_login(member.user)
    client.get(page.url)  # the person, the unread count and the page's fragments kept
    spy = on_private_redis.client()
    before = _reads(spy)

    with django_assert_num_queries(0):
        response = client.get(page.url)

    after = _reads(spy)
    assert response.status_code == 200
    assert "<span data-unread-count>1</span>" in response.text
    assert (after["get"] - before["get"], after["mget"] - before["mget"]) == (1, 1)
