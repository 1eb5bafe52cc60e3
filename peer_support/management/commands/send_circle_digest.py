"""Email each circle member a digest of unread messages. Run daily from a scheduler (cron,
systemd timer): `python manage.py send_circle_digest`. Running it twice sends nothing new."""

from django.core.management.base import BaseCommand

from peer_support.services.digest import digest_send


class Command(BaseCommand):
    help = "Email each circle member a summary of their unread messages."

    def handle(self, *args, **options):
        sent = digest_send()
        self.stdout.write(f"Sent {sent} digest{'s' if sent != 1 else ''}.")
