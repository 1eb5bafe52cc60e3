from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each area contributes its own demo content, in dependency order.
DEMO_MODULES = ["network.demo", "masterclasses.demo", "peer_support.demo"]


class Command(BaseCommand):
    help = "Load demo organisations, members and content. Safe to run again."

    def handle(self, *args, **options):
        lines: list[str] = []
        with transaction.atomic():
            for name in DEMO_MODULES:
                lines.extend(import_module(name).seed())
        self.stdout.write(
            self.style.SUCCESS("Demo content is loaded. Log in at /accounts/login/ as:")
        )
        for line in lines:
            self.stdout.write(line)
