import logging

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Max
from django.test.utils import override_settings

from core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_app_configs, load_demo
from notifications.models import OutgoingEmail


class Command(BaseCommand):
    help = (
        "Load every app's demo content (the apps whose AppConfig names a demo_loader) and list "
        "the demo accounts. Safe to run again. -v 2 shows what each app loaded, and its logs."
    )

    def handle(self, *args, verbosity: int = 1, **options) -> None:
        if verbosity >= 2:
            labels = ", ".join(config.label for config in demo_app_configs())
            self.stdout.write(f"Loading demo content for {labels}")
        else:
            # Publishing pages logs a line per page, and each background task two more.
            logging.disable(logging.INFO)
        try:
            # The demo people are made up: nothing written while seeding is emailed to them,
            # so what the loaders put in the outbox is dropped before the worker sees it.
            with (
                override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
                transaction.atomic(),
            ):
                started = OutgoingEmail.objects.aggregate(last=Max("pk"))["last"] or 0
                demo = load_demo()
                OutgoingEmail.objects.filter(pk__gt=started).delete()
        finally:
            logging.disable(logging.NOTSET)
        if verbosity >= 2:
            for line in demo.log:
                self.stdout.write(f"  {line}")
        if verbosity == 0:
            return
        self.stdout.write(
            self.style.SUCCESS(
                "Demo content is loaded. Sign in at /accounts/login/ "
                f"with the password {DEMO_PASSWORD} as:"
            )
        )
        for line in demo.table():
            self.stdout.write(line)
        self.stdout.write(
            f"/admin/ asks for a two-factor code: add the secret {DEMO_TOTP_SECRET} to any "
            f"authenticator app, or run oathtool --totp -b {DEMO_TOTP_SECRET}"
        )
