from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications: telling members what happened, on site and by email"
    demo_loader = "notifications.demo.loader.load"  # see core/demo.py
    # After everything that tells people things.
    demo_requires = ("network", "peer_support", "masterclasses", "commissioning")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from notifications.events import notification_changed

        # A member's recent notifications on /matches/ are cached until they change. Not on
        # deletion: a receiver would make deleting a member load each of their notifications
        # (a deleted one leaves the cached list within PAGE_CACHE_SECONDS).
        post_save.connect(notification_changed, sender="notifications.Notification")
