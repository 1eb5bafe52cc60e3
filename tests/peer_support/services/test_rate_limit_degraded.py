"""The circle rate limiter with its cache gone (issue 10, part 3): it fails safe, letting posts
through rather than answering with a 500, and says so in one log line for the whole outage,
not one per post. Runs over a private redis-server the test stops, never the shared one."""

import logging
import time

import pytest
from django.core.cache import cache
from redis import Redis

from peer_support.models import Message
from peer_support.services import messages

pytestmark = pytest.mark.django_db

UNENFORCED = "Circle rate limit not enforced"


@pytest.fixture
def fresh_note(monkeypatch):
    monkeypatch.setattr(messages, "_unenforced", messages._Unenforced())


def test_with_the_cache_gone_posts_go_through_and_one_line_says_the_limit_is_off(
    on_private_redis, thread, alice, caplog, fresh_note
):
    limit, _ = messages.RATE_LIMIT
    on_private_redis.stop()
    with caplog.at_level(logging.INFO, logger="peer_support"):
        for n in range(limit + 2):
            messages.message_post(thread=thread, author=alice, body=f"during {n}")
    assert Message.objects.filter(author=alice).count() == limit + 2
    warnings = [r for r in caplog.records if UNENFORCED in r.getMessage()]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []

    on_private_redis.start()
    deadline = time.monotonic() + 5
    while cache.degraded:  # the cache tries Redis again a second after a failure
        assert time.monotonic() < deadline, "the cache did not come back"
        cache.get("anything")
        time.sleep(0.05)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="peer_support"):
        messages.message_post(thread=thread, author=alice, body="after")
    assert [r.getMessage() for r in caplog.records] == [
        "Circle rate limit enforced again: the cache is back."
    ]


def test_a_window_whose_key_lost_its_expiry_still_ends(on_private_redis, thread, alice):
    """Django's incr checks the key exists, then Redis INCRs it: had the window expired in
    between, INCR re-created the key without an expiry, and once at the limit the member could
    never post again (seen under load in `bench fanout`)."""
    key = f"peer_support:rate:{alice.pk}"
    cache.set(key, 0, timeout=None)  # the key as INCR leaves it after that race
    messages.message_post(thread=thread, author=alice, body="the first of a window")
    redis = Redis.from_url(on_private_redis.url)
    try:
        assert 0 < redis.ttl(cache.make_and_validate_key(key)) <= messages.RATE_LIMIT[1]
    finally:
        redis.close()
