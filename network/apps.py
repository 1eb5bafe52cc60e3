from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = "Network: people, organisations, matching and bookings"
    demo_loader = "network.demo.loader.load"  # see core/demo.py
    demo_requires = ()
