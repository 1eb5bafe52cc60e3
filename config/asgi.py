"""ASGI entry point: HTTP goes to Django, WebSockets to the apps' consumers.

Django is set up by `get_asgi_application()` before any consumer module is imported,
because consumers import models. Every socket passes the origin check (scheme, host and
port: `core.websocket.TrustedOriginValidator`) and is closed with a documented code, not an
unhandled exception, when the channel layer loses Redis (docs/reliability.md). A circle's
first message is built once before serving (`warm_up`), so the first real one does not pay
for compiling its templates while it holds the circle's lock. Then what the process has loaded
is frozen out of the garbage collector's reach: it lives as long as the process, and a full
collection walking it all stalled every socket of the process for about 200 ms
(docs/performance.md).
"""

import contextvars
import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from core.websocket import CloseWhenChannelLayerUnavailable, TrustedOriginValidator  # noqa: E402
from peer_support.events import warm_up  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": CloseWhenChannelLayerUnavailable(
            TrustedOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)

# In a context of its own: what building the event leaves in context variables (Django's
# per-request locals) would otherwise be inherited by every connection's task and copied by
# each, 19 KiB more per idle socket (`bench fanout`: 47 -> 66 KiB).
contextvars.Context().run(warm_up)
gc.collect()
gc.freeze()  # a full collection now walks only what was made since
