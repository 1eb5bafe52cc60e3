"""ASGI middleware for every WebSocket: who may open one, and how it ends when Redis is gone.

`TrustedOriginValidator` replaces Channels' `AllowedHostsOriginValidator`, which compares only
the host and so accepted `Origin: http://127.0.0.1:9201` for a site on another scheme or port.
`CloseWhenChannelLayerUnavailable` turns the channel layer's `ChannelLayerUnavailable` into a
documented close code instead of "Exception in ASGI application".
"""

import contextlib
import logging
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.utils.http import is_same_domain

from core.channel_layer import CLOSE_CHANNEL_LAYER_UNAVAILABLE, ChannelLayerUnavailable

logger = logging.getLogger(__name__)

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) with the scheme's default port filled in; None if unparseable."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return None
    if not parts.scheme or not parts.hostname or port is None:
        return None
    return parts.scheme, parts.hostname, port


def origin_is_trusted(origin: str, trusted: list[str]) -> bool:
    """Scheme, host and port all match an entry of `trusted` (CSRF_TRUSTED_ORIGINS's format,
    where `https://*.example.org` admits example.org and its subdomains, as for CSRF)."""
    candidate = _origin(origin)
    if candidate is None:
        return False
    scheme, host, port = candidate
    for entry in trusted:
        wildcard = "://*." in entry
        allowed = _origin(entry.replace("://*.", "://", 1))
        if allowed is None or (allowed[0], allowed[2]) != (scheme, port):
            continue
        if host == allowed[1] or (wildcard and is_same_domain(host, "." + allowed[1])):
            return True
    return False


def origin_is_same_host(origin: str, host_header: str) -> bool:
    """Host and port of the Origin equal the Host header the socket was opened with."""
    candidate = _origin(origin)
    try:
        request = urlsplit(f"//{host_header}")
        request_port = request.port
    except ValueError:
        return False
    if candidate is None or not request.hostname:
        return False
    scheme, host, port = candidate
    return host == request.hostname and port == (request_port or DEFAULT_PORTS[scheme])


class TrustedOriginValidator:
    """In production a socket's Origin must be one of CSRF_TRUSTED_ORIGINS (scheme, host and
    port). With DEBUG on, an Origin on the same host and port as the socket is enough too."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        headers = dict(scope.get("headers", []))
        origin = headers.get(b"origin", b"").decode("latin1")
        host = headers.get(b"host", b"").decode("latin1")
        allowed = origin_is_trusted(origin, settings.CSRF_TRUSTED_ORIGINS) or (
            settings.DEBUG and origin_is_same_host(origin, host)
        )
        if not allowed:
            denier = WebsocketDenier()
            return await denier(scope, receive, send)
        return await self.application(scope, receive, send)


class CloseWhenChannelLayerUnavailable:
    """Close with 4503 a socket whose channel layer lost Redis; its client reconnects."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        state = {"accepted": False, "closed": False}

        async def tracking_send(message):
            if message["type"] == "websocket.accept":
                state["accepted"] = True
            elif message["type"] in {"websocket.close", "websocket.http.response.start"}:
                state["closed"] = True
            await send(message)

        try:
            return await self.application(scope, receive, tracking_send)
        except ChannelLayerUnavailable:
            if state["closed"]:
                return None
            # The client may be gone already; then there is nobody left to tell.
            with contextlib.suppress(OSError, RuntimeError):
                if not state["accepted"]:  # accept first, or the code never reaches the browser
                    await send({"type": "websocket.accept"})
                await send({"type": "websocket.close", "code": CLOSE_CHANNEL_LAYER_UNAVAILABLE})
        return None
