import pytest
from django.core.management import call_command
from django.test import Client

from network.demo import DEMO_PASSWORD
from network.models import Member, Organisation

pytestmark = pytest.mark.django_db


def test_seed_demo_can_run_twice_and_every_role_can_log_in(capsys):
    call_command("seed_demo")
    counts = (Member.objects.count(), Organisation.objects.count())
    call_command("seed_demo")

    assert (Member.objects.count(), Organisation.objects.count()) == counts
    output = capsys.readouterr().out
    assert DEMO_PASSWORD in output
    for email in ("ceo@example.org", "commissioner@example.org", "provider@example.org"):
        assert email in output
        client = Client()
        response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302
        assert response.url == "/"
    places = set(Organisation.objects.values_list("place__slug", flat=True))
    assert {"wirral", "sefton", "cornwall", "somerset", "greater-manchester", "norfolk"} <= places
