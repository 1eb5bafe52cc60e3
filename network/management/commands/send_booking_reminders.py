"""Email both people about confirmed sessions in the next 24 hours. Run from cron, e.g. every
15 minutes: `python manage.py send_booking_reminders`. Each session is reminded once."""

from django.core.management.base import BaseCommand

from network.services.bookings import reminders_send


class Command(BaseCommand):
    help = "Send reminder emails for confirmed sessions starting within a day."

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"{sent} reminders sent.")
