from django.urls import path

from peer_support.consumers import CircleConsumer

websocket_urlpatterns = [
    path("ws/circles/<slug:slug>/", CircleConsumer.as_asgi()),
]
