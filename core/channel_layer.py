"""The Redis channel layer, made to survive Redis blinking and idle sockets.

Two faults of `channels_redis` under redis-py 8, and what this subclass does about them:

- redis-py 8 reads with a 5 s `socket_timeout` by default, the same 5 s that channels_redis
  blocks in BZPOPMIN waiting for a message. An idle socket's read then raced the timeout, and
  the loser logged "Timeout reading from Redis" and tore the socket down, typically seen
  as a traceback when a socket closed. Here the blocking read is always shorter than the
  socket timeout (`BLOCKING_READ` < `socket_timeout`), so an idle wait ends normally.
- With Redis unreachable, every operation raised a connection error that ended the consumer
  as "Exception in ASGI application". Here:
  - `receive` and `group_add` raise `ChannelLayerUnavailable`: a socket cannot be live
    without them, so `core.websocket.CloseWhenChannelLayerUnavailable` closes it with
    `CLOSE_CHANNEL_LAYER_UNAVAILABLE` (4503) and the client reconnects with backoff;
  - `group_discard` is skipped: membership expires with the group anyway (`group_expiry`);
  - `send` and `group_send` are dropped: live delivery is best effort, the database is the
    record, and a client that reconnects asks to resume from its last message. So a
    committed write never 500s because its broadcast could not go out.
  The outage is logged once at WARNING and its end at INFO.

And one of redis-py's defaults: its asyncio pool raises `MaxConnectionsError` (a connection
error) once 100 connections are in use, so a thousand sockets opening at once were taken
for a Redis outage and closed with 4503. Here the pool waits for a free connection instead
(redis-py's `BlockingConnectionPool`), `POOL_WAIT` seconds at most.
"""

import logging

from channels_redis.core import RedisChannelLayer
from redis.asyncio import BlockingConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.outage import Outage

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
CLOSE_CHANNEL_LAYER_UNAVAILABLE = 4503
BLOCKING_READ = 2  # seconds one BZPOPMIN waits for a message before asking again
POOL_SIZE = 100  # connections to Redis per process and event loop, redis-py's default
POOL_WAIT = 10  # seconds an operation waits for one of them before it counts as an outage


class ChannelLayerUnavailable(Exception):
    """Redis cannot be reached, so this socket cannot receive group events."""


class ResilientRedisChannelLayer(RedisChannelLayer):
    brpop_timeout = BLOCKING_READ

    def __init__(
        self, hosts=None, *, socket_timeout: float = 5, connect_timeout: float = 1, **kwargs
    ):
        if socket_timeout <= BLOCKING_READ:
            raise ValueError(
                f"socket_timeout ({socket_timeout} s) must exceed the blocking read "
                f"({BLOCKING_READ} s), or idle sockets time out."
            )
        super().__init__(hosts=hosts, **kwargs)
        for host in self.hosts:
            host.setdefault("socket_timeout", socket_timeout)
            host.setdefault("socket_connect_timeout", connect_timeout)
            if "address" in host:
                host.setdefault("max_connections", POOL_SIZE)
                host.setdefault("timeout", POOL_WAIT)
        self._outage = Outage("Redis (channel layer)", logger=logger)

    def create_pool(self, index):
        """A pool that waits for a free connection when all are in use (a burst of sockets
        joining their groups), rather than failing the operation."""
        host = dict(self.hosts[index])
        if "address" not in host:  # a sentinel or host/port entry: channels_redis's own pool
            return super().create_pool(index)
        return BlockingConnectionPool.from_url(host.pop("address"), **host)

    async def receive(self, channel):
        try:
            message = await super().receive(channel)
        except UNREACHABLE as error:
            await self._lost(error)
            raise ChannelLayerUnavailable(str(error)) from error
        self._outage.succeeded()
        return message

    async def group_add(self, group, channel):
        try:
            await super().group_add(group, channel)
        except UNREACHABLE as error:
            await self._lost(error)
            raise ChannelLayerUnavailable(str(error)) from error
        self._outage.succeeded()

    async def group_discard(self, group, channel):
        await self._best_effort(super().group_discard(group, channel))

    async def send(self, channel, message):
        await self._best_effort(super().send(channel, message))

    async def group_send(self, group, message):
        await self._best_effort(super().group_send(group, message))

    async def _best_effort(self, operation) -> None:
        try:
            await operation
        except UNREACHABLE as error:
            await self._lost(error)
        else:
            self._outage.succeeded()

    async def _lost(self, error: BaseException) -> None:
        """Log the outage once, and drop idle pooled connections: they point at the Redis
        that went away, and would fail the first socket to connect after it is back."""
        self._outage.failed(error)
        for index in range(self.ring_size):
            await self.connection(index).connection_pool.disconnect(inuse_connections=False)
