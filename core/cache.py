"""A Redis cache that degrades to a miss while Redis is unreachable, instead of a 500.

Pages, Wagtail's site-root lookup and allauth's rate limits all read the default cache. With
Django's own `RedisCache` every one of them raises while Redis is down; with this backend:

- reads return a miss (`get` → the default, `get_many` → `{}`, `has_key` → False);
- writes are skipped (`set`, `set_many`, `touch`, `delete`, `delete_many`, `clear`);
- `clear` removes this cache's own keys only. Django's `RedisCache.clear` empties the whole
  Redis database, and the channel layer's groups and the task queue live in the same one: a
  cleared cache would silently unsubscribe every open socket and drop queued tasks.
- `add` returns True and `incr`/`decr` return `delta` (`incr_window` 1), as if the key had
  just been created at 0. So a counter or lock built on them *fails safe* by letting the
  caller through: a rate limiter sees each hit as the first of its window (allow, never
  refuse), and allauth's cache lock is granted. Callers that want to say so in a log check
  `cache.degraded`.

The outage is logged once at WARNING (and its end at INFO), not as a traceback per request.
Short socket timeouts keep a dead Redis from stalling requests, and for `RETRY_AFTER`
seconds after a failure Redis is not asked at all; then the next call tries it again, so
the cache is in use again within about that long after Redis returns.

Django builds a backend object per thread and per request context (`asgiref.Local`), and
under ASGI each request has a context of its own: with Django's `RedisCache` every request
opened a new connection pool, and so a new TCP connection with its handshake, for its first
cache read. Backends of one process share one client, and so one pool, per server.
"""

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.outage import Outage

logger = logging.getLogger(__name__)

T = TypeVar("T")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
SOCKET_TIMEOUT = 0.5  # seconds; a cache answer slower than this is worth less than a miss
RETRY_AFTER = 1.0

_outages: dict[str, Outage] = {}
_clients: dict[str, RedisCacheClient] = {}
_clients_lock = threading.Lock()

# What `read_ahead` read, by the key as stored; only found keys, so a miss is asked again.
_read: ContextVar[dict[str, Any] | None] = ContextVar("cache_read_ahead", default=None)


@contextmanager
def read_ahead(keys: Iterable[str]) -> Iterator[None]:
    """Within the block, `get` of these keys from the default cache is answered from one
    `get_many` made now; this request's own writes to them are not (the cache forgets
    what it read ahead of a key it writes or deletes)."""
    from django.core.cache import caches

    backend = caches["default"]
    if not isinstance(backend, ResilientRedisCache):  # in-process caches need no round trip
        yield
        return
    found = backend.get_many(list(keys))
    token = _read.set({backend.make_key(key): value for key, value in found.items()})
    try:
        yield
    finally:
        _read.reset(token)


# One hit in a window: INCR, and give the key the window's expiry if it has none (its first
# hit, or a key left without one). One round trip, and atomic: Django's `incr` checks that
# the key exists and then INCRs it, so a window expiring in between came back without an
# expiry.
_INCR_WINDOW = """
local count = redis.call('INCR', KEYS[1])
if redis.call('TTL', KEYS[1]) < 0 then
    redis.call('EXPIRE', KEYS[1], ARGV[1])
end
return count
"""


def _glob_escape(text: str) -> str:
    return "".join(f"\\{char}" if char in "*?[]\\" else char for char in text)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS") or {})}
        params["OPTIONS"].setdefault("socket_connect_timeout", SOCKET_TIMEOUT)
        params["OPTIONS"].setdefault("socket_timeout", SOCKET_TIMEOUT)
        super().__init__(server, params)
        # Django makes one backend object per thread; the outage is the server's, not theirs.
        name = ",".join(self._servers)
        self._outage = _outages.setdefault(
            name, Outage("Redis (cache)", logger=logger, retry_after=RETRY_AFTER)
        )

    @cached_property
    def _cache(self) -> RedisCacheClient:
        # One client per process and configuration: its connection pool outlives the request.
        # redis-py's pool is thread-safe and starts afresh in a forked child (the worker).
        key = repr((self._servers, sorted(self._options.items())))
        with _clients_lock:
            if key not in _clients:
                _clients[key] = self._class(self._servers, **self._options)
            return _clients[key]

    @property
    def degraded(self) -> bool:
        """True while Redis is unreachable and this cache answers misses."""
        return self._outage.down

    def _attempt(self, fallback: T, operation: Callable[..., T], *args: Any) -> T:
        if not self._outage.should_try():
            return fallback
        try:
            result = operation(*args)
        except UNREACHABLE as error:
            self._outage.failed(error)
            return fallback
        self._outage.succeeded()
        return result

    def _forget(self, keys: Iterable[str], version=None) -> None:
        """Whatever was read ahead of these keys is out of date: they are being written."""
        read = _read.get()
        if read:
            for key in keys:
                read.pop(self.make_key(key, version), None)

    def get(self, key, default=None, version=None):
        read = _read.get()
        if read:
            made = self.make_key(key, version)
            if made in read:
                return read[made]
        return self._attempt(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._attempt({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._attempt(False, super().has_key, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._forget([key], version)
        self._attempt(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        self._forget(data, version)
        # Django's contract: the keys that were not stored.
        return self._attempt(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        self._forget([key], version)
        return self._attempt(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        self._forget(keys, version)
        self._attempt(None, super().delete_many, keys, version)

    def clear(self):
        if _read.get():
            _read.get().clear()
        return self._attempt(False, self._delete_own_keys)

    def _delete_own_keys(self) -> bool:
        # Keys are "<prefix>:<version>:<key>" (`make_key`); the channel layer's are
        # "<prefix>:group:…" or "<prefix>specific…", so the digit keeps them out.
        pattern = f"{_glob_escape(self.key_prefix)}:[0-9]*"
        client = self._cache.get_client(write=True)
        batch: list[bytes] = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.unlink(*batch)
                batch.clear()
        if batch:
            client.unlink(*batch)
        return True

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._forget([key], version)
        return self._attempt(True, super().add, key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        # `decr` is `incr` with a negative delta, so it degrades the same way.
        self._forget([key], version)
        return self._attempt(delta, super().incr, key, delta, version)

    def incr_window(self, key, seconds: int, version=None) -> int:
        """Count one hit in `key`'s window of `seconds`, opened by its first hit; return the
        count so far. One round trip to Redis (a rate limit's `add`, `incr` and `touch` were
        three, on every post)."""
        self._forget([key], version)
        return self._attempt(1, self._incr_window, key, seconds, version)

    def _incr_window(self, key, seconds: int, version=None) -> int:
        key = self.make_and_validate_key(key, version=version)
        client = self._cache.get_client(key, write=True)
        return int(client.eval(_INCR_WINDOW, 1, key, int(seconds)))


def incr_window(cache, key: str, seconds: int) -> int:
    """Count one hit in `key`'s window of `seconds` (opened by its first hit) in `cache`, and
    return the count so far: in one round trip on Redis, with `add` and `incr` elsewhere
    (the local-memory cache of development and tests)."""
    if hasattr(cache, "incr_window"):  # `cache` may be django.core.cache's proxy
        return cache.incr_window(key, seconds)
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        return 1
    if count == 1:
        cache.touch(key, seconds)  # as the script does: a window always ends
    return count


class ProcessCache(LocMemCache):
    """This process's memory, for what is kept under a generation: pages, routes, fragments,
    the signed-in person (the `pages` cache). Its keys are the site's own (names, ids and
    digests), so Django's check of every key against memcached's rules, a loop over each
    character on every read, is left out: it was 4% of a signed-in page's time."""

    def validate_key(self, key: str) -> None:
        pass
