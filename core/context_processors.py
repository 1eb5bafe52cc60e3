from django.conf import settings
from django.utils.functional import SimpleLazyObject

from core.page_cache import generation_for


def page_cache(request):
    """`page_cache_generation` and `page_cache_seconds` for `{% cache %}` fragments of pages:
    a fragment keyed on the generation is rendered afresh whenever the page cache is purged
    (core/page_cache.py). Read from the cache only by a template that uses it.

    A preview shows an unsaved draft: it neither reads the live page's fragments nor leaves
    its own for visitors (a generation of its own, and fragments that expire at once)."""
    if getattr(request, "is_preview", False):
        return {"page_cache_generation": "preview", "page_cache_seconds": 0}
    return {
        "page_cache_generation": SimpleLazyObject(lambda: str(generation_for(request))),
        "page_cache_seconds": getattr(settings, "PAGE_CACHE_SECONDS", 300),
    }
