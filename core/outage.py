"""One WARNING when a backing service (Redis) becomes unreachable, one INFO when it is back.

The cache and the channel layer keep serving while Redis is gone; without this, each request
or socket would log its own traceback for the same outage.
"""

import logging
import threading
import time


class Outage:
    """Tracks whether `service` is reachable, logging only the transitions.

    `retry_after` seconds after a failure, callers may try the service again (`should_try`);
    until then they skip it, so a dead or black-holed host costs no timeout per request.
    """

    def __init__(self, service: str, *, logger: logging.Logger, retry_after: float = 1.0):
        self.service = service
        self.logger = logger
        self.retry_after = retry_after
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._next_try = 0.0

    @property
    def down(self) -> bool:
        return self._down_since is not None

    def should_try(self) -> bool:
        return self._down_since is None or time.monotonic() >= self._next_try

    def failed(self, error: BaseException) -> None:
        with self._lock:
            now = time.monotonic()
            self._next_try = now + self.retry_after
            if self._down_since is not None:
                return
            self._down_since = now
        self.logger.warning(
            "%s is unreachable (%s: %s); carrying on without it until it is back.",
            self.service,
            type(error).__name__,
            error,
        )

    def succeeded(self) -> None:
        if self._down_since is None:
            return
        with self._lock:
            if self._down_since is None:
                return
            seconds = time.monotonic() - self._down_since
            self._down_since = None
        self.logger.info("%s is back after %.1f s.", self.service, seconds)
