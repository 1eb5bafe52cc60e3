from django.conf import settings
from django.utils.functional import SimpleLazyObject

from core.page_cache import generation_for


def page_cache(request):
    """`page_cache_generation` and `page_cache_seconds` for `{% cache %}` fragments of pages:
    a fragment keyed on the generation is rendered afresh whenever the page cache is purged
    (core/page_cache.py). Read from the cache only by a template that uses it."""
    return {
        "page_cache_generation": SimpleLazyObject(lambda: str(generation_for(request))),
        "page_cache_seconds": getattr(settings, "PAGE_CACHE_SECONDS", 300),
    }
