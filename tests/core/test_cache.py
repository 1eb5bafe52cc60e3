"""The cache degrades to a miss while Redis is unreachable, and is used again once it is back."""

import logging
import time

import pytest
from django.core.cache import caches

from core.cache import RETRY_AFTER, incr_window


@pytest.fixture
def cache(on_private_redis):
    return caches["default"]


def _until(condition, seconds: float = 5.0) -> float:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, "condition not met in time"
        time.sleep(0.05)
    return time.monotonic() - started


def test_with_redis_up_it_is_an_ordinary_redis_cache(cache, private_redis):
    cache.set("greeting", "hello")

    assert cache.get("greeting") == "hello"
    assert cache.add("greeting", "again") is False
    assert not cache.degraded
    assert private_redis.client().keys("*greeting")


def test_with_redis_gone_reads_miss_and_writes_are_skipped(cache, private_redis):
    cache.set("greeting", "hello")
    private_redis.stop()

    assert cache.get("greeting") is None
    assert cache.get("greeting", "fallback") == "fallback"
    assert cache.get_many(["greeting"]) == {}
    assert cache.has_key("greeting") is False
    cache.set("greeting", "lost")
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.delete("greeting") is False
    assert cache.degraded


def test_add_and_incr_fail_safe_so_a_rate_limiter_lets_the_caller_through(cache, private_redis):
    private_redis.stop()

    # As on a fresh, empty cache: the window opens and this is its first hit.
    assert cache.add("rate:1", 0, timeout=10) is True
    assert cache.incr("rate:1") == 1
    assert cache.incr("rate:1", 5) == 5
    assert cache.decr("rate:1") == -1


def test_a_window_counts_its_hits_ends_on_time_and_fails_safe(cache, private_redis):
    assert [incr_window(cache, "rate:2", 10) for _ in range(3)] == [1, 2, 3]
    assert cache.get("rate:2") == 3
    assert 0 < private_redis.client().ttl(cache.make_and_validate_key("rate:2")) <= 10

    private_redis.stop()
    assert incr_window(cache, "rate:2", 10) == 1  # as the window's first hit: let through


def test_a_dead_redis_costs_no_waiting_and_one_warning(cache, private_redis, caplog):
    private_redis.stop()

    with caplog.at_level(logging.INFO, logger="core.cache"):
        started = time.monotonic()
        for _ in range(50):
            cache.get("anything")
            cache.add("lock", True)
        elapsed = time.monotonic() - started

    assert elapsed < 1.0
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "unreachable" in warnings[0].getMessage()
    assert warnings[0].exc_info is None  # a line, not a traceback


def test_the_cache_is_used_again_within_seconds_of_redis_returning(cache, private_redis, caplog):
    private_redis.stop()
    cache.set("greeting", "lost")
    private_redis.start()

    def stored() -> bool:
        cache.set("greeting", "back")
        return cache.get("greeting") == "back"

    with caplog.at_level(logging.INFO, logger="core.cache"):
        assert _until(stored) <= RETRY_AFTER + 1.0

    assert not cache.degraded
    assert any("is back" in r.getMessage() for r in caplog.records)


def test_clearing_the_cache_leaves_the_sockets_groups_and_the_task_queue_in_redis(
    cache, private_redis
):
    """They share one Redis database: a cleared cache must not unsubscribe every open socket
    or drop the queued tasks."""
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    async_to_sync(layer.group_add)("circle-1", "specific.abc!def")
    private_redis.client().lpush("django_q:commonground:q", "a queued task")
    cache.set("greeting", "hello")
    cache.set("old-format", "kept apart by version", version=2)

    cache.clear()

    assert cache.get("greeting") is None
    assert cache.get("old-format", version=2) is None
    client = private_redis.client()
    assert client.zcard("private:group:circle-1") == 1
    assert client.llen("django_q:commonground:q") == 1
