from django.apps import AppConfig


class PeerSupportConfig(AppConfig):
    name = "peer_support"
    verbose_name = "Peer-support circles"
