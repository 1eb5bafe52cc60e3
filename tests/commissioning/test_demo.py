"""The demo seeds one challenge at each stage in the seeds' places, through the services,
including a contract in three lots with a consortium bid from two small providers."""

import pytest

from commissioning.models import Challenge, ConsortiumPartner, Lot, Stage
from core.demo import load_demo
from network.models import SizeBand

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_challenge_at_every_stage_and_a_small_consortium_bid():
    load_demo(only=["commissioning"])
    stages = set(Challenge.objects.values_list("stage", flat=True))
    assert stages == {s.value for s in Stage}
    places = set(Challenge.objects.values_list("place__slug", flat=True))
    assert places == {
        "greater-manchester",
        "cornwall",
        "somerset",
        "wirral",
        "sefton",
        "east-of-england",
        "north-west",
    }
    cornwall = Challenge.objects.get(place__slug="cornwall")
    assert cornwall.lots.count() == 3
    partner = ConsortiumPartner.objects.get(expression__lot__challenge=cornwall)
    assert partner.status == ConsortiumPartner.Status.ACCEPTED
    bands = {partner.organisation.size_band, partner.expression.organisation.size_band}
    assert bands == {SizeBand.SMALL}
    assert Lot.objects.filter(awarded_to__isnull=False).count() == 1

    counts = [Challenge.objects.count(), Lot.objects.count()]
    load_demo(only=["commissioning"])
    assert counts == [Challenge.objects.count(), Lot.objects.count()]
