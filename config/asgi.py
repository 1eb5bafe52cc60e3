"""ASGI entry point: HTTP goes to Django, WebSockets to the apps' consumers.

Django is set up by `get_asgi_application()` before any consumer module is imported,
because consumers import models. Every socket passes the origin check (scheme, host and
port: `core.websocket.TrustedOriginValidator`) and is closed with a documented code, not an
unhandled exception, when the channel layer loses Redis (docs/reliability.md).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from core.websocket import CloseWhenChannelLayerUnavailable, TrustedOriginValidator  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": CloseWhenChannelLayerUnavailable(
            TrustedOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)
