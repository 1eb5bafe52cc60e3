"""The channel layer survives idle sockets and a Redis that goes away."""

import asyncio
import logging

import pytest
from channels_redis.core import RedisChannelLayer
from redis.exceptions import MaxConnectionsError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.channel_layer import BLOCKING_READ, ChannelLayerUnavailable, ResilientRedisChannelLayer


def _layer(private_redis, **options) -> ResilientRedisChannelLayer:
    return ResilientRedisChannelLayer(hosts=[private_redis.url], prefix="test", **options)


@pytest.mark.asyncio
async def test_an_idle_receive_outlasts_the_socket_timeout(private_redis):
    """redis-py 8's default 5 s socket timeout equals channels_redis's 5 s blocking read, so
    an idle socket raised "Timeout reading from Redis"; here the read is shorter."""
    layer = _layer(private_redis, socket_timeout=BLOCKING_READ + 0.5)
    channel = await layer.new_channel()
    try:
        with pytest.raises(asyncio.TimeoutError):  # our own wait ran out, not Redis's
            await asyncio.wait_for(layer.receive(channel), timeout=BLOCKING_READ + 1.5)
        await layer.send(channel, {"type": "still.here"})
        assert await asyncio.wait_for(layer.receive(channel), timeout=2) == {"type": "still.here"}
    finally:
        await layer.close_pools()


@pytest.mark.asyncio
async def test_the_stock_layer_times_out_an_idle_receive_when_the_read_matches_the_timeout(
    private_redis,
):
    """The fault this layer removes, shown with a short timeout in place of redis-py's 5 s."""
    layer = RedisChannelLayer(hosts=[{"address": private_redis.url, "socket_timeout": 1}])
    layer.brpop_timeout = 1
    channel = await layer.new_channel()
    try:
        with pytest.raises(RedisTimeoutError, match="Timeout reading from"):
            await asyncio.wait_for(layer.receive(channel), timeout=5)
    finally:
        await layer.close_pools()


def test_a_socket_timeout_no_longer_than_the_blocking_read_is_refused(private_redis):
    with pytest.raises(ValueError, match="must exceed the blocking read"):
        _layer(private_redis, socket_timeout=BLOCKING_READ)


@pytest.mark.asyncio
async def test_with_redis_gone_joining_and_receiving_raise_one_known_error(private_redis):
    layer = _layer(private_redis)
    channel = await layer.new_channel()
    private_redis.stop()
    try:
        with pytest.raises(ChannelLayerUnavailable):
            await layer.group_add("circle.1", channel)
        with pytest.raises(ChannelLayerUnavailable):
            await asyncio.wait_for(layer.receive(channel), timeout=5)
    finally:
        await layer.close_pools()


@pytest.mark.asyncio
async def test_with_redis_gone_leaving_and_broadcasting_carry_on_with_one_warning(
    private_redis, caplog
):
    layer = _layer(private_redis)
    channel = await layer.new_channel()
    await layer.group_add("circle.1", channel)
    private_redis.stop()
    try:
        with caplog.at_level(logging.INFO, logger="core.channel_layer"):
            await layer.group_send("circle.1", {"type": "circle.event"})
            await layer.send(channel, {"type": "circle.event"})
            await layer.group_discard("circle.1", channel)

            private_redis.start()
            await layer.group_add("circle.1", channel)
            await layer.group_send("circle.1", {"type": "circle.event", "n": 2})
            message = await asyncio.wait_for(layer.receive(channel), timeout=3)
    finally:
        await layer.close_pools()

    assert message == {"type": "circle.event", "n": 2}
    levels = [(r.levelno, r.exc_info) for r in caplog.records]
    assert levels == [(logging.WARNING, None), (logging.INFO, None)]


async def _join_all_at_once(layer, count: int) -> list[str]:
    channels = [await layer.new_channel() for _ in range(count)]
    await asyncio.gather(*(layer.group_add("circle.1", channel) for channel in channels))
    return channels


@pytest.mark.asyncio
async def test_more_sockets_joining_at_once_than_pooled_connections_all_join(private_redis):
    """A thousand sockets opening together ran out of redis-py's 100 connections and were
    closed as if Redis were down; the pool now waits for a free connection."""
    layer = ResilientRedisChannelLayer(
        hosts=[{"address": private_redis.url, "max_connections": 2}], prefix="test"
    )
    try:
        channels = await _join_all_at_once(layer, 30)
        await layer.group_send("circle.1", {"type": "circle.event"})
        received = [await asyncio.wait_for(layer.receive(c), timeout=3) for c in channels]
    finally:
        await layer.close_pools()

    assert received == [{"type": "circle.event"}] * 30


@pytest.mark.asyncio
async def test_the_stock_pool_fails_joins_beyond_its_connections(private_redis):
    """The fault the waiting pool removes, with 2 connections in place of redis-py's 100."""
    layer = RedisChannelLayer(hosts=[{"address": private_redis.url, "max_connections": 2}])
    try:
        with pytest.raises(MaxConnectionsError):
            await _join_all_at_once(layer, 30)
    finally:
        await layer.close_pools()
