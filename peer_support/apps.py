from django.apps import AppConfig


class PeerSupportConfig(AppConfig):
    name = "peer_support"
    verbose_name = "Peer-support circles"
    demo_loader = "peer_support.demo.loader.load"  # see core/demo.py
    demo_requires = ("network",)
