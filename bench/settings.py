"""Production settings plus the bare baseline view's URL: benchmarks measure the real thing."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
