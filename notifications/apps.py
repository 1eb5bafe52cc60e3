from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications: telling members what happened, on site and by email"
    demo_loader = "notifications.demo.loader.load"  # see core/demo.py
    # After everything that tells people things.
    demo_requires = ("network", "peer_support", "masterclasses", "commissioning")
