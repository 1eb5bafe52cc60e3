"""An organisation's size band follows its income, on NCVO's bands, in the database itself."""

import pytest

from network.models import Organisation, SizeBand, size_band_for_income
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("income", "band"),
    [
        (None, ""),
        (0, SizeBand.MICRO),
        (9_999, SizeBand.MICRO),
        (10_000, SizeBand.SMALL),
        (99_999, SizeBand.SMALL),
        (100_000, SizeBand.MEDIUM),
        (999_999, SizeBand.MEDIUM),
        (1_000_000, SizeBand.LARGE),
        (250_000_000, SizeBand.LARGE),
    ],
)
def test_the_size_band_is_derived_from_income_at_the_band_edges(income, band):
    organisation = OrganisationFactory(annual_income=income)
    assert Organisation.objects.get(pk=organisation.pk).size_band == band
    assert size_band_for_income(income) == band


def test_the_band_follows_a_changed_income():
    organisation = OrganisationFactory(annual_income=5_000)
    Organisation.objects.filter(pk=organisation.pk).update(annual_income=2_000_000)
    assert Organisation.objects.get(pk=organisation.pk).size_band == SizeBand.LARGE
