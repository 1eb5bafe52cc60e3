"""`manage.py seed_demo`: every app's demo, found through its AppConfig, and one accounts table."""

import logging
import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client

from core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, Demo, demo_app_configs, load_demo
from masterclasses.models import MasterclassPage
from network.models import Member, Opportunity, Organisation
from peer_support.models import Circle, Message

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"\b[\w.-]+@example\.org\b")


def seed(*args: str) -> list[str]:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue().splitlines()


def test_seeding_twice_changes_nothing_and_every_listed_account_can_sign_in():
    seed()
    counts = [
        model.objects.count()
        for model in (Member, Organisation, Opportunity, MasterclassPage, Circle, Message)
    ]
    output = seed()

    assert counts == [
        model.objects.count()
        for model in (Member, Organisation, Opportunity, MasterclassPage, Circle, Message)
    ]
    emails = EMAIL.findall("\n".join(output))
    assert len(emails) == len(set(emails)) == Member.objects.count()
    for email in emails:
        response = Client().post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
    places = set(Organisation.objects.values_list("place__slug", flat=True))
    assert {"wirral", "sefton", "cornwall", "somerset", "greater-manchester", "norfolk"} <= places


def test_quiet_by_default_ending_with_the_accounts_table_password_and_two_factor_hint(caplog):
    with caplog.at_level(logging.INFO):
        output = seed()

    assert not caplog.records  # no "Task id=… state=…" or "Page created" lines
    assert DEMO_PASSWORD in output[0]
    header = output[1].split()
    assert header == ["Role", "Name", "Email", "Can", "see"]
    assert set(output[2]) == {"-", " "}
    rows = output[3:-1]
    assert all(EMAIL.search(row) for row in rows)
    assert f"oathtool --totp -b {DEMO_TOTP_SECRET}" in output[-1]
    assert "authenticator app" in output[-1]


def test_the_table_shows_each_role_once_in_order_moderator_and_facilitator_included():
    output = seed()
    rows = output[3:-1]
    headings = [row[: output[1].index("Name")].strip() for row in rows]
    roles = [h for h in headings if h]
    assert roles == [
        "Chief executive",
        "Commissioner",
        "Provider",
        "Editor",
        "Moderator",
        "Facilitator",
    ]
    assert any("moderator@example.org" in row for row in rows)
    facilitator = next(row for row in rows if "facilitator@example.org" in row)
    assert facilitator.startswith("Facilitator")
    ceo = next(row for row in rows if "ceo@example.org " in row)
    assert "North West circle" in ceo  # what a circle member can see, added by peer_support


def test_detail_with_verbosity_two(caplog):
    with caplog.at_level(logging.INFO):
        output = seed("-v", "2")

    loggers = {record.name.split(".")[0] for record in caplog.records}
    assert {"wagtail", "django_tasks"} <= loggers
    assert output[0] == (
        "Loading demo content for "
        "network, peer_support, masterclasses, commissioning, notifications, sitewide"
    )
    assert any(line.strip().startswith("Masterclasses:") for line in output)


@pytest.mark.django_db(transaction=True)
def test_seeding_emails_nobody(mailoutbox):
    """Invitations to the demo circles are real invitations, but nobody is sent one."""
    seed()
    assert Circle.objects.count() == 2
    assert mailoutbox == []


def test_an_app_names_its_loader_on_its_config_and_loads_after_what_it_requires(monkeypatch):
    config = apps.get_app_config("notifications")
    monkeypatch.setattr(config, "demo_loader", f"{__name__}.count_circles", raising=False)
    monkeypatch.setattr(config, "demo_requires", ("peer_support",), raising=False)

    order = [c.label for c in demo_app_configs()]
    assert order.index("network") < order.index("peer_support") < order.index("notifications")
    demo = load_demo(["notifications"])  # brings what it requires, and only that

    assert [line.split(":")[0] for line in demo.log] == ["Network", "Peer support", "Circles"]
    assert demo.log[-1] == "Circles: 2"
    assert not MasterclassPage.objects.exists()


def test_loaders_that_require_each_other_are_refused(monkeypatch):
    config = apps.get_app_config("network")
    monkeypatch.setattr(config, "demo_requires", ("peer_support",))
    with pytest.raises(ValueError, match="network -> peer_support -> network"):
        demo_app_configs()


def count_circles(demo: Demo) -> None:
    demo.log.append(f"Circles: {Circle.objects.count()}")


def test_every_demo_account_has_something_to_see():
    """Connections and sessions in the coming weeks for everyone in matching; notifications
    read and unread, and masterclass places, for everyone; unread messages for everyone in a
    circle; and somewhere, a waiting list, requested and confirmed sessions."""
    import datetime as dt

    from django.utils import timezone

    from masterclasses.models import Registration
    from network.models import Booking, Connection
    from notifications.models import Notification
    from peer_support.models import CircleMembership
    from peer_support.selectors import unread_messages

    demo = load_demo()
    load_demo()  # seeding again adds nothing to see
    now = timezone.now()
    coming_weeks = Booking.objects.active().filter(
        starts_at__gt=now, starts_at__lt=now + dt.timedelta(weeks=5)
    )
    for account in demo.accounts.values():
        member = Member.objects.get(user__email=account.email)
        notes = Notification.objects.filter(member=member)
        assert notes.unread().exists(), account.email
        assert notes.filter(read_at__isnull=False).exists(), account.email
        assert Registration.objects.filter(member=member).active().exists(), account.email
        if account.heading in ("Chief executive", "Commissioner", "Provider"):
            assert Connection.objects.involving(member.pk).exists(), account.email
            assert coming_weeks.filter(
                models.Q(requester=member) | models.Q(provider=member)
            ).exists(), account.email
        if CircleMembership.objects.filter(member=member).active().exists():
            assert unread_messages(member=member).exists(), account.email
    assert coming_weeks.filter(status=Booking.Status.CONFIRMED).exists()
    assert coming_weeks.filter(status=Booking.Status.REQUESTED).exists()
    assert Registration.objects.waitlisted().exists()
