from datetime import timedelta

import pytest
from django.utils import timezone

from masterclasses.models import Audience, Format
from tests.factories import MasterclassPageFactory, SessionFactory, place, topic


@pytest.fixture
def catalogue():
    wirral = MasterclassPageFactory(
        title="Alliances on the Wirral",
        summary="Building a provider alliance with the council.",
        place=place("wirral"),
        audience=Audience.COMMISSIONERS,
        format=Format.IN_PERSON,
        topics=[topic("collaborative-commissioning")],
    )
    SessionFactory(page=wirral)
    cornwall = MasterclassPageFactory(
        title="Assets in Cornwall",
        place=place("cornwall"),
        audience=Audience.BOTH,
        format=Format.ONLINE,
        topics=[topic("asset-based-approaches")],
    )
    SessionFactory(page=cornwall, online=True)
    past = MasterclassPageFactory(title="Last year's outcomes masterclass")
    SessionFactory(
        page=past,
        start=timezone.now() - timedelta(days=30),
        end=timezone.now() - timedelta(days=30) + timedelta(hours=2),
    )
    return {"wirral": wirral, "cornwall": cornwall, "past": past}
