"""Loading demo content: what every app's demo loader shares, and the order they run in.

Each app with demo content names its loader on its AppConfig, with the apps it builds on:

    class NetworkConfig(AppConfig):
        demo_loader = "network.demo.loader.load"    # load(demo: Demo) -> None
        demo_requires = ()                          # app labels loaded first

and keeps its words in `<app>/demo/data.yaml`. A loader writes through the app's services,
creates only what is missing, and records the accounts it sets up so that `seed_demo` can
print them as one table.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import AppConfig, apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.module_loading import import_string

DEMO_PASSWORD = "commonground-demo"
# A fixed TOTP secret so demo editors can add it to an authenticator app (demo only).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# The table lists these first, in this order; any other heading follows alphabetically.
ROLE_ORDER = ["Chief executive", "Commissioner", "Provider", "Editor", "Moderator", "Facilitator"]


@dataclass
class DemoAccount:
    heading: str
    name: str
    email: str
    sees: list[str] = field(default_factory=list)


@dataclass
class Demo:
    """One run of the loaders: the accounts they set up, and what they did (shown at -v 2)."""

    accounts: dict[str, DemoAccount] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    def account(self, *, heading: str, name: str, email: str, sees: str = "") -> DemoAccount:
        account = self.accounts.setdefault(email, DemoAccount(heading, name, email))
        account.heading, account.name = heading, name
        self.sees(email, sees)
        return account

    def sees(self, email: str, what: str) -> None:
        """Add to what an account can try; a later app adds its part (a circle, say)."""
        account = self.accounts.get(email)
        if account is not None and what and what not in account.sees:
            account.sees.append(what)

    def table(self) -> list[str]:
        """The accounts grouped by role, one line each; the heading shown once per group."""

        def rank(account: DemoAccount) -> tuple[int, str]:
            known = account.heading in ROLE_ORDER
            return (
                ROLE_ORDER.index(account.heading) if known else len(ROLE_ORDER),
                account.heading,
            )

        rows = sorted(self.accounts.values(), key=rank)  # stable: data order within a role
        widths = [
            max([len(heading), *(len(value) for value in values)])
            for heading, values in [
                ("Role", [a.heading for a in rows]),
                ("Name", [a.name for a in rows]),
                ("Email", [a.email for a in rows]),
            ]
        ]

        def line(*cells: str) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(cells, [*widths, 0], strict=True)).rstrip()

        lines = [
            line("Role", "Name", "Email", "Can see"),
            line(*("-" * w for w in widths), "-" * 7),
        ]
        previous = None
        for account in rows:
            heading = account.heading if account.heading != previous else ""
            previous = account.heading
            lines.append(line(heading, account.name, account.email, "; ".join(account.sees)))
        return lines


def read_data(app_label: str) -> dict[str, Any]:
    """The app's `demo/data.yaml`."""
    path = Path(apps.get_app_config(app_label).path) / "demo" / "data.yaml"
    with path.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def demo_account(email: str, first_name: str, last_name: str, *, groups: Iterable[str] = ()) -> Any:
    """A verified demo account with the demo password, and TOTP for CMS groups.

    No service signs people up without the emailed link, so this writes allauth's models.
    """
    groups = list(groups)
    user, created = get_user_model().objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created:  # hashing is slow by design: once, not on every run of `make run`
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    if (
        groups
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


def demo_app_configs(only: Iterable[str] | None = None) -> list[AppConfig]:
    """Apps with demo content, each after the apps it requires (`only` adds what they need).

    Otherwise in INSTALLED_APPS order.
    """
    configs = {c.label: c for c in apps.get_app_configs() if getattr(c, "demo_loader", None)}
    wanted = list(configs) if only is None else list(only)
    ordered: list[AppConfig] = []

    def visit(label: str, path: tuple[str, ...]) -> None:
        if label in path:
            raise ValueError(f"Demo loaders require each other: {' -> '.join((*path, label))}")
        if label not in configs:
            raise LookupError(f"No app named {label!r} has a demo_loader.")
        config = configs[label]
        if config in ordered:
            return
        for required in getattr(config, "demo_requires", ()):
            visit(required, (*path, label))
        ordered.append(config)

    for label in wanted:
        visit(label, ())
    return ordered


@transaction.atomic
def load_demo(only: Iterable[str] | None = None) -> Demo:
    """Run every app's demo loader (or those in `only`, with what they require)."""
    demo = Demo()
    for config in demo_app_configs(only):
        import_string(config.demo_loader)(demo)
    return demo
