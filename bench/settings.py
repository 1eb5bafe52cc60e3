"""Production settings plus the bare baseline view's URL and two measuring hooks
(bench/middleware.py): benchmarks measure the real thing."""

import os

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

# CHANNEL_LAYER=pubsub compares channels-redis's RedisPubSubChannelLayer with the project's
# layer (bench fanout; docs/performance.md).
if os.environ.get("CHANNEL_LAYER") == "pubsub" and REDIS_URL:  # noqa: F405
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],  # noqa: F405
                "prefix": os.environ.get("CHANNEL_LAYER_PREFIX", "commonground"),
            },
        }
    }
