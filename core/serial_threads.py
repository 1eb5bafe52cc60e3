"""Database work from async code, run in one of a few threads chosen by a key (a circle).

Channels' `database_sync_to_async` runs all of a process's database work in one thread, so
under load a circle's post waits behind every other socket's work in the process. Work
given a key runs instead in one of `SERIAL_THREADS` threads, always the same one for the
same key: different circles write side by side, while one circle's writes (which its row
lock serialises anyway) stay in order in this process, and so do the broadcasts each sends
after its commit. Each thread borrows a database connection from the pool for each call.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

from channels.db import database_sync_to_async
from django.conf import settings

_executors: list[ThreadPoolExecutor] = []
_lock = threading.Lock()


def _executor_for(key: int) -> ThreadPoolExecutor:
    if not _executors:
        with _lock:
            if not _executors:  # made on first use: after a server forks its workers
                _executors.extend(
                    ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"serial-{n}")
                    for n in range(settings.SERIAL_THREADS)
                )
    return _executors[key % len(_executors)]


def serial_sync_to_async(key: int, func):
    """`func` as a coroutine function that runs in the thread kept for `key`, closing or
    returning its database connection around each call, as `database_sync_to_async` does."""
    return database_sync_to_async(func, thread_sensitive=False, executor=_executor_for(key))
