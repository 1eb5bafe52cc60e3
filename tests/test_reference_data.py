"""Reference data made by migrations survives tests that flush the database."""

import pytest
from wagtail.models import Site

from masterclasses.models import HomePage
from network.models import Organisation, Place
from tests.factories import OrganisationFactory


@pytest.mark.parametrize("run", [1, 2])
@pytest.mark.django_db(transaction=True)
def test_every_transactional_test_starts_with_places_home_page_and_site(run):
    assert Place.objects.filter(slug="cornwall").exists()
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage
    # Data a test makes is still flushed afterwards: run 2 starts without run 1's trust.
    assert not Organisation.objects.filter(name="Flushed Trust").exists()
    OrganisationFactory(name="Flushed Trust")
