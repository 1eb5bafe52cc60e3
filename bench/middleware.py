"""Middleware the benchmark server adds to the production stack (bench/settings.py).

`QueryCount` answers a request carrying `X-Bench-Queries` with how many queries it ran, in
the same header; other requests pass straight through. `PageCache` is the production page
cache, skipped for a request carrying `X-Bench-No-Page-Cache`: so one server measures
anonymous pages both rendered and from the cache.
"""

from django.db import connection

from bench.report import NO_PAGE_CACHE_HEADER, QUERIES_HEADER
from core.page_cache import AnonymousPageCacheMiddleware


class QueryCount:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if QUERIES_HEADER not in request.headers:
            return self.get_response(request)
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response[QUERIES_HEADER] = str(count)
        return response


class PageCache(AnonymousPageCacheMiddleware):
    def cacheable_request(self, request) -> bool:
        return NO_PAGE_CACHE_HEADER not in request.headers and super().cacheable_request(request)
