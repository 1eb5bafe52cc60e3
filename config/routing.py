"""WebSocket routes, gathered from each app's own `routing.py`."""

from notifications.routing import websocket_urlpatterns as notification_websockets
from peer_support.routing import websocket_urlpatterns as peer_support_websockets

websocket_urlpatterns = [*peer_support_websockets, *notification_websockets]
