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
"""

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.outage import Outage

logger = logging.getLogger(__name__)

T = TypeVar("T")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
SOCKET_TIMEOUT = 0.5  # seconds; a cache answer slower than this is worth less than a miss
RETRY_AFTER = 1.0

_outages: dict[str, Outage] = {}

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

    def get(self, key, default=None, version=None):
        return self._attempt(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._attempt({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._attempt(False, super().has_key, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._attempt(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's contract: the keys that were not stored.
        return self._attempt(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._attempt(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        self._attempt(None, super().delete_many, keys, version)

    def clear(self):
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
        return self._attempt(True, super().add, key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        # `decr` is `incr` with a negative delta, so it degrades the same way.
        return self._attempt(delta, super().incr, key, delta, version)

    def incr_window(self, key, seconds: int, version=None) -> int:
        """Count one hit in `key`'s window of `seconds`, opened by its first hit; return the
        count so far. One round trip to Redis (a rate limit's `add`, `incr` and `touch` were
        three, on every post)."""
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
