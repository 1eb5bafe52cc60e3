"""The account adapter the settings name: the network app's, plus a site-wide security fix.

allauth keys its per-account limit on failed log-ins by `get_current_site(request).domain`
and the email. Without `django.contrib.sites` that domain is the request's Host header with
its port, and Django accepts any port on an allowed host, so `example.org:1`,
`example.org:2`, ... each got a fresh allowance: the limit did not hold. Here the key uses
the site's own host from SITE_URL, whatever Host the request carried.
"""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest

from network.adapters import AccountAdapter as NetworkAccountAdapter


class AccountAdapter(NetworkAccountAdapter):
    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{urlsplit(settings.SITE_URL).hostname}:{login}"
