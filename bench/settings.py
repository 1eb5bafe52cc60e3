"""Production settings plus the bare baseline view's URL and two measuring hooks
(bench/middleware.py): benchmarks measure the real thing."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
MIDDLEWARE = [
    "bench.middleware.QueryCount",
    *(
        "bench.middleware.PageCache" if m == "core.page_cache.AnonymousPageCacheMiddleware" else m
        for m in MIDDLEWARE  # noqa: F405
    ),
]
