"""The cache degrades to a miss while Redis is unreachable, and is used again once it is back."""

import logging
import time

import pytest
from django.core.cache import caches

from core.cache import RETRY_AFTER, incr_window, read_ahead


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


def test_each_request_s_backend_reuses_the_process_s_connection(cache, private_redis):
    # Under ASGI Django builds a cache backend per request (per asgiref context); each used to
    # open its own pool, so every request paid a new connection and its handshake.
    spy = private_redis.client()
    opened_before = spy.info("stats")["total_connections_received"]

    for _ in range(20):
        backend = caches.create_connection("default")
        backend.set("greeting", "hello")
        assert backend.get("greeting") == "hello"

    opened = spy.info("stats")["total_connections_received"] - opened_before
    assert opened <= 1


def _reads(spy) -> dict[str, int]:
    stats = spy.info("commandstats")
    return {name: stats.get(f"cmdstat_{name}", {}).get("calls", 0) for name in ("get", "mget")}


def test_read_ahead_answers_the_block_s_reads_in_one_round_trip(cache, private_redis):
    cache.set_many({"generation": 7, "count": 2})
    spy = private_redis.client()
    before = _reads(spy)

    with read_ahead(["generation", "count", "absent"]):
        assert cache.get("generation") == 7
        assert cache.get("count") == 2
        assert cache.get("absent", "default") == "default"

    after = _reads(spy)
    assert after["mget"] - before["mget"] == 1
    assert after["get"] - before["get"] == 1  # only the key that was not found is asked again


def test_a_write_inside_read_ahead_is_read_back(cache):
    cache.set("count", 2)

    with read_ahead(["count"]):
        cache.set("count", 3)
        assert cache.get("count") == 3
        cache.delete("count")
        assert cache.get("count") is None
        cache.add("count", 5)
        assert cache.get("count") == 5
        cache.incr("count")
        assert cache.get("count") == 6


def test_read_ahead_with_redis_gone_reads_miss(cache, private_redis):
    cache.set("count", 2)
    private_redis.stop()

    with read_ahead(["count"]):
        assert cache.get("count") is None
